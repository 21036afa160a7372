import type { InputFormat } from "../../diagnostics/codes.js";
import type { ChangeSet, DiffSummary, FamilyDiff, LabelChange, LayoutChange, MetadataChange, SeriesLabels, ValueChange } from "../../diff/types.js";
import { formatGoFloat } from "../../serialize/float.js";
import { escapeString, formatLabelName, formatName, isLegacyMetricName } from "../../serialize/names.js";

/** What the diff reports show: the two inputs and their change set. */
export interface DiffReport {
  before: { name: string; format: InputFormat };
  after: { name: string; format: InputFormat };
  changes: ChangeSet;
}

/** Of each list of a family (series, labels, values), the human and markdown reports show this many; JSON has all. */
export const LIST_LIMIT = 10;

/** A line of a family's part of the report: `+` added, `-` removed, `~` changed, ` ` a note. */
export interface DiffLine {
  sign: "+" | "-" | "~" | " ";
  text: string;
  reset?: boolean;
}

/** A number for people: integers in full (`1700000030`, not Go's `1.70000003e+09`), others as short as they read back; `+Inf`, `NaN` as the format writes them. */
export function number(x: number): string {
  return Number.isFinite(x) ? String(x) : formatGoFloat(x);
}

export function signed(x: number): string {
  return x > 0 ? `+${number(x)}` : number(x);
}

function plural(n: number, word: string, words = `${word}s`): string {
  return `${n.toLocaleString("en")} ${n === 1 ? word : words}`;
}

/** `name{a="1",le="0.5"}` as the text format writes it; a name that is not a legacy name goes inside the braces. */
export function seriesText(name: string, labels: SeriesLabels, bound?: { name: string; value: number }): string {
  const parts = Object.entries(labels).map(([n, v]) => `${formatLabelName(n)}="${escapeString(v, true)}"`);
  if (bound) parts.push(`${bound.name}="${number(bound.value)}"`);
  if (!isLegacyMetricName(name)) return `{${[formatName(name), ...parts].join(",")}}`;
  return parts.length === 0 ? name : `${name}{${parts.join(",")}}`;
}

/** The sample a value change is of, as it is written: `x_bucket{…,le="0.5"}`, `x_sum{…}`, `x_created{…}`. */
export function sampleText(family: FamilyDiff, change: ValueChange): string {
  const base = family.type === "counter" ? family.name.replace(/_total$/, "") : family.type === "info" ? family.name.replace(/_info$/, "") : family.name;
  const name = change.sample === "value" || change.sample === "quantile" ? family.name : `${base}_${change.sample}`;
  const bound = change.bound === undefined ? undefined : { name: change.sample === "bucket" ? "le" : "quantile", value: change.bound };
  return seriesText(name, change.labels, bound);
}

function rateText(rate: number): string {
  return `${Number(rate.toPrecision(3))}/s`;
}

export function valueLine(family: FamilyDiff, change: ValueChange): DiffLine {
  const notes = [signed(change.delta)];
  if (change.reset) notes.unshift("reset");
  if (change.reset && change.increase !== undefined) notes[1] = `increase ${number(change.increase)}`;
  if (change.rate !== undefined) notes.push(rateText(change.rate));
  const before = change.beforeText ?? number(change.before);
  const after = change.afterText ?? number(change.after);
  const line: DiffLine = { sign: "~", text: `${sampleText(family, change)} ${before} → ${after} (${notes.join(", ")})` };
  if (change.reset) line.reset = true;
  return line;
}

function quoted(text: string | undefined): string {
  return text === undefined ? "(none)" : JSON.stringify(text);
}

export function metadataLine(m: MetadataChange): DiffLine {
  const show = m.field === "help" ? quoted : (x: string | undefined) => x ?? "(none)";
  return { sign: "~", text: `${m.field.toUpperCase()} ${show(m.before)} → ${show(m.after)}` };
}

function examples(values: readonly string[]): string {
  const shown = values.slice(0, 3).map((v) => JSON.stringify(v));
  return values.length > 3 ? `${shown.join(", ")} and ${values.length - 3} more` : shown.join(", ");
}

export function labelLine(l: LabelChange): DiffLine {
  const parts: string[] = [];
  if (l.added.length > 0) parts.push(`new ${examples(l.added)}`);
  if (l.removed.length > 0) parts.push(`gone ${examples(l.removed)}`);
  return { sign: "~", text: `label ${l.name}: ${l.before.toLocaleString("en")} → ${l.after.toLocaleString("en")} values (${parts.join("; ")})` };
}

function bounds(values: readonly number[]): string {
  return values.map(number).join(", ");
}

export function layoutLine(layout: LayoutChange): DiffLine {
  const what = layout.label === "le" ? "buckets" : "quantiles";
  const changed = [...layout.added.map((x) => `+${number(x)}`), ...layout.removed.map((x) => `-${number(x)}`)].join(" ");
  return { sign: "~", text: `${what} ${bounds(layout.before)} → ${bounds(layout.after)} (${changed}; ${plural(layout.series, "series", "series")})` };
}

