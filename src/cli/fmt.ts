import type { InputFormat } from "../diagnostics/codes.js";
import { parseJson } from "../parser/from-json.js";
import { parse, type ParseResult } from "../parser/parse.js";
import type { EscapingScheme } from "../serialize/escaping.js";
import { serialize, type OutputFormat } from "../serialize/serialize.js";
import { readInput, UsageError } from "./inputs.js";
import { writeStderr, writeStdout } from "./output.js";
import { replaceFile } from "./replace-file.js";
import { humanReport } from "./report/human.js";
import { linted } from "./report/types.js";

export interface FmtCommandOptions {
  to?: string;
  escaping?: string;
  from: string;
  lossless?: boolean;
  sort?: boolean;
  write?: boolean;
  check?: boolean;
}

const FROM = ["auto", "prometheus", "openmetrics", "json"];
const TO = ["prometheus", "openmetrics", "json"];

/**
 * Rewrites each input in canonical form (or losslessly), to stdout, back to the file (-w), or
 * only checks it (--check). A file that does not parse is left alone: its errors go to stderr.
 * Returns the exit code.
 */
export async function fmt(paths: string[], options: FmtCommandOptions): Promise<number> {
  if (!FROM.includes(options.from)) throw new UsageError(`--from must be one of ${FROM.join(", ")}; got "${options.from}"`);
  if (options.to !== undefined && !TO.includes(options.to)) throw new UsageError(`--to must be one of ${TO.join(", ")}; got "${options.to}"`);
  if (paths.length === 0) throw new UsageError("no input: give one or more files, or - for standard input");
  if (options.write && paths.includes("-")) throw new UsageError("--write cannot write back to standard input");
  if (options.write && options.check) throw new UsageError("--write and --check exclude each other");
  let exit = 0;
  for (const path of paths) {
    const input = await readInput(path);
    const result =
      options.from === "json" ? parseJson(input.bytes, { target: "prometheus" }) : parse(input.bytes, { format: options.from as InputFormat | "auto", target: "prometheus" });
    if (!result.valid) {
      await writeStderr(humanReport([{ file: input.name, result: linted(errorsOnly(result)) }], { color: false }));
      await writeStderr(`promtext fmt: ${input.name} does not parse; not rewritten\n`);
      exit = 1;
      continue;
    }
    const to = (options.to ?? (options.from === "json" ? "json" : result.format)) as OutputFormat;
    if (options.lossless && (to !== result.format || options.from === "json")) throw new UsageError(`--lossless keeps the input's format (${result.format}); it cannot convert to ${to}`);
    if (options.lossless && options.escaping !== undefined) throw new UsageError("--lossless keeps names as written; it cannot apply --escaping");
    const { text, notes } = serialize(result.families, {
      format: to,
      sort: options.sort === true,
      ...(options.lossless ? { lossless: result } : {}),
      ...(options.escaping !== undefined ? { escaping: options.escaping as EscapingScheme } : {}),
    });
    await writeStderr(notes.map((note) => `promtext fmt: ${input.name}: ${note.family}: ${note.message}\n`));
    if (options.check) {
      if (text !== result.text) {
        exit = 1;
        await writeStdout(`${input.name}\n`, { exitCode: exit });
      }
    } else if (options.write) {
      if (text !== result.text) await replaceFile(path, text);
    } else {
      await writeStdout(text, { exitCode: exit });
    }
  }
  if (options.check && exit === 1) await writeStderr("promtext fmt: the files above are not in canonical form (run promtext fmt -w)\n");
  return exit;
}

function errorsOnly(result: ParseResult): ParseResult {
  return { ...result, diagnostics: result.diagnostics.filter((d) => d.severity === "error") };
}
