import type { InputFormat } from "../../diagnostics/codes.js";
import type { Stats } from "../../stats/stats.js";
import { describeByteSize } from "../byte-size.js";
import { paint } from "./human.js";
import { bar, tableLines } from "./table.js";

export interface StatsReport {
  name: string;
  format: InputFormat;
  stats: Stats;
  /** How many families and labels to list (0: all). */
  top: number;
}

const count = (n: number) => n.toLocaleString("en");
const percent = (fraction: number) => `${(fraction * 100).toFixed(1)}%`;

function limited<T>(items: readonly T[], top: number): readonly T[] {
  return top === 0 ? items : items.slice(0, top);
}

function heading(what: string, shown: number, total: number): string {
  return shown < total ? `${what} (top ${shown} of ${count(total)})` : what;
}

/** A payload at a glance: the totals, then families by type, the families with most series and the labels with most values, each row with a bar. */
export function* statsHumanReport({ name, format, stats, top }: StatsReport, { color }: { color: boolean }): Generator<string> {
  const bold = paint(color, "1");
  const t = stats.totals;
  const size = t.bytes === undefined ? "" : `, ${describeByteSize(t.bytes)}`;
  yield `${bold(name)} (${format}): ${count(t.families)} families, ${count(t.series)} series as promtool check metrics --extended counts them, ${count(t.labelSets)} label sets, ${count(t.samples)} samples${size}\n`;
  if (t.families === 0) return;
  const share = (series: number) => (t.series === 0 ? 0 : series / t.series);

  yield "\n";
  const types = stats.types;
  for (const line of tableLines(
    [
      { header: "Type", align: "left", cells: types.map((x) => x.type) },
      { header: "Families", align: "right", cells: types.map((x) => count(x.families)) },
      { header: "Series", align: "right", cells: types.map((x) => count(x.series)) },
      { header: "%", align: "right", cells: types.map((x) => percent(share(x.series))) },
    ],
    types.map((x) => bar(share(x.series))),
    bold,
  ))
    yield `${line}\n`;

  yield "\n";
  const families = limited(stats.families, top);
  const columns = [
    { header: heading("Family", families.length, t.families), align: "left" as const, cells: families.map((f) => f.name) },
    { header: "Type", align: "left" as const, cells: families.map((f) => f.type) },
    { header: "Series", align: "right" as const, cells: families.map((f) => count(f.series)) },
    { header: "%", align: "right" as const, cells: families.map((f) => percent(f.share)) },
    { header: "Samples", align: "right" as const, cells: families.map((f) => count(f.samples)) },
  ];
  if (t.bytes !== undefined) columns.push({ header: "Bytes", align: "right", cells: families.map((f) => describeByteSize(f.bytes ?? 0)) });
  for (const line of tableLines(columns, families.map((f) => bar(f.share)), bold)) yield `${line}\n`;

  const labels = limited(stats.labels, top);
  if (labels.length === 0) return;
  yield "\n";
  const most = Math.max(...labels.map((l) => l.values));
  for (const line of tableLines(
    [
      { header: heading("Label", labels.length, stats.labels.length), align: "left", cells: labels.map((l) => l.name) },
      { header: "Values", align: "right", cells: labels.map((l) => count(l.values)) },
      { header: "Families", align: "right", cells: labels.map((l) => count(l.families)) },
      { header: "Label sets", align: "right", cells: labels.map((l) => count(l.labelSets)) },
    ],
    labels.map((l) => bar(l.values / most)),
    bold,
  ))
    yield `${line}\n`;
}

/** The same as JSON: the totals and types whole, the families and labels cut to the top N. */
export function* statsJsonReport({ name, format, stats, top }: StatsReport): Generator<string> {
  const shown = { ...stats, families: limited(stats.families, top), labels: limited(stats.labels, top) };
  yield `${JSON.stringify({ version: 1, name, format, ...shown }, null, 2)}\n`;
}