/** `series 3 → 13 (+10 -0)`, and the count promtool gives where it differs (histograms, summaries). */
export function seriesCountText(f: FamilyDiff): string {
  const s = f.series;
  let text = `series ${s.before.toLocaleString("en")} → ${s.after.toLocaleString("en")}`;
  if (f.change === "changed" && (s.added.length > 0 || s.removed.length > 0)) text += ` (+${s.added.length} -${s.removed.length})`;
  const c = s.cardinality;
  if (c.before !== s.before || c.after !== s.after) text += `, ${c.before.toLocaleString("en")} → ${c.after.toLocaleString("en")} as promtool --extended counts them`;
  return text;
}

function capped<T>(items: readonly T[], line: (item: T) => DiffLine, what: string): DiffLine[] {
  const lines = items.slice(0, LIST_LIMIT).map(line);
  if (items.length > LIST_LIMIT) lines.push({ sign: " ", text: `… and ${(items.length - LIST_LIMIT).toLocaleString("en")} more ${what} (--format json lists all)` });
  return lines;
}

/** What changed in a family present on both sides, line by line. */
export function familyLines(f: FamilyDiff): DiffLine[] {
  const lines: DiffLine[] = f.metadata.map(metadataLine);
  const s = f.series;
  if (s.added.length > 0 || s.removed.length > 0 || s.cardinality.before !== s.cardinality.after) {
    lines.push({ sign: " ", text: seriesCountText(f) });
    lines.push(...capped(s.labels, labelLine, "labels"));
    lines.push(...capped(s.added, (labels) => ({ sign: "+", text: seriesText(f.name, labels) }), "series added"));
    lines.push(...capped(s.removed, (labels) => ({ sign: "-", text: seriesText(f.name, labels) }), "series removed"));
  }
  if (f.seriesReordered) lines.push({ sign: "~", text: "series written in another order" });
  if (f.layout) lines.push(layoutLine(f.layout));
  lines.push(...capped(f.values, (v) => valueLine(f, v), "value changes"));
  return lines;
}

/** `+ name (counter): added, 4 series` and the like. */
export function familyHeading(f: FamilyDiff): { sign: "+" | "-" | "~"; text: string } {
  if (f.change === "added") return { sign: "+", text: `${f.name} (${f.type}): added, ${plural(f.series.after, "series", "series")}` };
  if (f.change === "removed") return { sign: "-", text: `${f.name} (${f.type}): removed, ${plural(f.series.before, "series", "series")}` };
  return { sign: "~", text: `${f.name} (${f.type})` };
}

/** The first line of every report: what changed, in counts. */
export function summaryText(summary: DiffSummary, equal: boolean): string {
  const s = summary;
  const seriesTotals = `series ${s.series.before.toLocaleString("en")} → ${s.series.after.toLocaleString("en")}`;
  if (equal) return `no differences (${seriesTotals})`;
  const parts: string[] = [];
  const families = [s.familiesAdded > 0 ? `${s.familiesAdded} added` : "", s.familiesRemoved > 0 ? `${s.familiesRemoved} removed` : "", s.familiesChanged > 0 ? `${s.familiesChanged} changed` : ""].filter(Boolean);
  const total = s.familiesAdded + s.familiesRemoved + s.familiesChanged;
  const familyCount = total === 1 ? "1 family" : `${total} families`;
  if (total > 0) parts.push(families.length === 1 ? `${familyCount} ${families[0]?.replace(/^\d+ /, "")}` : `${familyCount}: ${families.join(", ")}`);
  if (s.metadataChanges > 0) parts.push(plural(s.metadataChanges, "metadata change"));
  parts.push(s.seriesAdded + s.seriesRemoved > 0 ? `${seriesTotals} (+${s.seriesAdded} -${s.seriesRemoved})` : seriesTotals);
  if (s.cardinality.before !== s.series.before || s.cardinality.after !== s.series.after) parts.push(`${s.cardinality.before.toLocaleString("en")} → ${s.cardinality.after.toLocaleString("en")} as promtool counts them`);
  if (s.layoutChanges > 0) parts.push(plural(s.layoutChanges, "bucket layout change"));
  if (s.valueChanges > 0) parts.push(plural(s.valueChanges, "value change"));
  if (s.resets > 0) parts.push(plural(s.resets, "reset"));
  if (s.reorders > 0) parts.push(`${plural(s.reorders, "change")} of order`);
  return parts.join("; ");
}

/** `families in another order: a, b, c → b, a, c` (strict), with at most LIST_LIMIT names a side. */
export function familyOrderLine(order: { before: string[]; after: string[] }): DiffLine {
  const names = (list: string[]) => (list.length > LIST_LIMIT ? `${list.slice(0, LIST_LIMIT).join(", ")}, … (${list.length})` : list.join(", "));
  return { sign: "~", text: `families in another order: ${names(order.before)} → ${names(order.after)}` };
}
