import type { MetricFamily, Sample } from "../../model/types.js";
import type { FormatCheckContext } from "./context.js";

/**
 * Each series once: a sample name with the same labels must not repeat, except in
 * OpenMetrics with timestamps that all are present and do not decrease.
 */
export function checkSeries(family: MetricFamily, { reporter: r, openMetrics }: FormatCheckContext): void {
  for (const metric of family.metrics) {
    if (metric.samples.length < 2) continue;
    const seen = new Map<string, Sample>();
    for (const s of metric.samples) {
      let key = s.name;
      for (const l of s.labels) if (l.name === "le" || l.name === "quantile") key += `\u0000${l.name}=${l.value}`;
      const before = seen.get(key);
      seen.set(key, s);
      if (before === undefined) continue;
      if (openMetrics && (before.timestamp !== undefined || s.timestamp !== undefined)) {
        if (before.timestamp === undefined || s.timestamp === undefined) {
          r.report("om-timestamp-order", s.offset, s.name.length, `series \`${s.name}\` repeats with and without timestamps`);
        } else if (s.timestamp < before.timestamp) {
          r.report("om-timestamp-order", s.offset, s.name.length, `timestamp ${s.timestampText} of \`${s.name}\` is before the one on line ${before.line}`);
        }
        continue;
      }
      if (before.timestampText !== s.timestampText) continue;
      r.report("repeated-series", s.offset, s.name.length, `series \`${s.name}\` with these labels already appeared on line ${before.line}`);
    }
  }
}
