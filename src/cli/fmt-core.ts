import type { InputFormat } from "../diagnostics/codes.js";
import type { Target } from "../diagnostics/targets.js";
import { parseJson } from "../parser/from-json.js";
import { parse, type ParseResult } from "../parser/parse.js";
import type { EscapingScheme } from "../serialize/escaping.js";
import { serialize, type ConversionNote, type OutputFormat } from "../serialize/serialize.js";
import { decodeKeepingBytes, encodeKeepingBytes } from "./raw-bytes.js";
import { UsageError } from "./usage-error.js";

/**
 * What `promtext fmt` decides for one input, without its I/O: how the input is read, whether it
 * is refused, and the text written. The playground (src/playground) converts through these too,
 * so what it shows is fmt's output byte for byte. Nothing here touches Node's modules.
 */

/** `--from`: json is prom2json's shape; auto also tells JSON by its opening `[`. */
export type FmtFrom = InputFormat | "auto" | "json";

export interface FmtRead {
  /** `json` when the input was read as prom2json's JSON, else what `--from` said (`auto` included). */
  from: FmtFrom;
  result: ParseResult;
  /** Whose errors refuse the input: the target given, else Prometheus, or expfmt (promtool) for an input Prometheus refuses and expfmt takes. */
  judgedFor: Target;
  /** An error for `judgedFor`: the input is not rewritten. */
  refused: boolean;
  /** The input as given. */
  input: string | Uint8Array;
}

/** Reads one input as fmt does: `target` is `--target`, undefined when none was given. */
export function readForFmt(input: string | Uint8Array, fromOption: FmtFrom, target: Target | undefined): FmtRead {
  const from = fromOption === "auto" && looksLikeJson(input) ? "json" : fromOption;
  const judging = target ?? "prometheus";
  const result = from === "json" ? parseJson(input, { target: judging }) : parse(input, { format: from, target: judging });
  // unless told whose verdict counts, an input that Prometheus refuses but expfmt (the Go encoders' own reader) takes has a model to write
  const judgedFor: Target = !result.valid && target === undefined && !result.diagnostics.some((d) => d.rejectedBy.includes("promtool")) ? "promtool" : judging;
  return { from, result, judgedFor, refused: result.diagnostics.some((d) => d.rejectedBy.includes(judgedFor)), input };
}

export interface FmtWriteOptions {
  /** `--to`; default the input's format, text 0.0.4 for JSON. */
  to?: OutputFormat;
  sort?: boolean;
  lossless?: boolean;
  escaping?: EscapingScheme;
}

export interface FmtWritten {
  to: OutputFormat;
  text: string;
  /** What is written: `text`, or its bytes with the input's invalid UTF-8 put back (see `keptBytes`). */
  output: string | Uint8Array;
  /** Whether the output is the input as it was. */
  unchanged: boolean;
  /** What the output format cannot hold, family by family. */
  notes: ConversionNote[];
  /** Invalid UTF-8 sequences of the input. */
  invalidBytes: number;
  /**
   * Whether they are written as the bytes they were, as the Go encoders write the HELP text that
   * expfmt read (text and OpenMetrics output of an exposition); else as U+FFFD (JSON, as Go's
   * encoding/json writes them).
   */
  keptBytes: boolean;
  /** Where the output fails promtext's own parser for `judgedFor` (`line L column C: message [code]`): fmt exits 1. */
  flaw?: string;
  /** Where it breaks the specification (target strict) only: fmt says so and writes it. */
  strictFlaw?: string;
}

/** The format fmt writes an input in. Throws UsageError for `--lossless` with a conversion or `--escaping`. */
export function outputFormat({ from, result }: FmtRead, options: FmtWriteOptions): OutputFormat {
  const to = options.to ?? (from === "json" ? "prometheus" : result.format);
  if (options.lossless && (to !== result.format || from === "json")) throw new UsageError(`--lossless keeps the input's format (${result.format}); it cannot convert to ${to}`);
  if (options.lossless && options.escaping !== undefined) throw new UsageError("--lossless keeps names as written; it cannot apply --escaping");
  return to;
}

/** The text fmt writes for an input it read (and did not refuse). Throws UsageError for `--lossless` with a conversion or `--escaping`. */
export function writeForFmt(read: FmtRead, options: FmtWriteOptions): FmtWritten {
  const { result, judgedFor } = read;
  const to = outputFormat(read, options);
  const invalidBytes = result.diagnostics.filter((d) => d.code.startsWith("invalid-utf8")).length;
  const keptBytes = invalidBytes > 0 && to !== "json" && read.from !== "json" && typeof read.input !== "string";
  // the verdict came from the bytes; the model written keeps each invalid byte as a lone surrogate (see raw-bytes.ts)
  const model = keptBytes ? parse(decodeKeepingBytes(read.input as Uint8Array), { format: result.format, target: result.target }) : result;
  const { text, notes } = serialize(model.families, {
    format: to,
    sort: options.sort === true,
    ...(options.lossless ? { lossless: model } : {}),
    ...(options.escaping !== undefined ? { escaping: options.escaping } : {}),
  });
  const output = keptBytes ? encodeKeepingBytes(text) : text;
  // what promtext itself would reject in its own output: for the target, the output is refused; else said
  const flaw = to === "json" ? undefined : flawIn(text, to, judgedFor);
  const strictFlaw = to === "json" || flaw !== undefined || judgedFor === "strict" ? undefined : flawIn(text, to, "strict");
  return { to, text, output, unchanged: text === model.text, notes, invalidBytes, keptBytes, ...(flaw !== undefined ? { flaw } : {}), ...(strictFlaw !== undefined ? { strictFlaw } : {}) };
}

/** What fmt says of the input's invalid UTF-8 (`an invalid UTF-8 sequence is written as it was`), or undefined when it has none. */
export function invalidBytesNote({ invalidBytes, keptBytes }: FmtWritten): string | undefined {
  if (invalidBytes === 0) return undefined;
  const one = invalidBytes === 1;
  const what = one ? "an invalid UTF-8 sequence is" : `${invalidBytes} invalid UTF-8 sequences are`;
  return `${what} written ${keptBytes ? (one ? "as it was" : "as they were") : "as U+FFFD"}`;
}

/**
 * What makes a conversion's output fail promtext's own parser (names that clash once the target
 * format's suffixes apply, say), as `line L column C: message [code] (and N more)`; undefined if none.
 */
function flawIn(text: string, format: OutputFormat & InputFormat, target: Target): string | undefined {
  const errors = parse(text, { format, target }).diagnostics.filter((d) => d.severity === "error");
  const first = errors[0];
  if (first === undefined) return undefined;
  return `line ${first.line} column ${first.column}: ${first.message} [${first.code}]${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ""}`;
}

/** prom2json's output, a JSON array: no exposition line begins with `[`. */
export function looksLikeJson(input: string | Uint8Array): boolean {
  for (let i = 0; i < input.length; i++) {
    const c = typeof input === "string" ? input.charCodeAt(i) : (input[i] as number);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) continue;
    return c === 0x5b;
  }
  return false;
}
