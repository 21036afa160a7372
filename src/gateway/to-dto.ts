/**
 * promtext's parse model → expfmt's dto families, as the TextParser builds them: one Metric per
 * sample line of a counter, gauge or untyped family; one per label set (le/quantile aside) of
 * a histogram or summary, with the last _count/_sum line winning and buckets/quantiles in line
 * order; counts cast to uint64 (or kept as floats by later versions).
 */
import type { Label, MetricFamily, Sample } from "../model/types.js";
import { parseFloatGo } from "../parser/values.js";
import type { DtoFamily, DtoHistogram, DtoMetric, DtoSummary } from "./dto.js";
import { goFloatToUint64 } from "./go-text.js";
import type { VersionBehaviour } from "./versions.js";

function copyLabels(labels: readonly Label[]): DtoMetric["label"] {
  return labels.map((l) => ({ name: l.name, value: l.value }));
}

function timestampOf(s: Sample): bigint | undefined {
  if (s.timestamp === undefined) return undefined;
  if (s.timestampText !== undefined && /^[+-]?\d+$/.test(s.timestampText)) return BigInt(s.timestampText);
  return BigInt(Math.trunc(s.timestamp));
}

function floatLabel(labels: readonly Label[], name: string): number {
  const text = labels.find((l) => l.name === name)?.value;
  if (text === undefined) return NaN;
  const v = parseFloatGo(text);
  return typeof v === "number" ? v : NaN;
}

/** A bucket or _count value: 0.39 casts to uint64; later versions keep fractions as floats. */
function count(value: number, wrap: boolean): { uint?: bigint; float?: number } {
  if (wrap || (Number.isInteger(value) && value >= 0 && value < 2 ** 64)) return { uint: goFloatToUint64(value) };
  return { float: value };
}

function summaryMetric(family: MetricFamily, metric: MetricFamily["metrics"][number]): DtoMetric {
  const summary: DtoSummary = { quantile: [] };
  const m: DtoMetric = { label: copyLabels(metric.labels), summary };
  for (const s of metric.samples) {
    if (s.name === `${family.name}_count`) summary.sampleCount = goFloatToUint64(s.value);
    else if (s.name === `${family.name}_sum`) summary.sampleSum = s.value;
    else {
      const q = floatLabel(s.labels, "quantile");
      if (!Number.isNaN(q)) summary.quantile.push({ quantile: q, value: s.value });
    }
    const ts = timestampOf(s);
    if (ts !== undefined) m.timestampMs = ts;
  }
  return m;
}

function histogramMetric(family: MetricFamily, metric: MetricFamily["metrics"][number], wrap: boolean): DtoMetric {
  const histogram: DtoHistogram = { bucket: [] };
  const m: DtoMetric = { label: copyLabels(metric.labels), histogram };
  for (const s of metric.samples) {
    if (s.name === `${family.name}_count`) {
      const c = count(s.value, wrap);
      if (c.uint !== undefined) histogram.sampleCount = c.uint;
      else histogram.sampleCountFloat = c.float as number;
    } else if (s.name === `${family.name}_sum`) histogram.sampleSum = s.value;
    else {
      const le = floatLabel(s.labels, "le");
      if (!Number.isNaN(le)) {
        const c = count(s.value, wrap);
        histogram.bucket.push(c.uint !== undefined ? { upperBound: le, cumulativeCount: c.uint } : { upperBound: le, cumulativeCountFloat: c.float as number });
      }
    }
    const ts = timestampOf(s);
    if (ts !== undefined) m.timestampMs = ts;
  }
  return m;
}

/** One Metric per sample line, in line order (a counter, gauge or untyped family). */
function simpleMetrics(family: MetricFamily, field: "counter" | "gauge" | "untyped"): DtoMetric[] {
  const samples = family.metrics.flatMap((m) => m.samples).sort((a, b) => a.offset - b.offset);
  return samples.map((s) => {
    const m: DtoMetric = { label: copyLabels(s.labels), [field]: s.value };
    const ts = timestampOf(s);
    if (ts !== undefined) m.timestampMs = ts;
    return m;
  });
}

/** Promtext's families as expfmt's dto families (a `gaugehistogram` family as upstream reads it: a histogram). */
export function toDtoFamilies(families: readonly MetricFamily[], b: VersionBehaviour): DtoFamily[] {
  const wrap = b.expfmt039.wrapsNegativeHistogramCounts;
  return families.map((family): DtoFamily => {
    const base: Omit<DtoFamily, "type" | "metric"> = family.help === undefined ? { name: family.name } : { name: family.name, help: family.help };
    switch (family.type) {
      case "counter":
        return { ...base, type: "COUNTER", metric: simpleMetrics(family, "counter") };
      case "gauge":
        return { ...base, type: "GAUGE", metric: simpleMetrics(family, "gauge") };
      case "summary":
        return { ...base, type: "SUMMARY", metric: family.metrics.map((m) => summaryMetric(family, m)) };
      case "histogram":
        return { ...base, type: "HISTOGRAM", metric: family.metrics.map((m) => histogramMetric(family, m, wrap)) };
      case "gaugehistogram":
        return { ...base, type: "GAUGE_HISTOGRAM", metric: family.metrics.map((m) => histogramMetric(family, m, wrap)) };
      default:
        return { ...base, type: "UNTYPED", metric: simpleMetrics(family, "untyped") };
    }
  });
}
