import { diff as diffFamilies } from "../diff/diff.js";
import { DIFF_ASPECTS, type DiffAspect, type DiffOptions } from "../diff/types.js";
import { parseByteSize } from "./byte-size.js";
import { oneOf, useColor } from "./common.js";
import { displayUrl } from "./display-url.js";
import { parseDuration } from "./duration.js";
import { resolveInputs, UsageError } from "./inputs.js";
import { writeFileOutput, writeStdout, type Output } from "./output.js";
import { readExposition, type Exposition, type ReadOptions } from "./read-exposition.js";
import { diffHumanReport } from "./report/diff-human.js";
import { diffJsonReport } from "./report/diff-json.js";
import type { DiffReport } from "./report/diff-lines.js";
import { diffMarkdownReport } from "./report/diff-markdown.js";
import { parseHeader } from "./scrape.js";

export interface DiffCommandOptions {
  after?: string;
  format: string;
  ignoreValues?: boolean;
  ignoreLabel?: string[];
  only?: string[];
  threshold?: string;
  strict?: boolean;
  interval?: string;
  timeout: string;
  header?: string[];
  maxBytes?: string;
  output?: string;
  color?: boolean;
}

export const DIFF_FORMATS = ["human", "json", "markdown"];

/** `5%` or `0.05`: a fraction of the value before. */
function parseThreshold(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(%?)$/.exec(text.trim());
  if (!m) throw new UsageError(`--threshold takes a fraction such as 0.05 or a percentage such as 5%; got "${text}"`);
  return Number(m[1]) / (m[2] === "%" ? 100 : 1);
}

function parseOnly(values: readonly string[]): DiffAspect[] {
  const aspects = values.flatMap((v) => v.split(",")).map((v) => v.trim());
  for (const a of aspects) oneOf("--only", a, DIFF_ASPECTS);
  return aspects as DiffAspect[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The two inputs: two files, `-` or URLs, or one URL scraped twice (`--after`); and the seconds between two scrapes. */
async function readBoth(args: string[], options: DiffCommandOptions, read: Omit<ReadOptions, "name">): Promise<{ before: Exposition; after: Exposition; seconds?: number }> {
  const doing = "nothing compared";
  if (options.after !== undefined) {
    const url = args[0];
    if (args.length !== 1 || url === undefined || !/^https?:\/\//i.test(url)) throw new UsageError("--after scrapes one target twice: give one http(s):// URL");
    const waitMs = parseDuration(options.after, "--after");
    const first = performance.now();
    const before = await readExposition({ kind: "url", url }, { ...read, name: `${displayUrl(url)}#scrape-1` }, doing);
    // timers may fire a little early: the second scrape starts no sooner than asked
    for (let left = waitMs; left > 0; left = waitMs - (performance.now() - first)) await sleep(Math.ceil(left));
    const second = performance.now();
    const after = await readExposition({ kind: "url", url }, { ...read, name: `${displayUrl(url)}#scrape-2` }, doing);
    return { before, after, seconds: (second - first) / 1000 };
  }
  const specs = await resolveInputs(args);
  const [a, b] = specs;
  if (specs.length !== 2 || a === undefined || b === undefined) throw new UsageError(`diff compares two inputs (files, -, or URLs), or one URL with --after; got ${specs.length}`);
  return { before: await readExposition(a, read, doing), after: await readExposition(b, read, doing) };
}

/** `promtext diff A B`: what changed from A to B. Returns the exit code, as diff(1)'s: 0 no differences, 1 differences. */
export async function diff(args: string[], options: DiffCommandOptions): Promise<number> {
  oneOf("--format", options.format, DIFF_FORMATS);
  const diffOptions: DiffOptions = {
    ignoreValues: options.ignoreValues === true,
    ignoreLabels: options.ignoreLabel ?? [],
    strict: options.strict === true,
  };
  if (options.only !== undefined) diffOptions.only = parseOnly(options.only);
  if (options.threshold !== undefined) diffOptions.threshold = parseThreshold(options.threshold);
  const interval = options.interval === undefined ? undefined : parseDuration(options.interval, "--interval") / 1000;
  const read = {
    timeoutMs: parseDuration(options.timeout, "--timeout"),
    headers: Object.fromEntries((options.header ?? []).map(parseHeader)),
    keepText: false,
    ...(options.maxBytes !== undefined ? { maxBytes: parseByteSize(options.maxBytes, "--max-bytes") } : {}),
  };

  const { before, after, seconds } = await readBoth(args, options, read);
  const intervalSeconds = interval ?? seconds;
  if (intervalSeconds !== undefined) diffOptions.intervalSeconds = intervalSeconds;
  diffOptions.formats = { before: before.format, after: after.format };
  const changes = diffFamilies(before.families, after.families, diffOptions);

  const report: DiffReport = { before: { name: before.name, format: before.format }, after: { name: after.name, format: after.format }, changes };
  const exitCode = changes.equal ? 0 : 1;
  const output: Output =
    options.format === "json" ? diffJsonReport(report) : options.format === "markdown" ? diffMarkdownReport(report) : diffHumanReport(report, { color: useColor(options.color, options.output !== undefined) });
  if (options.output !== undefined) await writeFileOutput(options.output, output);
  else await writeStdout(output, { exitCode });
  return exitCode;
}
