import type { InputFormat } from "../diagnostics/codes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { lint, lintStream, type LintOptions } from "../lint/lint.js";
import type { InputStream } from "./inputs.js";
import { withBoundedHeap } from "./memory.js";
import { withShortRunTiering } from "./tiering.js";
import { writeStderr } from "./output.js";
import { countInto, linted, NOTHING_LEFT_OUT, type FileReport } from "./report/types.js";

/**
 * Lints an input as it is read: past 8 MiB its text is never held whole, and of its diagnostics
 * the first `cap` are kept for the report, the rest counted. Memory follows the largest family
 * and the number of families (see lintStream), not the size of the input.
 */
export async function lintStreamed(input: InputStream, options: (format: InputFormat | "auto") => LintOptions, requested: InputFormat | "auto", cap: number): Promise<FileReport> {
  // an input that ends within WHOLE is linted whole: the same findings (test/cli-stream.test.ts), sooner
  const chunks = input.chunks[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let headBytes = 0;
  for (;;) {
    if (headBytes > WHOLE) return lintStreamOf(input.name, resumed(head, chunks), options, requested, input.detected, cap);
    const next = await chunks.next();
    if (next.done) break;
    head.push(next.value);
    headBytes += next.value.length;
  }
  return { file: input.name, result: linted(withShortRunTiering(headBytes, () => lint(Buffer.concat(head), options(requested))), cap) };
}

/** Inputs up to this many bytes are read whole before they are linted. */
const WHOLE = 8 * 1024 * 1024;

async function* resumed<T>(head: T[], rest: AsyncIterator<T>): AsyncGenerator<T> {
  yield* head;
  head.length = 0;
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
}

async function lintStreamOf(name: string, chunks: AsyncIterable<Uint8Array>, options: (format: InputFormat | "auto") => LintOptions, requested: InputFormat | "auto", detected: InputFormat | undefined, cap: number): Promise<FileReport> {
  const format = requested !== "auto" ? requested : (detected ?? "auto");
  const stream = lintStream(withBoundedHeap(chunks), options(format));
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
      `promtext: ${name}: read as ${guessed.guess === "openmetrics" ? "OpenMetrics" : "Prometheus text"} (${guessed.reason}), but it ${guessed.endsWithEof ? "ends" : "does not end"} with a # EOF line; give --input-format ${guessed.endsWithEof ? "openmetrics" : "prometheus"} to read it so\n`,
    );
  }
  return {
    file: name,
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
