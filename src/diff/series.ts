import type { Label, Metric } from "../model/types.js";
import { identifyingLabels, labelsKey } from "./identity.js";
import type { LabelChange } from "./types.js";

/** A family's series by what identifies them; of two with the same identity, the first is kept. */
export interface SeriesEntry {
  labels: readonly Label[];
  metric: Metric;
}

export function seriesByKey(metrics: readonly Metric[], ignored: ReadonlySet<string>, strict: boolean): Map<string, SeriesEntry> {
  const byKey = new Map<string, SeriesEntry>();
  for (const metric of metrics) {
    const labels = identifyingLabels(metric.labels, ignored, strict);
    const key = labelsKey(labels);
    if (!byKey.has(key)) byKey.set(key, { labels, metric });
  }
  return byKey;
}

/** Whether the two sides have the same label sets in the same order: then series pair up by position. */
export function sameLabelSets(a: readonly Metric[], b: readonly Metric[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameLabels((a[i] as Metric).labels, (b[i] as Metric).labels)) return false;
  return true;
}

export function sameLabels(a: readonly Label[], b: readonly Label[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as Label;
    const y = b[i] as Label;
    if (x.name !== y.name || x.value !== y.value) return false;
  }
  return true;
}

function valuesByLabel(series: Iterable<SeriesEntry>): Map<string, Set<string>> {
  const values = new Map<string, Set<string>>();
  for (const { labels } of series) {
    for (const l of labels) {
      const set = values.get(l.name);
      if (set) set.add(l.value);
      else values.set(l.name, new Set([l.value]));
    }
  }
  return values;
}

const byText = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

/** The labels whose sets of values differ between the two sides, most changed first. */
export function labelChanges(before: Map<string, SeriesEntry>, after: Map<string, SeriesEntry>): LabelChange[] {
  const a = valuesByLabel(before.values());
  const b = valuesByLabel(after.values());
  const changes: LabelChange[] = [];
  for (const name of new Set([...a.keys(), ...b.keys()])) {
    const va = a.get(name) ?? new Set<string>();
    const vb = b.get(name) ?? new Set<string>();
    const added = [...vb].filter((v) => !va.has(v)).sort(byText);
    const removed = [...va].filter((v) => !vb.has(v)).sort(byText);
    if (added.length > 0 || removed.length > 0) changes.push({ name, before: va.size, after: vb.size, added, removed });
  }
  return changes.sort((x, y) => Math.abs(y.after - y.before) - Math.abs(x.after - x.before) || y.added.length + y.removed.length - (x.added.length + x.removed.length) || byText(x.name, y.name));
}
