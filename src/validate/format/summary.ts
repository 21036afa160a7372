import { parseFloatGo } from "../../parser/values.js";
import { sampleView } from "../../model/series-node.js";
import type { MetricFamily } from "../../model/types.js";
import type { FormatCheckContext } from "./context.js";

/** Summary structure: quantile labels parse and lie in [0, 1]; OpenMetrics adds count and value rules. */
export function checkSummary(family: MetricFamily, { reporter: r, openMetrics }: FormatCheckContext): void {
  if (family.type !== "summary") return;
  const countName = `${family.name}_count`;
  const sumName = `${family.name}_sum`;
  for (const metric of family.metrics) {
    const v = sampleView(metric);
    for (let i = 0; i < v.sampleCount; i++) {
      const name = v.nameAt(i);
      const offset = v.offsetAt(i);
      if (name !== family.name) {
        const q = v.labelAt(i, "quantile");
        if (q !== undefined && typeof parseFloatGo(q) !== "number") r.report("invalid-quantile", offset, name.length, `quantile=${JSON.stringify(q)} is not a number`);
      }
      if (name === family.name) {
        const text = v.labelAt(i, "quantile");
        if (text === undefined) {
          r.report("summary-quantile-missing", offset, name.length, `summary sample \`${name}\` without a \`quantile\` label`);
          continue;
        }
        const q = parseFloatGo(text);
        if (typeof q !== "number") {
          r.report("invalid-quantile", offset, name.length, `quantile=${JSON.stringify(text)} is not a number`);
          continue;
        }
        if (!(q >= 0 && q <= 1)) {
          r.report("quantile-out-of-range", offset, name.length, `quantile=${JSON.stringify(text)} is outside [0, 1]`);
        }
        if (openMetrics && v.valueAt(i) < 0) {
          r.report("summary-negative-quantile-value", offset, name.length, `quantile value ${v.valueTextAt(i)} is negative`);
        }
      } else if (openMetrics && (name === countName || name === sumName)) {
        const isCount = name === countName;
        const value = v.valueAt(i);
        if (Number.isNaN(value) || value < 0 || (isCount && !Number.isInteger(value))) {
          r.report("summary-invalid-count", offset, name.length, `${name} is ${v.valueTextAt(i)}; it must be a non-negative ${isCount ? "integer" : "number"}`);
        }
      }
    }
  }
}
