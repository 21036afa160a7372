import type { InputFormat } from "../diagnostics/codes.js";
import { TARGETS, type Target } from "../diagnostics/targets.js";
import { parseJson } from "../parser/from-json.js";
import { parse, type ParseResult } from "../parser/parse.js";
import type { EscapingScheme } from "../serialize/escaping.js";
import { serialize, type OutputFormat } from "../serialize/serialize.js";
import { DEFAULT_MAX_BODY_BYTES } from "./byte-size.js";
import { oneOf } from "./common.js";
import { displayUrl } from "./display-url.js";
import { givenOrStdin, readInput, resolveInputs, UsageError, type Input, type InputSpec } from "./inputs.js";
import { writeStderr, writeStdout } from "./output.js";
import { decodeKeepingBytes, encodeKeepingBytes } from "./raw-bytes.js";
import { replaceFile } from "./replace-file.js";
import { humanReport } from "./report/human.js";
import { linted } from "./report/types.js";
import { openScrape } from "./scrape.js";

export interface FmtCommandOptions {
  to?: string;
  escaping?: string;
  from: string;
  lossless?: boolean;
  sort?: boolean;
  write?: boolean;
  check?: boolean;
  target?: string;
}

const FROM = ["auto", "prometheus", "openmetrics", "json"];
const TO = ["prometheus", "openmetrics", "json"];

/**
 * Rewrites each input in canonical form (or losslessly), to stdout, back to the file (-w), or
 * only checks it (--check). A file that does not parse is left alone: its errors go to stderr.
 * Returns the exit code.
 */
