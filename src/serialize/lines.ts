import type { Exemplar, Label, Metric, MetricFamily, Sample } from "../model/types.js";
import { parseFloatGo } from "../parser/values.js";

/** One sample line to write. */
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
  /** The timestamp as written (see exactMilliseconds in ./timestamp.ts). */
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
  notes: ConversionNote[];
}

/** The numeric value of a sample's `le` or `quantile` label, if it has one that reads as a float. */
export function boundOf(sample: Sample, name: "le" | "quantile"): number | undefined {
  const text = sample.labels.find((l) => l.name === name)?.value;
  if (text === undefined) return undefined;
  const value = parseFloatGo(text);
  return typeof value === "number" ? value : undefined;
}

/** The sample whose timestamp prom2json gives a histogram or summary: the last one read. */
export function timestamped(metric: Metric): Sample | undefined {
  let last: Sample | undefined;
  for (const s of metric.samples) if (s.timestamp !== undefined) last = s;
  return last;
}

function lineOf(s: Sample, name: string, isCount: boolean, labels: Label[] = s.labels, bound?: SampleLine["bound"]): SampleLine {
  const line: SampleLine = { name, labels, value: s.value, isCount, timestamp: s.timestamp, timestampText: s.timestampText, exemplar: s.exemplar };
  if (bound !== undefined) line.bound = bound;
  return line;
}

/** A bucket or quantile: its bound written last as a float, as the Go encoders do; as it is when the bound is no number. */
function boundLine(s: Sample, metric: Metric, bound: "le" | "quantile", isCount: boolean): SampleLine {
  const value = boundOf(s, bound);
  if (value === undefined) return lineOf(s, s.name, isCount);
  return lineOf(s, s.name, isCount, metric.labels, { name: bound, value });
}

/** `_sum` and `_count` take the labels in the series' order, as the Go encoders write them (unless they have labels of their own). */
function seriesLabels(s: Sample, metric: Metric): Label[] {
  return s.labels.length === metric.labels.length ? metric.labels : s.labels;
}

/**
 * The metrics of a histogram or summary family as a reader groups them once the family's TYPE
 * is known: a series read before the TYPE line keeps `le` or `quantile` among its own labels,
 * and is one series with those read after it.
 */
export function seriesOf(family: MetricFamily): readonly Metric[] {
  const bound = family.type === "summary" ? "quantile" : family.type === "histogram" || family.type === "gaugehistogram" ? "le" : "";
  if (bound === "" || !family.metrics.some((m) => m.labels.some((l) => l.name === bound))) return family.metrics;
  const merged = new Map<string, Metric>();
  for (const m of family.metrics) {
    const labels = m.labels.filter((l) => l.name !== bound);
    const key = JSON.stringify(labels.map((l) => [l.name, l.value]).sort());
    const known = merged.get(key);
    if (known === undefined) merged.set(key, { labels, samples: [...m.samples], offset: m.offset, line: m.line });
    else known.samples.push(...m.samples);
  }
  return [...merged.values()];
}

/**
 * The lines of one metric: every sample of the model, none added, none left out (but
 * `_created` in text 0.0.4, which cannot say it). Histograms and summaries in the order the
 * Go encoders write them: buckets or quantiles, `_sum`, `_count`, anything else, `_created`,
 * each group in the order read, each line with its own timestamp. (expfmt's model cannot tell a
 * missing `_sum`, `_count` or +Inf bucket from a zero one, so it writes them all, which changes
 * the payload: `_count 0` beside a +Inf bucket of 3; it also puts the last timestamp on every line.)
 */
export function linesOf(family: MetricFamily, metric: Metric, { openMetrics, notes }: LineOptions): SampleLine[] {
  const type = family.type;
  const name = family.name;
  const lines: SampleLine[] = [];
  const created: Sample[] = [];
  const isCreated = (s: Sample) => s.name === `${name}_created`;
  if (type === "histogram" || type === "gaugehistogram" || type === "summary") {
    const histogram = type !== "summary";
    const gauge = type === "gaugehistogram";
    const sumNames = gauge ? [`${name}_gsum`, `${name}_sum`] : [`${name}_sum`];
    const countNames = gauge ? [`${name}_gcount`, `${name}_count`] : [`${name}_count`];
    const sumName = `${name}${gauge && openMetrics ? "_gsum" : "_sum"}`;
    const countName = `${name}${gauge && openMetrics ? "_gcount" : "_count"}`;
    const boundName = histogram ? `${name}_bucket` : name;
    const sums: SampleLine[] = [];
    const counts: SampleLine[] = [];
    const others: SampleLine[] = [];
    for (const s of metric.samples) {
      if (s.name === boundName) lines.push(boundLine(s, metric, histogram ? "le" : "quantile", histogram));
      else if (sumNames.includes(s.name)) sums.push(lineOf(s, sumName, false, seriesLabels(s, metric)));
      else if (countNames.includes(s.name)) counts.push(lineOf(s, countName, true, seriesLabels(s, metric)));
      else if (isCreated(s)) created.push(s);
      else others.push(lineOf(s, s.name, false));
    }
    lines.push(...sums, ...counts, ...others);
  } else {
    for (const s of metric.samples) {
      if (isCreated(s)) created.push(s);
      else lines.push(lineOf(s, s.name, false));
    }
  }
  if (created.length > 0) {
    if (openMetrics) for (const s of created) lines.push(lineOf(s, s.name, false));
    else notes.push({ family: name, message: `${created.length} _created sample(s) left out: text 0.0.4 has no created timestamps` });
  }
  return lines;
}
