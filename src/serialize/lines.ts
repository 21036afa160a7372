import type { Exemplar, Label, Metric, MetricFamily, Sample } from "../model/types.js";
import { parseFloatGo } from "../parser/values.js";

/** One sample line to write: the Go encoders' view of a sample. */
export interface SampleLine {
  name: string;
  /** Labels in the order written, without the bucket or quantile label. */
  labels: Label[];
  /** `le` or `quantile`, written last as a float, as the Go encoders do. */
  bound?: { name: "le" | "quantile"; value: number };
  value: number;
  /** Bucket counts and `_count`: written as unsigned integers in OpenMetrics. */
  isCount: boolean;
  timestamp: number | undefined;
  /** The timestamp as written, when it is an integer of milliseconds (kept exact beyond 2^53). */
  timestampText?: string | undefined;
  exemplar: Exemplar | undefined;
}

/** Something the target format cannot say, and what was done about it. */
export interface ConversionNote {
  family: string;
  message: string;
}

export interface LineOptions {
  openMetrics: boolean;
  /** The name the family's sample lines are based on (`foo` for `foo_bucket`, `foo_total` for a text counter). */
  base: string;
  notes: ConversionNote[];
}

/** The numeric value of a sample's `le` or `quantile` label, if it has one that reads as a float. */
export function boundOf(sample: Sample, name: "le" | "quantile"): number | undefined {
  const text = sample.labels.find((l) => l.name === name)?.value;
  if (text === undefined) return undefined;
  const value = parseFloatGo(text);
  return typeof value === "number" ? value : undefined;
}

/** The sample whose timestamp the Go encoders put on every line of a histogram or summary: the last one read. */
export function timestamped(metric: Metric): Sample | undefined {
  let last: Sample | undefined;
  for (const s of metric.samples) if (s.timestamp !== undefined) last = s;
  return last;
}

/**
 * The lines of one metric in the order the Go encoders write them: histogram buckets (with
 * the synthetic +Inf bucket when it is missing), _sum, _count; summary quantiles, _sum,
 * _count; `_created` last in OpenMetrics; every other sample as it is.
 */
export function linesOf(family: MetricFamily, metric: Metric, { openMetrics, base, notes }: LineOptions): SampleLine[] {
  const type = family.type;
  const lines: SampleLine[] = [];
  const created = metric.samples.filter((s) => s.name === `${family.name}_created` || s.name === `${base}_created`);
  if (type === "histogram" || type === "gaugehistogram") {
    const gauge = type === "gaugehistogram";
    const stamped = timestamped(metric);
    const ts = stamped?.timestamp;
    const tsText = stamped?.timestampText;
    const find = (suffixes: string[]) => metric.samples.find((s) => suffixes.some((x) => s.name === `${family.name}${x}`));
    const count = find(gauge ? ["_gcount", "_count"] : ["_count"]);
    const sum = find(gauge ? ["_gsum", "_sum"] : ["_sum"]);
    let infSeen = false;
    for (const s of metric.samples) {
      if (s.name !== `${family.name}_bucket`) continue;
      const bound = boundOf(s, "le");
      if (bound === undefined) {
        notes.push({ family: family.name, message: `a bucket on line ${s.line} has no numeric le and was left out` });
        continue;
      }
      if (bound === Infinity) infSeen = true;
      lines.push({ name: `${base}_bucket`, labels: metric.labels, bound: { name: "le", value: bound }, value: s.value, isCount: true, timestamp: ts, timestampText: tsText, exemplar: s.exemplar });
    }
    const labels = metric.labels;
    if (!infSeen) lines.push({ name: `${base}_bucket`, labels, bound: { name: "le", value: Infinity }, value: count?.value ?? 0, isCount: true, timestamp: ts, timestampText: tsText, exemplar: undefined });
    const sumName = gauge && openMetrics ? "_gsum" : "_sum";
    const countName = gauge && openMetrics ? "_gcount" : "_count";
    lines.push({ name: `${base}${sumName}`, labels, value: sum?.value ?? 0, isCount: false, timestamp: ts, timestampText: tsText, exemplar: undefined });
    lines.push({ name: `${base}${countName}`, labels, value: count?.value ?? 0, isCount: true, timestamp: ts, timestampText: tsText, exemplar: undefined });
  } else if (type === "summary") {
    const stamped = timestamped(metric);
    const ts = stamped?.timestamp;
    const tsText = stamped?.timestampText;
    for (const s of metric.samples) {
      if (s.name !== family.name) continue;
      const bound = boundOf(s, "quantile");
      if (bound === undefined) {
        notes.push({ family: family.name, message: `a summary sample on line ${s.line} has no numeric quantile and was left out` });
        continue;
      }
      lines.push({ name: base, labels: metric.labels, bound: { name: "quantile", value: bound }, value: s.value, isCount: false, timestamp: ts, timestampText: tsText, exemplar: undefined });
    }
    const sum = metric.samples.find((s) => s.name === `${family.name}_sum`);
    const count = metric.samples.find((s) => s.name === `${family.name}_count`);
    lines.push({ name: `${base}_sum`, labels: metric.labels, value: sum?.value ?? 0, isCount: false, timestamp: ts, timestampText: tsText, exemplar: undefined });
    lines.push({ name: `${base}_count`, labels: metric.labels, value: count?.value ?? 0, isCount: true, timestamp: ts, timestampText: tsText, exemplar: undefined });
  } else {
    for (const s of metric.samples) {
      if (created.includes(s)) continue;
      const name = type === "counter" ? base : type === "info" && !openMetrics ? base : s.name;
      lines.push({ name, labels: s.labels, value: s.value, isCount: false, timestamp: s.timestamp, timestampText: s.timestampText, exemplar: s.exemplar });
    }
  }
  if (created.length > 0) {
    if (openMetrics) {
      const createdBase = type === "counter" ? base.replace(/_total$/, "") : base;
      for (const s of created) lines.push({ name: `${createdBase}_created`, labels: s.labels, value: s.value, isCount: false, timestamp: s.timestamp, exemplar: undefined });
    } else {
      notes.push({ family: family.name, message: `${created.length} _created sample(s) left out: text 0.0.4 has no created timestamps` });
    }
  }
  return lines;
}
