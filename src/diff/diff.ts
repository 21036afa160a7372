import type { Metric, MetricFamily } from "../model/types.js";
import { cardinalityOf } from "../validate/rules/family-cardinality.js";
import { familyKey, identifyingLabels, labelsKey, labelsObject, sameType } from "./identity.js";
import { labelChanges, sameLabelSets, seriesByKey, type SeriesEntry } from "./series.js";
import { DIFF_ASPECTS, type ChangeSet, type DiffAspect, type DiffOptions, type DiffSummary, type FamilyDiff, type MetadataChange, type SeriesLabels, type ValueChange } from "./types.js";
import { compareSeries, LayoutTracker, sameSamples, type FamilySide, type KeyedChange, type ValueSettings } from "./values.js";

interface Settings extends ValueSettings {
  aspects: ReadonlySet<DiffAspect>;
  ignored: ReadonlySet<string>;
  /** One side is text 0.0.4, which has no UNIT and none of the OpenMetrics-only types. */
  oneSideText: boolean;
}

function settingsOf(options: DiffOptions): Settings {
  const only = options.only === undefined ? DIFF_ASPECTS : typeof options.only === "string" ? [options.only] : options.only;
  const aspects = new Set(only.filter((a) => !(a === "values" && options.ignoreValues === true)));
  const threshold = options.threshold ?? 0;
  if (!(threshold >= 0)) throw new RangeError(`threshold must be a number ≥ 0; got ${threshold}`);
  return {
    aspects,
    ignored: new Set(options.ignoreLabels ?? []),
    strict: options.strict === true,
    threshold,
    intervalSeconds: options.intervalSeconds,
    values: aspects.has("values"),
    oneSideText: options.formats?.before === "prometheus" || options.formats?.after === "prometheus",
  };
}

/** The families of one side by the name their samples are stored under; the parts of a family split by another's are joined. */
function indexSide(families: readonly MetricFamily[], strict: boolean): Map<string, FamilySide> {
  const parts = new Map<string, MetricFamily[]>();
  for (const family of families) {
    const key = familyKey(family, strict);
    const list = parts.get(key);
    if (list) list.push(family);
    else parts.set(key, [family]);
  }
  const sides = new Map<string, FamilySide>();
  for (const [key, list] of parts) {
    const first = list[0] as MetricFamily;
    const family = list.length === 1 ? first : { ...first, metrics: list.flatMap((f) => f.metrics) };
    sides.set(key, { family, storedName: strict ? first.name : key });
  }
  return sides;
}

function metadataChanges(a: MetricFamily, b: MetricFamily, settings: Settings): MetadataChange[] {
  const changes: MetadataChange[] = [];
  const field = (name: MetadataChange["field"], before: string | undefined, after: string | undefined) => {
    const change: MetadataChange = { field: name };
    if (before !== undefined) change.before = before;
    if (after !== undefined) change.after = after;
    changes.push(change);
  };
  if (!sameType(a.type, b.type, settings.strict, settings.oneSideText)) field("type", a.type, b.type);
  if (a.help !== b.help) field("help", a.help, b.help);
  if (a.unit !== b.unit && (settings.strict || !settings.oneSideText)) field("unit", a.unit, b.unit);
  return changes;
}

const KIND_ORDER = ["value", "total", "bucket", "quantile", "sum", "count", "created"];

function kindRank(kind: string): number {
  const at = KIND_ORDER.indexOf(kind);
  return at === -1 ? KIND_ORDER.length : at;
}

function byKey(x: KeyedChange, y: KeyedChange): number {
  if (x.key !== y.key) return x.key < y.key ? -1 : 1;
  const a = x.change;
  const b = y.change;
  return kindRank(a.sample) - kindRank(b.sample) || (a.sample < b.sample ? -1 : a.sample > b.sample ? 1 : 0) || (a.bound ?? 0) - (b.bound ?? 0);
}

function sortedSeries(keys: string[], entries: Map<string, SeriesEntry>): SeriesLabels[] {
  return keys.sort().map((k) => labelsObject((entries.get(k) as SeriesEntry).labels));
}

function compareFamilies(name: string, a: FamilySide, b: FamilySide, settings: Settings): FamilyDiff | undefined {
  const fa = a.family;
  const fb = b.family;
  const metadata = settings.aspects.has("metadata") ? metadataChanges(fa, fb, settings) : [];
  let added: SeriesLabels[] = [];
  let removed: SeriesLabels[] = [];
  let labels: FamilyDiff["series"]["labels"] = [];
  const keyed: KeyedChange[] = [];
  let seriesReordered = false;
  const seriesAspect = settings.aspects.has("series");
  const layoutKind = LayoutTracker.of(fa.type);
  const layout = seriesAspect && layoutKind !== undefined && layoutKind.kind === LayoutTracker.of(fb.type)?.kind ? layoutKind : undefined;
  const compare = (ma: Metric, mb: Metric, identity: () => { key: string; labels: SeriesEntry["labels"] }) => {
    if (sameSamples(ma.samples, mb.samples, settings.strict)) return;
    compareSeries(identity(), a, ma, b, mb, settings, keyed, layout);
  };
  if (seriesAspect || settings.values) {
    if (settings.ignored.size === 0 && sameLabelSets(fa.metrics, fb.metrics)) {
      // the same label sets in the same order (two scrapes of one exporter): pair them by position
      for (let i = 0; i < fa.metrics.length; i++) {
        const ma = fa.metrics[i] as Metric;
        compare(ma, fb.metrics[i] as Metric, () => {
          const identifying = identifyingLabels(ma.labels, settings.ignored, settings.strict);
          return { key: labelsKey(identifying), labels: identifying };
        });
      }
    } else {
      const before = seriesByKey(fa.metrics, settings.ignored, settings.strict);
      const after = seriesByKey(fb.metrics, settings.ignored, settings.strict);
      const onlyAfter: string[] = [];
      for (const [key, entry] of after) {
        const other = before.get(key);
        if (other === undefined) onlyAfter.push(key);
        else compare(other.metric, entry.metric, () => ({ key, labels: entry.labels }));
      }
      if (seriesAspect) {
        if (settings.strict && !sameOrder(before, after)) seriesReordered = true;
        const onlyBefore = [...before.keys()].filter((k) => !after.has(k));
        added = sortedSeries(onlyAfter, after);
        removed = sortedSeries(onlyBefore, before);
        if (added.length > 0 || removed.length > 0) labels = labelChanges(before, after);
      }
    }
  }
  const values: ValueChange[] = keyed.sort(byKey).map((k) => k.change);
  const layoutChange = layout?.result();
  if (metadata.length === 0 && added.length === 0 && removed.length === 0 && layoutChange === undefined && values.length === 0 && !seriesReordered) return undefined;
  const diff: FamilyDiff = {
    name,
    change: "changed",
    type: fb.type,
    metadata,
    series: { before: fa.metrics.length, after: fb.metrics.length, cardinality: { before: cardinalityOf(fa), after: cardinalityOf(fb) }, added, removed, labels },
    values,
  };
  if (layoutChange) diff.layout = layoutChange;
  if (seriesReordered) diff.seriesReordered = true;
  return diff;
}

