import { SeriesNode } from "../../model/series-node.js";
import type { Label, Metric, MetricFamily, Sample } from "../../model/types.js";
import { decimalKey } from "../../parser/decimal.js";
import { parseFloatGo } from "../../parser/values.js";
import type { FormatCheckContext } from "./context.js";
import { memoized } from "./points.js";

/** How many samples a metric has, without making the parser's lazy Sample objects. */
function sampleCount(metric: Metric): number {
  return metric instanceof SeriesNode ? metric.sampleCount : metric.samples.length;
}

/**
 * The value of the label that tells a metric's samples apart (`le`, `quantile`), or "". In a
 * histogram or summary it is the bound as a number (`boundKey`): expfmt reads it as a float and
 * Prometheus 3 normalizes it, so `quantile="0"` and `quantile="1e-400"` are one quantile to
 * every consumer.
 */
function bucketOf(labels: Label[], bound: string, boundKey: (text: string) => string): string {
  for (const l of labels) {
    if (l.name !== "le" && l.name !== "quantile") continue;
    return l.name === bound ? boundKey(l.value) : l.value;
  }
  return "";
}

function keyOfBound(text: string): string {
  const v = parseFloatGo(text);
  return typeof v === "number" ? `=${v}` : text;
}

function boundOfFamily(family: MetricFamily): string {
  return family.type === "histogram" || family.type === "gaugehistogram" ? "le" : family.type === "summary" ? "quantile" : "";
}

/**
 * Each series once: a sample name with the same labels must not repeat (the text format's
 * documentation: "each line must have a unique combination of a metric name and labels"; with
 * different timestamps every consumer ingests both, so that is only a warning), except in
 * OpenMetrics with timestamps that all are present and do not decrease.
 */
export function checkSeries(family: MetricFamily, { reporter: r, openMetrics }: FormatCheckContext): void {
  const bound = boundOfFamily(family);
  const boundKey = memoized(keyOfBound);
  for (const metric of family.metrics) {
    if (sampleCount(metric) < 2) continue;
    const samples = metric.samples;
    const n = samples.length;
    const buckets = samples.map((s) => bucketOf(s.labels, bound, boundKey));
    // a backwards scan is cheapest for the usual handful of samples; a map for long series
    const last = n > 32 ? new Map<string, Sample>() : undefined;
    if (last) last.set(`${samples[0]!.name}\u0000${buckets[0]}`, samples[0]!);
    for (let i = 1; i < n; i++) {
      const s = samples[i] as Sample;
      let before: Sample | undefined;
      if (last) {
        const key = `${s.name}\u0000${buckets[i]}`;
        before = last.get(key);
        last.set(key, s);
      } else {
        for (let j = i - 1; j >= 0; j--) {
          const t = samples[j] as Sample;
          if (t.name === s.name && buckets[j] === buckets[i]) {
            before = t;
            break;
          }
        }
      }
      if (before === undefined) continue;
      if (openMetrics && (before.timestamp !== undefined || s.timestamp !== undefined)) {
        if (before.timestamp === undefined || s.timestamp === undefined) {
          r.report("om-timestamp-order", s.offset, s.name.length, `series \`${s.name}\` repeats with and without timestamps`);
        } else if (s.timestamp < before.timestamp) {
          r.report("om-timestamp-order", s.offset, s.name.length, `timestamp ${s.timestampText} of \`${s.name}\` is before the one on line ${before.line}`);
        }
        continue;
      }
      if (before.timestampText !== s.timestampText && decimalKey(before.timestampText) !== decimalKey(s.timestampText)) {
        r.report("repeated-series-timestamps", s.offset, s.name.length, `series \`${s.name}\` appears again, with another timestamp, after line ${before.line}`);
        continue;
      }
      const again = s.labels.find((l) => l.name === bound)?.value;
      const was = before.labels.find((l) => l.name === bound)?.value;
      const spelled = again !== was ? ` (${bound}="${again}" is ${bound}="${was}")` : "";
      r.report("repeated-series", s.offset, s.name.length, `series \`${s.name}\` with these labels already appeared on line ${before.line}${spelled}`);
    }
  }
}
