import type { Exemplar, Label, Metric, MetricFamily, Sample } from "../model/types.js";
import { escapeLabelName, escapeName, type EscapingScheme } from "./escaping.js";

/**
 * The families with every metric and label name escaped by a Prometheus 3 escaping scheme,
 * as prometheus/common's EscapeMetricFamily does before writing for a consumer that needs
 * legacy names. The input is not changed.
 */
export function escapeFamilies(families: readonly MetricFamily[], scheme: EscapingScheme): MetricFamily[] {
  if (scheme === "allow-utf-8") return [...families];
  const labels = (list: Label[]): Label[] => list.map((l) => ({ name: escapeLabelName(l.name, scheme), value: l.value }));
  const exemplar = (e: Exemplar | undefined): Exemplar | undefined => (e === undefined ? undefined : { ...e, labels: labels(e.labels) });
  return families.map((f) => {
    const name = escapeName(f.name, scheme);
    // like Go, escape the family name and keep the suffixes (_bucket, _total…) as they are
    const sampleName = (n: string) => (n.startsWith(f.name) ? name + n.slice(f.name.length) : escapeName(n, scheme));
    const sample = (s: Sample): Sample => ({ ...s, name: sampleName(s.name), labels: labels(s.labels), exemplar: exemplar(s.exemplar) });
    const metric = (m: Metric): Metric => ({ labels: labels(m.labels), samples: m.samples.map(sample), offset: m.offset, line: m.line });
    return { ...f, name, metrics: f.metrics.map(metric) };
  });
}
