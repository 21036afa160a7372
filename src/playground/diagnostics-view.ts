import type { Diagnostic, ParseResult, Severity } from "../index.js";
import { count, el } from "./dom.js";

/** Rows of the list at most; the rest are counted (as `promtext lint --max-diagnostics` does). */
export const LIST_LIMIT = 1000;
/** Inputs longer than this many lines show only the lines with a diagnostic, and two either side. */
export const FULL_LISTING_LINES = 5000;
/** Characters of a line shown; a longer line is cut there. */
const LINE_CHARS = 4000;
const CONTEXT = 2;

const RANK: Record<Severity, number> = { info: 1, warning: 2, error: 3 };

export interface DiagnosticsParts {
  rows: HTMLTableSectionElement;
  more: HTMLElement;
  listing: HTMLElement;
}

/**
 * The list (line:column, severity, code, message; a click calls `pick`) and the input line by
 * line with line numbers, each diagnostic's span marked and its message under its line.
 */
export function renderDiagnostics(result: ParseResult, parts: DiagnosticsParts, pick: (d: Diagnostic) => void): void {
  const shown = result.diagnostics.slice(0, LIST_LIMIT);
  parts.rows.replaceChildren(...shown.map((d) => listRow(d, pick)));
  const left = result.diagnostics.length - shown.length;
  parts.more.hidden = left === 0;
  parts.more.textContent = left === 0 ? "" : `… and ${count(left, "more diagnostic")}, not listed`;
  parts.listing.replaceChildren(...listing(result, shown));
}

function listRow(d: Diagnostic, pick: (d: Diagnostic) => void): HTMLTableRowElement {
  const row = el(
    "tr",
    { className: `sev-${d.severity}`, data: { line: String(d.line), column: String(d.column), code: d.code, severity: d.severity }, attrs: { tabindex: "0" } },
    el("td", { className: "at" }, `${d.line}:${d.column}`),
    el("td", {}, el("span", { className: "badge" }, d.severity)),
    el("td", { className: "code" }, d.code),
    el("td", {}, d.message, ...(d.hint ? [el("div", { className: "hint" }, d.hint)] : [])),
  );
  row.addEventListener("click", () => pick(d));
  row.addEventListener("keydown", (event) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      pick(d);
    }
  });
  return row;
}

/** The lines to show: all of them, or for a long input those near a diagnostic. The last, empty line after a final line feed only when a diagnostic is on it. */
function linesShown(result: ParseResult, diagnostics: readonly Diagnostic[]): number[] {
  let last = result.lines.lineCount;
  if (last > 1 && result.lines.lineText(last) === "" && !diagnostics.some((d) => d.line === last)) last--;
  if (last <= FULL_LISTING_LINES) return Array.from({ length: last }, (_, i) => i + 1);
  const wanted = new Set<number>();
  for (const d of diagnostics) for (let n = Math.max(1, d.line - CONTEXT); n <= Math.min(last, d.line + CONTEXT); n++) wanted.add(n);
  return [...wanted].sort((a, b) => a - b);
}

function* listing(result: ParseResult, diagnostics: readonly Diagnostic[]): Generator<HTMLElement> {
  const byLine = new Map<number, Diagnostic[]>();
  for (const d of diagnostics) byLine.set(d.line, [...(byLine.get(d.line) ?? []), d]);
  let previous = 0;
  for (const n of linesShown(result, diagnostics)) {
    if (n > previous + 1) yield el("div", { className: "gap" }, `⋯ ${count(n - previous - 1, "line")}`);
    previous = n;
    const here = byLine.get(n) ?? [];
    const worst = here.reduce<Severity | undefined>((w, d) => (w === undefined || RANK[d.severity] > RANK[w] ? d.severity : w), undefined);
    yield el("div", { className: worst ? `line sev-${worst}` : "line", data: { line: String(n) } }, el("span", { className: "ln" }, String(n)), el("span", { className: "text" }, ...marked(result.lines.lineText(n), n, here)));
    for (const d of here) {
      // under its column (at most 60 in: a long line's message still starts in view), wrapped to the listing's width
      const note = el("span", { className: "text" }, "^ ", el("b", {}, d.severity), ` ${d.message} `, el("span", { className: "code" }, `[${d.code}]`));
      note.style.setProperty("--column", String(Math.min(d.column - 1, 60)));
      yield el("div", { className: `msg sev-${d.severity}`, data: { line: String(n) } }, el("span", { className: "ln" }), note);
    }
  }
}

/** A line's text with each diagnostic's span in a <mark> of its severity (the worst where spans overlap); an empty span is a caret. */
function marked(full: string, line: number, diagnostics: readonly Diagnostic[]): (Node | string)[] {
  const text = full.length > LINE_CHARS ? full.slice(0, LINE_CHARS) : full;
  const spans = diagnostics.map((d) => {
    const start = Math.min(d.column - 1, text.length);
    const end = d.endLine === line ? Math.min(Math.max(d.endColumn - 1, start), text.length) : text.length;
    return { start, end, severity: d.severity };
  });
  const cuts = [...new Set([0, text.length, ...spans.flatMap((s) => [s.start, s.end])])].sort((a, b) => a - b);
  const out: (Node | string)[] = [];
  for (let i = 0; i < cuts.length; i++) {
    const at = cuts[i] as number;
    for (const s of spans) if (s.start === at && s.end === at) out.push(el("span", { className: `caret sev-${s.severity}`, attrs: { title: "here" } }));
    const next = cuts[i + 1];
    if (next === undefined) break;
    const piece = text.slice(at, next);
    const covering = spans.filter((s) => s.start <= at && s.end >= next && s.end > s.start);
    const worst = covering.reduce<Severity | undefined>((w, s) => (w === undefined || RANK[s.severity] > RANK[w] ? s.severity : w), undefined);
    out.push(worst ? el("mark", { className: `sev-${worst}` }, piece) : piece);
  }
  if (full.length > text.length) out.push(el("span", { className: "cut" }, ` … (${count(full.length - text.length, "more character")})`));
  return out;
}
