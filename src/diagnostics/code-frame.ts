import type { Diagnostic } from "./diagnostic.js";
import type { Positions } from "./line-index.js";

/** The lines a code frame reads: a whole text's, or excerpts of a stream's (`excerptStart`: the 0-based column an excerpt begins at). */
export type FrameLines = Pick<Positions, "lineCount" | "lineText"> & { excerptStart?(line: number): number };

const WIDTH = 100;

/**
 * Shows non-printing characters (terminal escape sequences, bidirectional overrides among them)
 * as one dot each, so that the caret lines up with what the user sees and the input cannot
 * drive the terminal.
 */
function visible(text: string): string {
  return text.replace(/[\t\r\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => (c === "\t" ? " " : "\u00b7"));
}

/**
 * The line of a diagnostic with a caret line under its span, trimmed to about 100 columns
 * around the caret for long lines:
 *
 *   12 | http_requests_total{code="200} 1
 *      |                          ^^^^^^^
 */
export function codeFrame(index: FrameLines, d: Diagnostic): string {
  if (d.line > index.lineCount) return "";
  const from = index.excerptStart?.(d.line) ?? 0;
  const line = index.lineText(d.line);
  const column = d.column - 1 - from;
  if (column < 0 || column > line.length) return "";
  const endColumn = d.endLine === d.line ? d.endColumn - 1 - from : line.length;
  let width = Math.max(1, Math.min(endColumn, line.length) - column);
  const start = line.length > WIDTH ? Math.max(0, Math.min(column - 20, line.length - WIDTH)) : 0;
  const prefix = start > 0 || from > 0 ? "…" : "";
  const text = prefix + line.slice(start, start + WIDTH) + (start + WIDTH < line.length ? "…" : "");
  const caret = column - start + prefix.length;
  if (line.length > WIDTH) width = Math.min(width, WIDTH - (caret - prefix.length));
  const gutter = String(d.line);
  const pad = " ".repeat(gutter.length);
  return `${gutter} | ${visible(text)}\n${pad} | ${" ".repeat(Math.max(0, caret))}${"^".repeat(Math.max(1, width))}`;
}
