import type { Diagnostic } from "./diagnostic.js";
import type { LineIndex } from "./line-index.js";

const WIDTH = 100;

/** Shows non-printing characters so that the caret lines up with what the user sees. */
function visible(text: string): string {
  return text.replace(/[\t\r\x00-\x08\x0b-\x1f\x7f]/g, (c) => (c === "\t" ? " " : "\u00b7"));
}

/**
 * The line of a diagnostic with a caret line under its span, trimmed to about 100 columns
 * around the caret for long lines:
 *
 *   12 | http_requests_total{code="200} 1
 *      |                          ^^^^^^^
 */
export function codeFrame(index: LineIndex, d: Diagnostic): string {
  if (d.line > index.lineCount) return "";
  let text = index.lineText(d.line);
  let column = d.column - 1;
  const endColumn = d.endLine === d.line ? d.endColumn - 1 : text.length;
  let width = Math.max(1, Math.min(endColumn, text.length) - column);
  let prefix = "";
  if (text.length > WIDTH) {
    const start = Math.max(0, Math.min(column - 20, text.length - WIDTH));
    if (start > 0) prefix = "…";
    text = prefix + text.slice(start, start + WIDTH) + (start + WIDTH < text.length ? "…" : "");
    column = column - start + prefix.length;
    width = Math.min(width, WIDTH - (column - prefix.length));
  }
  const gutter = String(d.line);
  const pad = " ".repeat(gutter.length);
  return `${gutter} | ${visible(text)}\n${pad} | ${" ".repeat(Math.max(0, column))}${"^".repeat(Math.max(1, width))}`;
}