/** The keys both maps have, in each map's order. */
function commonOrder(a: ReadonlyMap<string, unknown>, b: ReadonlyMap<string, unknown>): { before: string[]; after: string[] } {
  return { before: [...a.keys()].filter((k) => b.has(k)), after: [...b.keys()].filter((k) => a.has(k)) };
}

/** Whether what both maps have comes in the same order in each. */
function sameOrder(a: ReadonlyMap<string, unknown>, b: ReadonlyMap<string, unknown>): boolean {
  const { before, after } = commonOrder(a, b);
  return before.every((k, i) => k === after[i]);
}

function addedOrRemoved(name: string, side: FamilySide, change: "added" | "removed"): FamilyDiff {
  const n = side.family.metrics.length;
  const c = cardinalityOf(side.family);
  const series = change === "added" ? { before: 0, after: n, cardinality: { before: 0, after: c } } : { before: n, after: 0, cardinality: { before: c, after: 0 } };
  return { name, change, type: side.family.type, metadata: [], series: { ...series, added: [], removed: [], labels: [] }, values: [] };
}

function summarize(families: readonly FamilyDiff[], before: Map<string, FamilySide>, after: Map<string, FamilySide>): DiffSummary {
  const summary: DiffSummary = {
    familiesAdded: 0,
    familiesRemoved: 0,
    familiesChanged: 0,
    metadataChanges: 0,
    seriesAdded: 0,
    seriesRemoved: 0,
    layoutChanges: 0,
    valueChanges: 0,
    resets: 0,
    reorders: 0,
    series: { before: 0, after: 0 },
    cardinality: { before: 0, after: 0 },
  };
  for (const f of families) {
    if (f.change === "added") {
      summary.familiesAdded++;
      summary.seriesAdded += f.series.after;
    } else if (f.change === "removed") {
      summary.familiesRemoved++;
      summary.seriesRemoved += f.series.before;
    } else {
      summary.familiesChanged++;
      summary.seriesAdded += f.series.added.length;
      summary.seriesRemoved += f.series.removed.length;
    }
    summary.metadataChanges += f.metadata.length;
    if (f.layout) summary.layoutChanges++;
    summary.valueChanges += f.values.length;
    const reset = new Set<string>();
    for (const v of f.values) if (v.reset) reset.add(JSON.stringify(v.labels));
    summary.resets += reset.size;
    if (f.seriesReordered) summary.reorders++;
  }
  for (const { family } of before.values()) {
    summary.series.before += family.metrics.length;
    summary.cardinality.before += cardinalityOf(family);
  }
  for (const { family } of after.values()) {
    summary.series.after += family.metrics.length;
    summary.cardinality.after += cardinalityOf(family);
  }
  return summary;
}

/**
 * What changed from `before` to `after`, family by family: families added and removed, TYPE,
 * HELP and UNIT, series added and removed with the labels that drove the change, bucket
 * layouts, and values (counters with their increase, rate and resets). What differs only in
 * how the text is written (format, order of families, series and labels, escaping, `1` vs `1.0`
 * bounds, an OpenMetrics counter's `_total`) is no change unless `strict`.
 */
export function diff(before: readonly MetricFamily[], after: readonly MetricFamily[], options: DiffOptions = {}): ChangeSet {
  const settings = settingsOf(options);
  const a = indexSide(before, settings.strict);
  const b = indexSide(after, settings.strict);
  const names = [...new Set([...a.keys(), ...b.keys()])].sort();
  const families: FamilyDiff[] = [];
  for (const name of names) {
    const fa = a.get(name);
    const fb = b.get(name);
    let change: FamilyDiff | undefined;
    if (fa === undefined) change = settings.aspects.has("families") ? addedOrRemoved(name, fb as FamilySide, "added") : undefined;
    else if (fb === undefined) change = settings.aspects.has("families") ? addedOrRemoved(name, fa, "removed") : undefined;
    else change = compareFamilies(name, fa, fb, settings);
    if (change) families.push(change);
  }
  const changes: ChangeSet = { equal: families.length === 0, summary: summarize(families, a, b), families };
  if (settings.strict && settings.aspects.has("families") && !sameOrder(a, b)) {
    changes.familyOrder = commonOrder(a, b);
    changes.summary.reorders++;
    changes.equal = false;
  }
  return changes;
}
