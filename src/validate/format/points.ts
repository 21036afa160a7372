import type { SampleView } from "../../model/series-node.js";
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

/**
 * The points of a metric, as indexes of its samples: its samples grouped by timestamp
 * (OpenMetrics lets one series carry several timestamped points; without timestamps there is
 * one point). Timestamps are compared by value: `0100` is `100`.
 */
export function pointsOf(view: SampleView): number[][] {
  const n = view.sampleCount;
  if (n === 0) return [];
  const first = view.timestampTextAt(0);
  let single = true;
  for (let i = 1; i < n && single; i++) if (view.timestampTextAt(i) !== first) single = false;
  if (single) {
    const all: number[] = new Array(n);
    for (let i = 0; i < n; i++) all[i] = i;
    return [all];
  }
  const byTime = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const key = decimalKey(view.timestampTextAt(i));
    const group = byTime.get(key);
    if (group) group.push(i);
    else byTime.set(key, [i]);
  }
  return [...byTime.values()];
}
