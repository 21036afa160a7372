import { repeatsEarlierPart } from "../../model/series-node.js";
import type { Metric, MetricFamily } from "../../model/types.js";
import type { Rule } from "../rule.js";
import { bucketCount, quantileCount } from "./histogram-shape.js";

/**
 * A family's series as `promtool check metrics --extended` counts them: one per series, but a
 * histogram counts series × (2 + the first series' buckets) and a summary series × (2 + the
 * first series' quantiles), for the `_sum` and `_count` of each.
 */
export function cardinalityOf(family: MetricFamily, first = family.metrics[0], n = family.metrics.length): number {
  if (first === undefined) return 0;
  if (family.type === "histogram" || family.type === "gaugehistogram") return n * (2 + bucketCount(family, first));
  if (family.type === "summary") return n * (2 + quantileCount(family, first));
  return n;
}

export const familyCardinality: Rule = {
  id: "family-cardinality",
  severity: "warning",
  origin: "promtext",
  summary: "A family with more series than the `maxSeriesPerFamily` threshold (default 1000), counted as `promtool check metrics --extended` counts them.",
  why: "Each series costs Prometheus memory for its index and head chunk, and every query over the family touches all of them; a family with thousands of series per target usually has a label with too many values (ids, paths with parameters, error messages). The count is promtool's: one per series, a histogram series × (2 + buckets of its first series), a summary × (2 + quantiles), so the numbers agree with `promtool check metrics --extended`. Raise the threshold for exporters that are meant to be large.",
  checkFamily(family, context) {
    const max = context.thresholds.maxSeriesPerFamily;
    const tally = context.carried((): { first?: Metric; series: number } => ({ series: 0 }));
    tally.first ??= family.metrics[0];
    for (const metric of family.metrics) if (!repeatsEarlierPart(metric)) tally.series++;
    if (!context.part.last) return;
    const count = cardinalityOf(family, tally.first, tally.series);
    if (count <= max) return;
    context.report(family, `\`${family.name}\` has ${count} series (counted as promtool --extended does), more than ${max}`, family.name.length);
  },
};
