import { parseFloatGo } from "../../parser/values.js";
import type { MetricFamily } from "../../model/types.js";
import type { FormatCheckContext } from "./context.js";
import { labelValue } from "./points.js";

/** Summary structure: quantile labels parse and lie in [0, 1]; OpenMetrics adds count and value rules. */
export function checkSummary(family: MetricFamily, { reporter: r, openMetrics }: FormatCheckContext): void {
  if (family.type !== "summary") return;
  for (const metric of family.metrics) {
    for (const s of metric.samples) {
      if (s.name !== family.name) {
        const q = labelValue(s.labels, "quantile");
        if (q !== undefined && typeof parseFloatGo(q) !== "number") r.report("invalid-quantile", s.offset, s.name.length, `quantile=${JSON.stringify(q)} is not a number`);
      }
      if (s.name === family.name) {
        const text = labelValue(s.labels, "quantile");
        if (text === undefined) {
          r.report("summary-quantile-missing", s.offset, s.name.length, `summary sample \`${s.name}\` without a \`quantile\` label`);
          continue;
        }
        const q = parseFloatGo(text);
        if (typeof q !== "number") {
          r.report("invalid-quantile", s.offset, s.name.length, `quantile=${JSON.stringify(text)} is not a number`);
          continue;
        }
        if (!(q >= 0 && q <= 1)) {
          r.report("quantile-out-of-range", s.offset, s.name.length, `quantile=${JSON.stringify(text)} is outside [0, 1]`);
        }
        if (openMetrics && s.value < 0) {
          r.report("summary-negative-quantile-value", s.offset, s.name.length, `quantile value ${s.valueText} is negative`);
        }
      } else if (openMetrics && (s.name === `${family.name}_count` || s.name === `${family.name}_sum`)) {
        const isCount = s.name.endsWith("_count");
        if (Number.isNaN(s.value) || s.value < 0 || (isCount && !Number.isInteger(s.value))) {
          r.report("summary-invalid-count", s.offset, s.name.length, `${s.name} is ${s.valueText}; it must be a non-negative ${isCount ? "integer" : "number"}`);
        }
      }
    }
  }
}
