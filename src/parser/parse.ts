import type { InputFormat } from "../diagnostics/codes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { LineIndex } from "../diagnostics/line-index.js";
import type { Reporter } from "../diagnostics/reporter.js";
import type { Target } from "../diagnostics/targets.js";
import type { MetricFamily } from "../model/types.js";
import { runFormatChecks } from "../validate/format/index.js";
import { LineReader } from "./line-reader.js";
import { invalidUtf8Offsets } from "./utf8.js";

export interface ParseOptions {
  /** `auto` (default): OpenMetrics when the text ends with a `# EOF` line, else Prometheus text. */
  format?: InputFormat | "auto";
  /** Whose verdict the diagnostics give (default `strict`). */
  target?: Target;
  /** Read well-formed lines with the hand-written reader (default true); false sends every line through the grammar. */
  fastPath?: boolean;
}

export interface ParseResult {
  format: InputFormat;
  /** Whether the format was detected (`auto`) rather than given. */
  formatDetected: boolean;
  target: Target;
  families: MetricFamily[];
  samples: number;
  diagnostics: Diagnostic[];
  /** False exactly when a diagnostic has severity `error` for the target. */
  valid: boolean;
  /** The text that was parsed (decoded, for byte input). */
  text: string;
  lines: LineIndex;
  /** Lines that a `# promtext-disable-next-line [rule-id…]` comment exempts from lint rules. */
  suppressions: ReadonlyMap<number, readonly string[] | "all">;
  /** Line and column (1-based) of an offset into `text`. */
  position(offset: number): { line: number; column: number; offset: number };
}

/** OpenMetrics when the text ends with a `# EOF` line (optionally followed by one line feed). */
export function detectFormat(text: string): InputFormat {
  const end = text.endsWith("\n") ? text.length - 1 : text.length;
  const start = text.lastIndexOf("\n", end - 1) + 1;
  return text.slice(start, end) === "# EOF" ? "openmetrics" : "prometheus";
}

const decoder = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });
const strictDecoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** The text of byte input, and whether it was valid UTF-8 (checked natively; the slow scan runs only on failure). */
function decode(bytes: Uint8Array): { text: string; valid: boolean } {
  try {
    return { text: strictDecoder.decode(bytes), valid: true };
  } catch {
    return { text: decoder.decode(bytes), valid: false };
  }
}

/**
 * Parses Prometheus text 0.0.4 or OpenMetrics 1.0 (with Prometheus 3 quoted names) into
 * metric families, with every problem found in one pass. Never throws on bad input.
 */
export function parse(input: string | Uint8Array, options: ParseOptions = {}): ParseResult {
  const decoded = typeof input === "string" ? { text: input, valid: true } : decode(input);
  const text = decoded.text;
  const requested = options.format ?? "auto";
  const format = requested === "auto" ? detectFormat(text) : requested;
  const target = options.target ?? "strict";

  const lines = new LineIndex(text);
  const reader = new LineReader(format, target, lines, options.fastPath ?? true);
  const { reporter, assembler } = reader;
  const length = text.length;
  reader.read(text, 0, 0, length);
  reader.finish(length, length === 0 || text.endsWith("\n") ? undefined : text.slice(text.lastIndexOf("\n") + 1));

  if (!decoded.valid && typeof input !== "string") reportInvalidUtf8(invalidUtf8At(input), reporter);
  runFormatChecks(assembler.families, { reporter, openMetrics: format === "openmetrics" });

  const diagnostics = reporter.diagnostics.sort((a, b) => a.offset - b.offset);
  const families = assembler.families.filter((f) => f.metrics.length > 0 || format === "openmetrics");
  return {
    format,
    formatDetected: requested === "auto",
    target,
    families,
    samples: assembler.sampleCount,
    diagnostics,
    valid: !diagnostics.some((d) => d.severity === "error"),
    text,
    lines,
    suppressions: assembler.suppressions,
    position: (offset: number) => lines.position(offset),
  };
}

/** Where in the decoded text each invalid UTF-8 byte is, and the byte. */
export interface InvalidByte {
  offset: number;
  byte: number;
}

/** The invalid bytes of `bytes` (at most 100), at their offsets in its decoded text plus `base`. */
export function invalidUtf8At(bytes: Uint8Array, base = 0): InvalidByte[] {
  return invalidUtf8Offsets(bytes).map((at) => ({ offset: base + decoder.decode(bytes.subarray(0, at)).length, byte: bytes[at] as number }));
}

/** Invalid UTF-8, judged by where it is: expfmt takes HELP text and comments as bytes. */
export function reportInvalidUtf8(invalid: readonly InvalidByte[], reporter: Reporter): void {
  for (const { offset, byte } of invalid) {
    const line = reporter.index.lineText(reporter.index.position(offset).line).replace(/^[ \t]+/, "");
    const code = !line.startsWith("#") ? "invalid-utf8" : /^#[ \t]*HELP[ \t]/.test(line) ? "invalid-utf8-in-help" : /^#[ \t]*TYPE[ \t]/.test(line) ? "invalid-utf8" : "invalid-utf8-in-comment";
    reporter.report(code, offset, 1, `invalid UTF-8 byte 0x${byte.toString(16).padStart(2, "0")}`);
  }
}
