import { stats as statsOf } from "../stats/stats.js";
import { parseByteSize } from "./byte-size.js";
import { oneOf, useColor } from "./common.js";
import { parseDuration } from "./duration.js";
import { resolveInputs, UsageError } from "./inputs.js";
import { writeStdout } from "./output.js";
import { readExposition } from "./read-exposition.js";
import { statsHumanReport, statsJsonReport } from "./report/stats-human.js";
import { parseHeader } from "./scrape.js";

export interface StatsCommandOptions {
  top: string;
  format: string;
  timeout: string;
  header?: string[];
  maxBytes?: string;
  color?: boolean;
}

export const STATS_FORMATS = ["human", "json"];

/** `promtext stats FILE|URL`: the payload at a glance. Returns 0; an input that does not parse is exit 2. */
export async function stats(arg: string, options: StatsCommandOptions): Promise<number> {
  oneOf("--format", options.format, STATS_FORMATS);
  const top = Number(options.top);
  if (!Number.isInteger(top) || top < 0) throw new UsageError(`--top takes a whole number ≥ 0 (0: all); got "${options.top}"`);
  const specs = await resolveInputs([arg]);
  const [spec] = specs;
  if (specs.length !== 1 || spec === undefined) throw new UsageError(`stats reads one input; ${arg} matches ${specs.length} files`);
  const input = await readExposition(
    spec,
    {
      timeoutMs: parseDuration(options.timeout, "--timeout"),
      headers: Object.fromEntries((options.header ?? []).map(parseHeader)),
      keepText: true,
      ...(options.maxBytes !== undefined ? { maxBytes: parseByteSize(options.maxBytes, "--max-bytes") } : {}),
    },
    "nothing counted",
  );
  const report = { name: input.name, format: input.format, stats: statsOf(input.families, input.text === undefined ? {} : { text: input.text }), top };
  await writeStdout(options.format === "json" ? statsJsonReport(report) : statsHumanReport(report, { color: useColor(options.color, false) }));
  return 0;
}
