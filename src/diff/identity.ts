import type { Label, MetricFamily, MetricType, Sample } from "../model/types.js";
import { parseFloatGo } from "../parser/values.js";
import { textFamilyName } from "../serialize/text.js";
import type { SampleKind, SeriesLabels } from "./types.js";

/**
 * What makes two families, series and samples the same across the two inputs. Without `strict`
 * that is what Prometheus stores: a family by the name of its samples (`x_total` for an
 * OpenMetrics counter `x`), a series by its labels sorted by name with empty values dropped, a
 * bucket by its bound as a number (`1` is `1.0`).
 */

export function familyKey(family: MetricFamily, strict: boolean): string {
  return strict ? family.name : textFamilyName(family);
}

/** What text 0.0.4 writes for each type (serialize/text.ts). */
const TEXT_TYPE: Partial<Record<MetricType, MetricType>> = { unknown: "untyped", info: "gauge", stateset: "gauge", gaugehistogram: "histogram" };

/** Whether two TYPEs differ only in spelling: `unknown` is `untyped`; against text 0.0.4, an OpenMetrics-only type is what 0.0.4 writes for it. */
export function sameType(a: MetricType, b: MetricType, strict: boolean, oneSideText: boolean): boolean {
  if (a === b) return true;
  if (strict) return false;
  const spelling = (t: MetricType) => (t === "unknown" ? "untyped" : t);
  if (spelling(a) === spelling(b)) return true;
  return oneSideText && (TEXT_TYPE[a] ?? a) === (TEXT_TYPE[b] ?? b);
}

/** A series' labels as they identify it: without the ignored ones; unless strict, sorted by name and without empty values. */
export function identifyingLabels(labels: readonly Label[], ignored: ReadonlySet<string>, strict: boolean): readonly Label[] {
  let plain = true;
  for (let i = 0; i < labels.length && plain; i++) {
    const l = labels[i] as Label;
    if (ignored.has(l.name) || (!strict && (l.value === "" || (i > 0 && (labels[i - 1] as Label).name > l.name)))) plain = false;
  }
  if (plain) return labels;
  const kept = labels.filter((l) => !ignored.has(l.name) && (strict || l.value !== ""));
  return strict ? kept : kept.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
}

export function labelsKey(labels: readonly Label[]): string {
  let key = "";
  for (const l of labels) key += `${l.name}\u0000${l.value}\u0001`;
  return key;
}

export function labelsObject(labels: readonly Label[]): SeriesLabels {
  return Object.fromEntries(labels.map((l) => [l.name, l.value]));
}

const SUFFIX_KINDS = new Map<string, SampleKind>([
  ["_bucket", "bucket"],
  ["_sum", "sum"],
  ["_gsum", "sum"],
  ["_count", "count"],
  ["_gcount", "count"],
  ["_created", "created"],
  ["_total", "total"],
]);

/** One sample of a series, as it is matched with the other side's. */
export interface Slot {
  key: string;
  kind: SampleKind;
  bound?: number;
  sample: Sample;
}

function boundText(sample: Sample, name: string): string | undefined {
  for (const l of sample.labels) if (l.name === name) return l.value;
  return undefined;
}

/** Which sample of its series `sample` is: its kind, and its bucket bound or quantile. */
export function slotOf(family: MetricFamily, storedName: string, sample: Sample, strict: boolean): Slot {
  let kind: SampleKind;
  if (sample.name === storedName) kind = "value";
  else if (sample.name.startsWith(family.name)) {
    const suffix = sample.name.slice(family.name.length);
    kind = SUFFIX_KINDS.get(suffix) ?? suffix;
  } else kind = sample.name;
  const boundLabel = kind === "bucket" ? "le" : kind === "value" && family.type === "summary" ? "quantile" : undefined;
  const text = boundLabel === undefined ? undefined : boundText(sample, boundLabel);
  if (text === undefined) return { key: kind, kind, sample };
  if (boundLabel === "quantile") kind = "quantile";
  const parsed = parseFloatGo(text);
  const bound = typeof parsed === "number" ? parsed : NaN;
  const key = strict || typeof parsed !== "number" ? `${kind}\u0000${text}` : `${kind}\u0000${String(bound)}`;
  return { key, kind, bound, sample };
}
