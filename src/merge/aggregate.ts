import type { Label, Metric, MetricFamily, Sample } from "../model/types.js";
import { formatGoFloat } from "../serialize/float.js";
import { boundOf } from "../serialize/lines.js";

/** Something the aggregation dropped or could not do, per family. */
export interface MergeNote {
  family: string;
  severity: "error" | "warning" | "info";
  message: string;
}

function seriesKey(labels: Label[]): string {
  return labels
    .map((l) => `${l.name}\u0000${l.value}`)
    .sort()
    .join("\u0001");
}

/** A histogram series as cumulative counts by bound, with its sum and count. */
interface HistogramPoint {
  buckets: Map<number, number>;
  sum: number;
  count: number;
}

function histogramOf(family: MetricFamily, metric: Metric): HistogramPoint {
  const buckets = new Map<number, number>();
  let sum = 0;
  let count = 0;
  for (const s of metric.samples) {
    if (s.name === `${family.name}_bucket`) {
      const le = boundOf(s, "le");
      if (le !== undefined) buckets.set(le, s.value);
    } else if (s.name === `${family.name}_sum`) sum = s.value;
    else if (s.name === `${family.name}_count`) count = s.value;
  }
  if (!buckets.has(Infinity)) buckets.set(Infinity, count);
  return { buckets, sum, count };
}

/** The cumulative count of `h` at bound `u`: its count at its own highest bound not above u. */
function countAt(h: HistogramPoint, u: number): number {
  let best = -Infinity;
  let value = 0;
  for (const [b, c] of h.buckets) {
    if (b <= u && b > best) {
      best = b;
      value = c;
    }
  }
  return value;
}

function sample(name: string, labels: Label[], value: number): Sample {
  return { name, labels, value, valueText: formatGoFloat(value), offset: 0, line: 0 };
}

/**
 * Combines payloads as prom-aggregation-gateway does: counters, gauges and untyped series with
 * the same labels are added up; histograms are added up on the union of their bucket bounds
 * (each histogram contributes, at a bound it lacks, its count at its own highest bound below
 * it); summaries are kept as their _sum and _count, added up, and their quantiles dropped.
 * Timestamps are dropped. A family whose type differs between payloads is left out.
 */
export function aggregate(payloads: readonly (readonly MetricFamily[])[]): { families: MetricFamily[]; notes: MergeNote[] } {
  const notes: MergeNote[] = [];
  const byName = new Map<string, MetricFamily[]>();
  for (const families of payloads) for (const f of families) byName.set(f.name, [...(byName.get(f.name) ?? []), f]);
  const out: MetricFamily[] = [];
  for (const [name, parts] of byName) {
    const first = parts[0] as MetricFamily;
    const types = new Set(parts.map((p) => (p.type === "unknown" ? "untyped" : p.type)));
    if (types.size > 1) {
      notes.push({ family: name, severity: "error", message: `left out: its type differs between payloads (${[...types].join(", ")})` });
      continue;
    }
    const helps = new Set(parts.map((p) => p.help).filter((h) => h !== undefined));
    if (helps.size > 1) notes.push({ family: name, severity: "warning", message: "HELP differs between payloads; the first one is kept" });
    const family: MetricFamily = { name, type: first.type, metrics: [], offset: 0, line: 0 };
    const help = parts.find((p) => p.help !== undefined)?.help;
    if (help !== undefined) family.help = help;
    if (first.unit !== undefined) family.unit = first.unit;
    const series = new Map<string, { labels: Label[]; members: Metric[] }>();
    for (const part of parts) {
      for (const metric of part.metrics) {
        const key = seriesKey(metric.labels);
        const entry = series.get(key) ?? { labels: metric.labels, members: [] };
        entry.members.push(metric);
        series.set(key, entry);
      }
    }
    let timestamps = 0;
    for (const { labels, members } of series.values()) {
      for (const m of members) for (const s of m.samples) if (s.timestamp !== undefined) timestamps++;
      let samples: Sample[];
      if (family.type === "histogram") {
        const points = members.map((m) => histogramOf(family, m));
        const bounds = [...new Set(points.flatMap((p) => [...p.buckets.keys()]))].sort((a, b) => a - b);
        samples = bounds.map((u) =>
          sample(`${name}_bucket`, [...labels, { name: "le", value: formatGoFloat(u) }], points.reduce((n, p) => n + countAt(p, u), 0)),
        );
        samples.push(sample(`${name}_sum`, labels, points.reduce((n, p) => n + p.sum, 0)));
        samples.push(sample(`${name}_count`, labels, points.reduce((n, p) => n + p.count, 0)));
      } else if (family.type === "summary") {
        const total = (suffix: string) => members.reduce((n, m) => n + (m.samples.find((s) => s.name === `${name}${suffix}`)?.value ?? 0), 0);
        samples = [sample(`${name}_sum`, labels, total("_sum")), sample(`${name}_count`, labels, total("_count"))];
      } else {
        const names = [...new Set(members.flatMap((m) => m.samples.map((s) => s.name)))];
        samples = names.map((n) => sample(n, labels, members.reduce((acc, m) => acc + m.samples.filter((s) => s.name === n).reduce((a, s) => a + s.value, 0), 0)));
      }
      family.metrics.push({ labels, samples, offset: 0, line: 0 });
    }
    if (family.type === "summary" && parts.some((p) => p.metrics.some((m) => m.samples.some((s) => s.name === name)))) {
      notes.push({ family: name, severity: "info", message: "quantiles dropped: summaries are kept as _sum and _count only" });
    }
    if (family.type === "gauge") notes.push({ family: name, severity: "info", message: "gauges were added up (which may not make sense for this one)" });
    if (timestamps > 0) notes.push({ family: name, severity: "info", message: `${timestamps} timestamp(s) dropped` });
    out.push(family);
  }
  return { families: out, notes };
}
