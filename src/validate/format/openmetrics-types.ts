import { sampleView } from "../../model/series-node.js";
import type { MetricFamily } from "../../model/types.js";
import type { FormatCheckContext } from "./context.js";

/** OpenMetrics per-type value rules: counters, info, stateset, `_created`, and where exemplars may go. */
export function checkOpenMetricsTypes(family: MetricFamily, { reporter: r, openMetrics }: FormatCheckContext): void {
  if (!openMetrics) return;
  const type = family.type;
  const exemplarOn = type === "counter" ? `${family.name}_total` : type === "histogram" || type === "gaugehistogram" ? `${family.name}_bucket` : undefined;
  const totalName = `${family.name}_total`;
  for (const metric of family.metrics) {
    const v = sampleView(metric);
    for (let i = 0; i < v.sampleCount; i++) {
      const name = v.nameAt(i);
      const value = v.valueAt(i);
      const offset = v.offsetAt(i);
      const exemplar = v.exemplarAt(i);
      if (exemplar !== undefined && name !== exemplarOn) {
        r.report("om-exemplar-not-allowed", exemplar.offset, 1, `exemplar on \`${name}\`; only counter _total and histogram _bucket samples carry exemplars`);
      }
      if (name.endsWith("_created") && type !== "unknown" && type !== "gauge" && (Number.isNaN(value) || value < 0)) {
        r.report("om-created-value", offset, name.length, `${name} is ${v.valueTextAt(i)}; it must be a timestamp`);
      }
      if (type === "counter" && name === totalName && (Number.isNaN(value) || value < 0)) {
        r.report("om-counter-value", offset, name.length, `counter value ${v.valueTextAt(i)} is ${Number.isNaN(value) ? "NaN" : "negative"}`);
      } else if (type === "info" && value !== 1) {
        r.report("om-info-value", offset, name.length, `info value ${v.valueTextAt(i)}; it must be 1`);
      } else if (type === "stateset") {
        if (value !== 0 && value !== 1) {
          r.report("om-stateset-value", offset, name.length, `stateset value ${v.valueTextAt(i)}; it must be 0 or 1`);
        } else if (v.labelAt(i, family.name) === undefined) {
          r.report("om-stateset-value", offset, name.length, `stateset sample without the label \`${family.name}\` naming its state`);
        }
      }
    }
  }
}