export async function fmt(args: string[], options: FmtCommandOptions): Promise<number> {
  oneOf("--from", options.from, FROM);
  if (options.to !== undefined) oneOf("--to", options.to, TO);
  if (options.target !== undefined) oneOf("--target", options.target, TARGETS);
  const target = (options.target ?? "prometheus") as Target;
  const inputs = givenOrStdin(args);
  if (options.write && options.check) throw new UsageError("--write and --check exclude each other");
  const specs = await resolveInputs(inputs);
  if (options.write && specs.some((s) => s.kind !== "file")) throw new UsageError("--write writes back to files only, not to standard input or a URL");
  let exit = 0;
  // JSON of several inputs to stdout is one document: their families in input order
  const oneDocument = options.to === "json" && specs.length > 1 && !options.write && !options.check;
  const documentFamilies: ParseResult["families"] = [];
  for (const spec of specs) {
    const input = await readSpec(spec);
    const from = options.from === "auto" && looksLikeJson(input.bytes) ? "json" : options.from;
    const result = from === "json" ? parseJson(input.bytes, { target }) : parse(input.bytes, { format: from as InputFormat | "auto", target });
    // unless told whose verdict counts, an input that Prometheus refuses but expfmt (the Go encoders' own reader) takes has a model to write
    const judgedFor: Target = !result.valid && options.target === undefined && !result.diagnostics.some((d) => d.rejectedBy.includes("promtool")) ? "promtool" : target;
    if (result.diagnostics.some((d) => d.rejectedBy.includes(judgedFor))) {
      await writeStderr(humanReport([{ file: input.name, result: linted(errorsOnly(result)) }], { color: false }));
      await writeStderr(`promtext fmt: ${input.name} does not parse; not rewritten\n`);
      exit = 1;
      continue;
    }
    const to = (options.to ?? (from === "json" ? "prometheus" : result.format)) as OutputFormat;
    if (options.lossless && (to !== result.format || from === "json")) throw new UsageError(`--lossless keeps the input's format (${result.format}); it cannot convert to ${to}`);
    if (options.lossless && options.escaping !== undefined) throw new UsageError("--lossless keeps names as written; it cannot apply --escaping");
    if (oneDocument) {
      documentFamilies.push(...result.families);
      continue;
    }
    // invalid UTF-8 (in HELP, which expfmt takes) is written back byte for byte, as the Go encoders write it; JSON has U+FFFD, as Go's encoding/json writes
    const invalidBytes = result.diagnostics.filter((d) => d.code.startsWith("invalid-utf8")).length;
    const keepBytes = invalidBytes > 0 && to !== "json" && from !== "json";
    const model = keepBytes ? parse(decodeKeepingBytes(input.bytes), { format: result.format, target }) : result;
    const { text, notes } = serialize(model.families, {
      format: to,
      sort: options.sort === true,
      ...(options.lossless ? { lossless: model } : {}),
      ...(options.escaping !== undefined ? { escaping: options.escaping as EscapingScheme } : {}),
    });
    await writeStderr(notes.map((note) => `promtext fmt: ${input.name}: ${note.family}: ${note.message}\n`));
    if (invalidBytes > 0) {
      const one = invalidBytes === 1;
      const what = one ? "an invalid UTF-8 sequence is" : `${invalidBytes} invalid UTF-8 sequences are`;
      await writeStderr(`promtext fmt: ${input.name}: ${what} written ${keepBytes ? (one ? "as it was" : "as they were") : "as U+FFFD"}\n`);
    }
    const output = keepBytes ? encodeKeepingBytes(text) : text;
    // what promtext itself would reject in its own output: for the target, the output is refused; else said
    const flaw = to === "json" ? undefined : flawIn(text, to, judgedFor);
    const strictFlaw = to === "json" || flaw !== undefined || judgedFor === "strict" ? undefined : flawIn(text, to, "strict");
    const written = to === "openmetrics" ? "OpenMetrics" : "text 0.0.4";
    if (flaw !== undefined) {
      exit = 1;
      await writeStderr(`promtext fmt: ${input.name}: the ${written} written does not parse for target ${judgedFor}, at ${flaw}${options.write ? "; not rewritten" : ""}\n`);
      if (options.write) continue;
    } else if (strictFlaw !== undefined) {
      await writeStderr(`promtext fmt: ${input.name}: the ${written} written breaks the specification (target strict), at ${strictFlaw}\n`);
    }
    if (options.check) {
      if (text !== model.text) {
        exit = 1;
        await writeStdout(`${input.name}\n`, { exitCode: exit });
      }
    } else if (options.write && spec.kind === "file") {
      if (text !== model.text) {
        await replaceFile(spec.path, output);
        await writeStderr(`promtext fmt: wrote ${spec.path}\n`);
      }
    } else {
      await writeStdout(output, { exitCode: exit });
    }
  }
  if (oneDocument) {
    const { text, notes } = serialize(documentFamilies, { format: "json", sort: options.sort === true, ...(options.escaping !== undefined ? { escaping: options.escaping as EscapingScheme } : {}) });
    await writeStderr(notes.map((note) => `promtext fmt: ${note.family}: ${note.message}\n`));
    await writeStdout(text, { exitCode: exit });
  }
  if (options.check && exit === 1) await writeStderr("promtext fmt: the files above are not in canonical form (run promtext fmt -w)\n");
  return exit;
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

/** A file or standard input read whole, or a URL's body (scraped as lint scrapes it, capped at 256 MiB). */
async function readSpec(spec: InputSpec): Promise<Input> {
  if (spec.kind !== "url") return readInput(spec.kind === "stdin" ? "-" : spec.path);
  const scrape = await openScrape(spec.url, { timeoutMs: 10_000, headers: {}, maxBytes: DEFAULT_MAX_BODY_BYTES });
  const chunks: Uint8Array[] = [];
  for await (const chunk of scrape.body) chunks.push(chunk);
  return { name: displayUrl(spec.url), bytes: Buffer.concat(chunks) };
}

/** prom2json's output, a JSON array: no exposition line begins with `[`. */
function looksLikeJson(bytes: Uint8Array): boolean {
  for (const b of bytes) {
    if (b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d) continue;
    return b === 0x5b;
  }
  return false;
}

function errorsOnly(result: ParseResult): ParseResult {
  return { ...result, diagnostics: result.diagnostics.filter((d) => d.severity === "error") };
}
