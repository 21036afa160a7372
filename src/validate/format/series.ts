import { sampleView } from "../../model/series-node.js";
import type { MetricFamily } from "../../model/types.js";
import { decimalKey } from "../../parser/decimal.js";
import { parseFloatGo } from "../../parser/values.js";
import type { FormatCheckContext } from "./context.js";
import { memoized } from "./points.js";

function keyOfBound(text: string): string {
  const v = parseFloatGo(text);
  return typeof v === "number" ? `=${v}` : text;
}

function boundOfFamily(family: MetricFamily): string {
  return family.type === "histogram" || family.type === "gaugehistogram" ? "le" : family.type === "summary" ? "quantile" : "";
}

/**
 * Each series once: a sample name with the same labels must not repeat (the text format's
 * documentation: "each line must have a unique combination of a metric name and labels"; with
 * different timestamps every consumer ingests both, so that is only a warning), except in
 * OpenMetrics with timestamps that all are present and do not decrease.
 */
export function checkSeries(family: MetricFamily, { reporter: r, openMetrics }: FormatCheckContext): void {
  const bound = boundOfFamily(family);
  const boundKey = memoized(keyOfBound);
  for (const metric of family.metrics) {
    const v = sampleView(metric);
    const n = v.sampleCount;
    if (n < 2) continue;
    // within a series only the bound tells samples of one name apart; it is "" where there is none
    const buckets: string[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const value = bound === "" ? undefined : v.labelAt(i, bound);
      buckets[i] = value === undefined ? "" : boundKey(value);
    }
    // a backwards scan is cheapest for the usual handful of samples; a map for long series
    const last = n > 32 ? new Map<string, number>() : undefined;
    if (last) last.set(`${v.nameAt(0)}\u0000${buckets[0]}`, 0);
    for (let i = 1; i < n; i++) {
      const name = v.nameAt(i);
      let before = -1;
      if (last) {
        const key = `${name}\u0000${buckets[i]}`;
        before = last.get(key) ?? -1;
        last.set(key, i);
      } else {
        for (let j = i - 1; j >= 0; j--) {
          if (buckets[j] === buckets[i] && v.nameAt(j) === name) {
            before = j;
            break;
          }
        }
      }
      if (before === -1) continue;
      const offset = v.offsetAt(i);
      const at = v.timestampAt(i);
      const was = v.timestampAt(before);
      if (openMetrics && (was !== undefined || at !== undefined)) {
        if (was === undefined || at === undefined) {
          r.report("om-timestamp-order", offset, name.length, `series \`${name}\` repeats with and without timestamps`);
        } else if (at < was) {
          r.report("om-timestamp-order", offset, name.length, `timestamp ${v.timestampTextAt(i)} of \`${name}\` is before the one on line ${v.lineAt(before)}`);
        }
        continue;
      }
      const stamp = v.timestampTextAt(i);
      const stampBefore = v.timestampTextAt(before);
      if (stampBefore !== stamp && decimalKey(stampBefore) !== decimalKey(stamp)) {
        r.report("repeated-series-timestamps", offset, name.length, `series \`${name}\` appears again, with another timestamp, after line ${v.lineAt(before)}`);
        continue;
      }
      const again = bound === "" ? undefined : v.labelAt(i, bound);
      const wasBound = bound === "" ? undefined : v.labelAt(before, bound);
      const spelled = again !== wasBound ? ` (${bound}="${again}" is ${bound}="${wasBound}")` : "";
      r.report("repeated-series", offset, name.length, `series \`${name}\` with these labels already appeared on line ${v.lineAt(before)}${spelled}`);
    }
  }
}
