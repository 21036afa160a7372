import type { Label, Metric, Sample } from "../../model/types.js";
import { decimalKey } from "../../parser/decimal.js";

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
