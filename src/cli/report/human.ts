import { codeFrame } from "../../diagnostics/code-frame.js";
import { counted } from "./plural.js";
import { leftOutNote, severityCounts, type FileReport } from "./types.js";

export interface HumanOptions {
  color: boolean;
}

/** `text` in an ANSI colour or style (`code`), when colours are on. */
export const paint = (on: boolean, code: string) => (text: string) => (on ? `\u001b[${code}m${text}\u001b[0m` : text);

/**
 * `file:line:column severity message [code]`, the line with a caret under the problem, and a
 * summary per file: the picked format, counts, and the verdict for the target.
 */
export function* humanReport(reports: readonly FileReport[], { color }: HumanOptions): Generator<string> {
  const red = paint(color, "31");
  const yellow = paint(color, "33");
  const cyan = paint(color, "36");
  const dim = paint(color, "2");
  const bold = paint(color, "1");
  let errors = 0;
  let warnings = 0;
  for (const { file, result, source } of reports) {
    const formatNote = source
      ? `${result.format} (Content-Type: ${source.contentType ?? "none"}), HTTP ${source.status}, ${source.bytes.toLocaleString("en")} bytes in ${Math.round(source.durationMs)} ms`
      : result.formatDetected
        ? `${result.format} (detected)`
        : result.format;
    for (const d of result.diagnostics) {
      const label = d.severity === "error" ? red("error") : d.severity === "warning" ? yellow("warning") : cyan("info");
      yield `${bold(`${file}:${d.line}:${d.column}`)} ${label} ${d.message} ${dim(`[${d.code}]`)}\n`;
      const frame = codeFrame(result.lines, d);
      if (frame) yield `${dim(frame)}\n`;
      if (d.hint) yield `  hint: ${d.hint}\n`;
      yield "\n";
    }
    const { errors: e, warnings: w } = severityCounts(result);
    const leftOut = leftOutNote(result.leftOut);
    if (leftOut) yield `${bold(file)}: ${leftOut}\n`;
    errors += e;
    warnings += w;
    const verdict = result.valid ? paint(color, "32")("valid") : red("invalid");
    yield `${bold(file)}: ${verdict} for target ${result.target} — ${formatNote}, ${counted(result.familyCount, "family", "families")}, ${counted(result.samples, "sample")}, ${counted(e, "error")}, ${counted(w, "warning")}\n`;
  }
  if (reports.length > 1) yield `${reports.length} files: ${counted(errors, "error")}, ${counted(warnings, "warning")}\n`;
}

export function formatHuman(reports: readonly FileReport[], options: HumanOptions): string {
  return [...humanReport(reports, options)].join("");
}
