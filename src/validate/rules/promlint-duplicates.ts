import { repeatsEarlierPart, sampleView } from "../../model/series-node.js";
import type { Label, Sample } from "../../model/types.js";
import type { Rule } from "../rule.js";

function sameOrderedLabels(a: Label[], b: Label[]): boolean {
  return a.length === b.length && a.every((l, i) => l.name === b[i]!.name && l.value === b[i]!.value);
}

export const duplicateSeries: Rule = {
  id: "duplicate-series",
  severity: "warning",
  origin: "promlint",
  summary: "The same series (name and labels in the same order) twice in a family.",
  why: "Two samples for one series make the result depend on which one a consumer keeps; the Pushgateway refuses the push. The newest promlint (client_golang ≥ 1.20) reports `metric not unique` once per repeat; like promlint, this rule compares labels in the order written and leaves histograms and summaries (and OpenMetrics, where a series may repeat with rising timestamps) to the format checks.",
  promlintMessage: "metric not unique",
  checkFamily(family, context) {
    // OpenMetrics lets a series repeat with rising timestamps; the format checks judge that
    if (context.format === "openmetrics") return;
    if (family.type === "histogram" || family.type === "summary" || family.type === "gaugehistogram") return;
    for (const metric of family.metrics) {
      const again = repeatsEarlierPart(metric);
      if (sampleView(metric).sampleCount < 2 && !again) continue;
      const samples = metric.samples;
      const earlier: Sample[] = [];
      for (const s of samples) {
        if (again || earlier.some((e) => e.name === s.name && sameOrderedLabels(e.labels, s.labels))) {
          context.report(s, `series \`${s.name}\` with these labels appears more than once`, s.name.length);
        }
        earlier.push(s);
      }
    }
  },
};
