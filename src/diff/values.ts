import type { Label, Metric, MetricFamily, MetricType, Sample } from "../model/types.js";
import { labelsObject, slotOf, type Slot } from "./identity.js";
import { sameLabels } from "./series.js";
import type { LayoutChange, SampleKind, ValueChange } from "./types.js";

/** One side of a family, as the value comparison needs it. */
export interface FamilySide {
  family: MetricFamily;
  /** The name its samples are stored under (see familyKey). */
  storedName: string;
}

export interface ValueSettings {
  strict: boolean;
  threshold: number;
  intervalSeconds: number | undefined;
  values: boolean;
}

/** Samples that count up, for which a decrease is a reset. */
function isCumulative(type: MetricType, kind: SampleKind): boolean {
  if (type === "counter") return kind === "value" || kind === "total";
  if (type === "histogram") return kind === "bucket" || kind === "sum" || kind === "count";
  if (type === "summary") return kind === "sum" || kind === "count";
  return false;
}

function sameValue(a: Sample, b: Sample, strict: boolean): boolean {
  if (strict) return a.valueText === b.valueText;
  return a.value === b.value || (Number.isNaN(a.value) && Number.isNaN(b.value));
}

/** Whether two series' samples are the same, line for line: the common case, checked without building slots. */
export function sameSamples(a: readonly Sample[], b: readonly Sample[], strict: boolean): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as Sample;
    const y = b[i] as Sample;
    if (x.name !== y.name || !sameValue(x, y, strict) || !sameLabels(x.labels, y.labels)) return false;
  }
  return true;
}

/**
 * Whether two series have the same sample lines (names, labels, one point each) whatever their
 * values: then samples pair up by position, as their slots would pair them.
 */
function sameLines(a: readonly Sample[], b: readonly Sample[]): boolean {
  if (a.length !== b.length) return false;
  const at = a[0]?.timestampText;
  const bt = b[0]?.timestampText;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as Sample;
    const y = b[i] as Sample;
    if (x.name !== y.name || x.timestampText !== at || y.timestampText !== bt || !sameLabels(x.labels, y.labels)) return false;
  }
  return true;
}

function slotsOf(side: FamilySide, metric: Metric, strict: boolean): Map<string, Slot> {
  const slots = new Map<string, Slot>();
  // a series with several timestamped points (OpenMetrics) is compared at its last
  for (const sample of metric.samples) {
    const slot = slotOf(side.family, side.storedName, sample, strict);
    slots.set(slot.key, slot);
  }
  return slots;
}

/** Bucket bounds or quantiles that differ between the series of one family. */
export class LayoutTracker {
  /** The series, of those with a different layout, that comes first in key order: the one shown. */
  private first: { key: string; before: number[]; after: number[] } | undefined;
  private readonly added = new Set<number>();
  private readonly removed = new Set<number>();
  private series = 0;

  constructor(
    readonly label: "le" | "quantile",
    readonly kind: "bucket" | "quantile",
  ) {}

  static of(type: MetricType): LayoutTracker | undefined {
    if (type === "histogram" || type === "gaugehistogram") return new LayoutTracker("le", "bucket");
    if (type === "summary") return new LayoutTracker("quantile", "quantile");
    return undefined;
  }

  /** One series' bounds by slot key: a bound is added or removed when its key is (with strict, `1` and `1.0` are two). */
  note(key: string, before: Map<string, number>, after: Map<string, number>): void {
    for (const [k, x] of after) if (!before.has(k)) this.added.add(x);
    for (const [k, x] of before) if (!after.has(k)) this.removed.add(x);
    const ascending = (m: Map<string, number>) => [...m.values()].sort((x, y) => x - y);
    if (this.first === undefined || key < this.first.key) this.first = { key, before: ascending(before), after: ascending(after) };
    this.series++;
  }

  result(): LayoutChange | undefined {
    if (this.first === undefined) return undefined;
    const ascending = (xs: Iterable<number>) => [...xs].sort((x, y) => x - y);
    return { label: this.label, before: this.first.before, after: this.first.after, added: ascending(this.added), removed: ascending(this.removed), series: this.series };
  }
}

