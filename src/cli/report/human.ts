import { codeFrame } from "../../diagnostics/code-frame.js";
import type { FileReport } from "./types.js";

export interface HumanOptions {
  color: boolean;
}

const paint = (on: boolean, code: string) => (text: string) => (on ? `\u001b[${code}m${text}\u001b[0m` : text);

/**
 * `file:line:column severity message [code]`, the line with a caret under the problem, and a
 * summary per file: the picked format, counts, and the verdict for the target.
 */
export function formatHuman(reports: readonly FileReport[], { color }: HumanOptions): string {
  const red = paint(color, "31");
  const yellow = paint(color, "33");
  const cyan = paint(color, "36");
  const dim = paint(color, "2");
  const bold = paint(color, "1");
  const out: string[] = [];
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
      out.push(`${bold(`${file}:${d.line}:${d.column}`)} ${label} ${d.message} ${dim(`[${d.code}]`)}`);
      const frame = codeFrame(result.lines, d);
      if (frame) out.push(dim(frame));
      if (d.hint) out.push(`  hint: ${d.hint}`);
      out.push("");
    }
    const e = result.diagnostics.filter((d) => d.severity === "error").length;
    const w = result.diagnostics.filter((d) => d.severity === "warning").length;
    errors += e;
    warnings += w;
    const verdict = result.valid ? paint(color, "32")("valid") : red("invalid");
    out.push(
      `${bold(file)}: ${verdict} for target ${result.target} — ${formatNote}, ${result.families.length} families, ${result.samples} samples, ${e} errors, ${w} warnings`,
    );
  }
  if (reports.length > 1) out.push(`${reports.length} files: ${errors} errors, ${warnings} warnings`);
  return `${out.join("\n")}\n`;
}
