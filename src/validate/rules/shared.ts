import type { Label, Metric, MetricFamily } from "../../model/types.js";

/** promlint's view of a type: OpenMetrics `unknown` is its untyped. */
export function isUntyped(family: MetricFamily): boolean {
  return family.type === "untyped" || family.type === "unknown";
}

export interface LabelOccurrence {
  /** The first series carrying the label. */
  metric: Metric;
  label: Label;
  /** How many series match. */
  count: number;
}

/**
 * Walks a family's series once and collects, per label name, the first series whose label
 * matches `test` and how many do: the per-family, per-label findings of the label rules
 * (one finding per label name, not one per series). Pass the tally of the family's earlier
 * parts as `found` (see RuleContext.carried).
 */
export function labelsMatching(family: MetricFamily, test: (label: Label) => boolean, found = new Map<string, LabelOccurrence>()): Map<string, LabelOccurrence> {
  for (const metric of family.metrics) {
    for (const label of metric.labels) {
      if (!test(label)) continue;
      const seen = found.get(label.name);
      if (seen) seen.count++;
      else found.set(label.name, { metric, label, count: 1 });
    }
  }
  return found;
}

/** A LabelOccurrence tally across the parts of a family. */
export function newOccurrences(): Map<string, LabelOccurrence> {
  return new Map();
}

/** "", or " (and in 2 more series)" when a finding stands for several series. */
export function andMore(count: number): string {
  return count > 1 ? ` (and in ${count - 1} more series)` : "";
}

/** A label value as written in the text, quoted and shortened for messages. */
export function quoteValue(value: string, max = 60): string {
  const text = value.length > max ? `${value.slice(0, max - 1)}…` : value;
  return JSON.stringify(text);
}
