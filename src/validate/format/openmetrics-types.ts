import type { MetricFamily } from "../../model/types.js";
import type { FormatCheckContext } from "./context.js";
import { labelValue } from "./points.js";

/** OpenMetrics per-type value rules: counters, info, stateset, `_created`, and where exemplars may go. */
export function checkOpenMetricsTypes(family: MetricFamily, { reporter: r, openMetrics }: FormatCheckContext): void {
  if (!openMetrics) return;
  const type = family.type;
  const exemplarOn = type === "counter" ? `${family.name}_total` : type === "histogram" || type === "gaugehistogram" ? `${family.name}_bucket` : undefined;
  for (const metric of family.metrics) {
    for (const s of metric.samples) {
      if (s.exemplar !== undefined && s.name !== exemplarOn) {
        r.report("om-exemplar-not-allowed", s.exemplar.offset, 1, `exemplar on \`${s.name}\`; only counter _total and histogram _bucket samples carry exemplars`);
      }
      if (s.name.endsWith("_created") && type !== "unknown" && type !== "gauge" && (Number.isNaN(s.value) || s.value < 0)) {
        r.report("om-created-value", s.offset, s.name.length, `${s.name} is ${s.valueText}; it must be a timestamp`);
      }
      if (type === "counter" && s.name === `${family.name}_total` && (Number.isNaN(s.value) || s.value < 0)) {
        r.report("om-counter-value", s.offset, s.name.length, `counter value ${s.valueText} is ${Number.isNaN(s.value) ? "NaN" : "negative"}`);
      } else if (type === "info" && s.value !== 1) {
        r.report("om-info-value", s.offset, s.name.length, `info value ${s.valueText}; it must be 1`);
      } else if (type === "stateset") {
        if (s.value !== 0 && s.value !== 1) {
          r.report("om-stateset-value", s.offset, s.name.length, `stateset value ${s.valueText}; it must be 0 or 1`);
        } else if (labelValue(s.labels, family.name) === undefined) {
          r.report("om-stateset-value", s.offset, s.name.length, `stateset sample without the label \`${family.name}\` naming its state`);
        }
      }
    }
  }
}