function boundsOf(slots: Map<string, Slot>, kind: SampleKind): Map<string, number> {
  const bounds = new Map<string, number>();
  for (const slot of slots.values()) if (slot.kind === kind) bounds.set(slot.key, slot.bound ?? NaN);
  return bounds;
}

function sameKeys(a: Map<string, number>, b: Map<string, number>): boolean {
  if (a.size !== b.size) return false;
  for (const k of a.keys()) if (!b.has(k)) return false;
  return true;
}

function relativeChange(before: number, delta: number): number {
  if (delta === 0) return 0;
  return before === 0 ? Infinity : Math.abs(delta) / Math.abs(before);
}

function secondsBetween(a: Sample, b: Sample, intervalSeconds: number | undefined): number | undefined {
  if (a.timestamp !== undefined && b.timestamp !== undefined && b.timestamp > a.timestamp) return (b.timestamp - a.timestamp) / 1000;
  return intervalSeconds;
}

function valueChange(labels: readonly Label[], slot: Slot, a: Sample, b: Sample, cumulative: boolean, settings: ValueSettings): ValueChange | undefined {
  const delta = b.value - a.value;
  const change: ValueChange = { labels: labelsObject(labels), sample: slot.kind, ...(slot.bound !== undefined ? { bound: slot.bound } : {}), before: a.value, after: b.value, delta };
  if (settings.strict) {
    change.beforeText = a.valueText;
    change.afterText = b.valueText;
  }
  if (cumulative) {
    const reset = b.value < a.value;
    change.increase = reset ? b.value : delta;
    const seconds = secondsBetween(a, b, settings.intervalSeconds);
    if (seconds !== undefined && seconds > 0) change.rate = change.increase / seconds;
    if (reset) change.reset = true;
  } else if (slot.kind === "created" && a.value !== b.value) change.reset = true;
  if (change.reset !== true && settings.threshold > 0 && relativeChange(a.value, delta) < settings.threshold) return undefined;
  return change;
}

/** A value change, with the key of its series. */
export interface KeyedChange {
  key: string;
  change: ValueChange;
}

/**
 * Compares the samples of one series on both sides: value changes into `changes`, a different
 * set of buckets or quantiles into `layout`. Samples that only one side has (a `_created`
 * OpenMetrics adds, a bucket added) are not value changes. For series whose samples are not
 * sameSamples().
 */
export function compareSeries(
  series: { key: string; labels: readonly Label[] },
  before: FamilySide,
  ma: Metric,
  after: FamilySide,
  mb: Metric,
  settings: ValueSettings,
  changes: KeyedChange[],
  layout: LayoutTracker | undefined,
): void {
  const changeOf = (slot: Slot, a: Sample, b: Sample) => {
    const cumulative = isCumulative(before.family.type, slot.kind) && isCumulative(after.family.type, slot.kind);
    const change = valueChange(series.labels, slot, a, b, cumulative, settings);
    if (change) changes.push({ key: series.key, change });
  };
  if (sameLines(ma.samples, mb.samples)) {
    // the same lines with other values (a later scrape of the same exporter): no slots to build
    if (!settings.values) return;
    for (let i = 0; i < ma.samples.length; i++) {
      const a = ma.samples[i] as Sample;
      const b = mb.samples[i] as Sample;
      if (!sameValue(a, b, settings.strict)) changeOf(slotOf(after.family, after.storedName, b, settings.strict), a, b);
    }
    return;
  }
  const sa = slotsOf(before, ma, settings.strict);
  const sb = slotsOf(after, mb, settings.strict);
  if (layout !== undefined) {
    const a = boundsOf(sa, layout.kind);
    const b = boundsOf(sb, layout.kind);
    if (!sameKeys(a, b)) layout.note(series.key, a, b);
  }
  if (!settings.values) return;
  for (const [key, slot] of sb) {
    const other = sa.get(key);
    if (other !== undefined && !sameValue(other.sample, slot.sample, settings.strict)) changeOf(slot, other.sample, slot.sample);
  }
}
