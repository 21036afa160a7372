import type { Metric, MetricFamily } from "../../model/types.js";
import { sampleView } from "../../model/series-node.js";
import type { Rule } from "../rule.js";

/** The distinct `le` bounds written for one histogram series (its buckets, `+Inf` included). */
export function bucketCount(family: MetricFamily, metric: Metric): number {
  const bucketName = `${family.name}_bucket`;
  const bounds = new Set<string>();
  const v = sampleView(metric);
  for (let i = 0; i < v.sampleCount; i++) {
    if (v.nameAt(i) !== bucketName) continue;
    const le = v.labelAt(i, "le");
    if (le !== undefined) bounds.add(le);
  }
  return bounds.size;
}

/** The distinct quantiles written for one summary series. */
export function quantileCount(family: MetricFamily, metric: Metric): number {
  const quantiles = new Set<string>();
  const v = sampleView(metric);
  for (let i = 0; i < v.sampleCount; i++) {
    if (v.nameAt(i) !== family.name) continue;
    const q = v.labelAt(i, "quantile");
    if (q !== undefined) quantiles.add(q);
  }
  return quantiles.size;
}

export const histogramFewBuckets: Rule = {
  id: "histogram-few-buckets",
  severity: "warning",
  origin: "promtext",
  summary: "A histogram series with fewer buckets than the `minHistogramBuckets` threshold (default 3, `+Inf` included).",
  why: "histogram_quantile() interpolates inside the bucket that holds the quantile; with only `+Inf`, or one bound and `+Inf`, every quantile is a guess between 0 and the lowest bound (or the bound itself), and the histogram says no more than its `_sum` and `_count`. Choose bounds around the values you expect (client libraries' defaults span 5 ms to 10 s), or expose a gauge or counter pair if a distribution is not needed. A series without any bucket is a format problem (`histogram-missing-inf-bucket`, `histogram-missing-buckets`), not this rule's. One finding per family, at its first series with too few buckets.",
  checkFamily(family, context) {
    if (family.type !== "histogram" && family.type !== "gaugehistogram") return;
    const min = context.thresholds.minHistogramBuckets;
    const tally = context.carried((): { first?: { metric: Metric; buckets: number }; few: number; series: number } => ({ few: 0, series: 0 }));
    tally.series += family.metrics.length;
    for (const metric of family.metrics) {
      const buckets = bucketCount(family, metric);
      if (buckets === 0 || buckets >= min) continue;
      tally.few++;
      tally.first ??= { metric, buckets };
    }
    const { first, few, series } = tally;
    if (!context.part.last || first === undefined) return;
    const others = few > 1 ? ` (${few} of ${series} series)` : "";
    context.report(
      first.metric,
      `histogram \`${family.name}\` has ${first.buckets} bucket${first.buckets === 1 ? "" : "s"} with +Inf, fewer than ${min}${others}`,
      family.name.length,
    );
  },
};

export const summaryNoQuantiles: Rule = {
  id: "summary-no-quantiles",
  severity: "info",
  origin: "promtext",
  summary: "A summary family none of whose series has a quantile.",
  why: "Without quantiles a summary is only a `_sum` and a `_count`: enough for an average rate, which is what it then gives, but not for latency percentiles, which is what readers usually expect of a summary. (client_golang's summaries have no quantiles unless `Objectives` is set.) If percentiles are wanted, configure quantiles or, better, use a histogram, whose buckets can be aggregated across instances; if only the average is wanted, this is fine and the rule can be turned off.",
  checkFamily(family, context) {
    if (family.type !== "summary") return;
    const tally = context.carried(() => ({ series: 0, quantiles: false }));
    tally.series += family.metrics.length;
    tally.quantiles ||= family.metrics.some((m) => quantileCount(family, m) > 0);
    if (!context.part.last || tally.series === 0 || tally.quantiles) return;
    context.report(family, `summary \`${family.name}\` has no quantiles, only _sum and _count`, family.name.length);
  },
};
