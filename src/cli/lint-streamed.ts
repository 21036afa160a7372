import type { InputFormat } from "../diagnostics/codes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { lintStream, type LintOptions } from "../lint/lint.js";
import type { InputStream } from "./inputs.js";
import { withBoundedHeap } from "./memory.js";
import { writeStderr } from "./output.js";
import { countInto, NOTHING_LEFT_OUT, type FileReport } from "./report/types.js";

/**
 * Lints an input as it is read: its text is never held whole, and of its diagnostics the first
 * `cap` are kept for the report, the rest counted. Memory follows the largest family and the
 * number of families (see lintStream), not the size of the input.
 */
export async function lintStreamed(input: InputStream, options: (format: InputFormat | "auto") => LintOptions, requested: InputFormat | "auto", cap: number): Promise<FileReport> {
  const format = requested !== "auto" ? requested : (input.detected ?? "auto");
  const stream = lintStream(withBoundedHeap(input.chunks), options(format));
  const kept: Diagnostic[] = [];
  const leftOut = { ...NOTHING_LEFT_OUT };
  for await (const event of stream) {
    if (event.type !== "diagnostic") continue;
    if (kept.length < cap) kept.push(event.diagnostic);
    else countInto(leftOut, event.diagnostic);
  }
  kept.sort((a, b) => a.offset - b.offset || a.code.localeCompare(b.code));
  const summary = stream.summary!;
  const guessed = summary.formatGuessed;
  if (guessed && guessed.endsWithEof !== (guessed.guess === "openmetrics")) {
    await writeStderr(
      `promtext: ${input.name}: read as ${guessed.guess === "openmetrics" ? "OpenMetrics" : "Prometheus text"} (${guessed.reason}), but it ${guessed.endsWithEof ? "ends" : "does not end"} with a # EOF line; give --input-format ${guessed.endsWithEof ? "openmetrics" : "prometheus"} to read it so\n`,
    );
  }
  return {
    file: input.name,
    result: {
      format: summary.format,
      formatDetected: requested === "auto",
      target: summary.target,
      valid: summary.valid,
      diagnostics: kept,
      leftOut,
      familyCount: summary.families,
      samples: summary.samples,
      lines: stream.frameLines(),
    },
  };
}
