import { TARGETS, type Target } from "../diagnostics/targets.js";
import type { ParseResult } from "../parser/parse.js";
import type { EscapingScheme } from "../serialize/escaping.js";
import { serialize, type OutputFormat } from "../serialize/serialize.js";
import { DEFAULT_MAX_BODY_BYTES } from "./byte-size.js";
import { oneOf } from "./common.js";
import { displayUrl } from "./display-url.js";
import { invalidBytesNote, outputFormat, readForFmt, writeForFmt, type FmtFrom, type FmtWriteOptions } from "./fmt-core.js";
import { givenOrStdin, readInput, resolveInputs, UsageError, type Input, type InputSpec } from "./inputs.js";
import { writeStderr, writeStdout } from "./output.js";
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
    const read = readForFmt(input.bytes, options.from as FmtFrom, options.target as Target | undefined);
    const { result } = read;
    if (read.refused) {
      await writeStderr(humanReport([{ file: input.name, result: linted(errorsOnly(result)) }], { color: false }));
      await writeStderr(`promtext fmt: ${input.name} does not parse; not rewritten\n`);
      exit = 1;
      continue;
    }
    const writing: FmtWriteOptions = {
      ...(options.to !== undefined ? { to: options.to as OutputFormat } : {}),
      sort: options.sort === true,
      lossless: options.lossless === true,
      ...(options.escaping !== undefined ? { escaping: options.escaping as EscapingScheme } : {}),
    };
    outputFormat(read, writing);
    if (oneDocument) {
      documentFamilies.push(...result.families);
      continue;
    }
    const out = writeForFmt(read, writing);
    const { to, output, unchanged, notes, flaw, strictFlaw } = out;
    await writeStderr(notes.map((note) => `promtext fmt: ${input.name}: ${note.family}: ${note.message}\n`));
    const bytesNote = invalidBytesNote(out);
    if (bytesNote !== undefined) await writeStderr(`promtext fmt: ${input.name}: ${bytesNote}\n`);
    const written = to === "openmetrics" ? "OpenMetrics" : "text 0.0.4";
    if (flaw !== undefined) {
      exit = 1;
      await writeStderr(`promtext fmt: ${input.name}: the ${written} written does not parse for target ${read.judgedFor}, at ${flaw}${options.write ? "; not rewritten" : ""}\n`);
      if (options.write) continue;
    } else if (strictFlaw !== undefined) {
      await writeStderr(`promtext fmt: ${input.name}: the ${written} written breaks the specification (target strict), at ${strictFlaw}\n`);
    }
    if (options.check) {
      if (!unchanged) {
        exit = 1;
        await writeStdout(`${input.name}\n`, { exitCode: exit });
      }
    } else if (options.write && spec.kind === "file") {
      if (!unchanged) {
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

/** A file or standard input read whole, or a URL's body (scraped as lint scrapes it, capped at 256 MiB). */
async function readSpec(spec: InputSpec): Promise<Input> {
  if (spec.kind !== "url") return readInput(spec.kind === "stdin" ? "-" : spec.path);
  const scrape = await openScrape(spec.url, { timeoutMs: 10_000, headers: {}, maxBytes: DEFAULT_MAX_BODY_BYTES });
  const chunks: Uint8Array[] = [];
  for await (const chunk of scrape.body) chunks.push(chunk);
  return { name: displayUrl(spec.url), bytes: Buffer.concat(chunks) };
}

function errorsOnly(result: ParseResult): ParseResult {
  return { ...result, diagnostics: result.diagnostics.filter((d) => d.severity === "error") };
}
