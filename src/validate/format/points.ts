import type { Label, Metric, Sample } from "../../model/types.js";
import { decimalKey } from "../../parser/decimal.js";

/**
 * `read`, remembering what it gave for each text (at most 1,024): the checks read a family's
 * `le` or `quantile` values, and a family repeats a handful of them in every series.
 */
export function memoized<T>(read: (text: string) => T): (text: string) => T {
  const known = new Map<string, T>();
  return (text) => {
    let value = known.get(text);
    if (value === undefined) {
      value = read(text);
      if (known.size < 1024) known.set(text, value);
    }
    return value;
  };
}

export function labelValue(labels: Label[], name: string): string | undefined {
  for (const l of labels) if (l.name === name) return l.value;
  return undefined;
}

/**
 * The points of a metric: its samples grouped by timestamp (OpenMetrics lets one series carry
 * several timestamped points; without timestamps there is one point). Timestamps are compared
 * by value: `0100` is `100`.
 */
export function pointsOf(metric: Metric): Sample[][] {
  const first = metric.samples[0];
  if (first === undefined) return [];
  let single = true;
  for (const s of metric.samples) if (s.timestampText !== first.timestampText) single = false;
  if (single) return [metric.samples];
  const byTime = new Map<string, Sample[]>();
  for (const s of metric.samples) {
    const key = decimalKey(s.timestampText);
    const group = byTime.get(key);
    if (group) group.push(s);
    else byTime.set(key, [s]);
  }
  return [...byTime.values()];
}
