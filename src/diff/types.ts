import type { InputFormat } from "../diagnostics/codes.js";
import type { MetricType } from "../model/types.js";

/** The parts of a change set; `only` picks some. */
export type DiffAspect = "families" | "series" | "metadata" | "values";

export const DIFF_ASPECTS: readonly DiffAspect[] = ["families", "series", "metadata", "values"];

export interface DiffOptions {
  /** Report no value changes (the same as leaving `values` out of `only`). */
  ignoreValues?: boolean;
  /** Label names left out of every series before series are matched (e.g. `pod`, `instance`). */
  ignoreLabels?: readonly string[];
  /** Report only these parts (default all). */
  only?: DiffAspect | readonly DiffAspect[];
  /** A value change smaller than this, relative to the value before (0.01 = 1 %), is not reported; resets always are. Default 0. */
  threshold?: number;
  /**
   * Compare what was written, not what it means: family names as written (no `_total` or `_info`
   * folding), TYPE as written (`unknown` ≠ `untyped`), `le`/`quantile` as text, labels in their
   * order with empty values kept, values as text, and the order of families and of series. Default false.
   */
  strict?: boolean;
  /** Seconds between the two scrapes, for counter rates where the samples carry no timestamps. */
  intervalSeconds?: number;
  /**
   * The formats the two sides were read in. Where one side is text 0.0.4, what it cannot say is no
   * difference: UNIT, and the OpenMetrics-only types against what 0.0.4 writes for them (info and
   * stateset as gauge, gaugehistogram as histogram). Unknown formats are compared as if equal.
   */
  formats?: { before?: InputFormat; after?: InputFormat };
}

/** A series: its labels (without `le` and `quantile`), sorted by name, as an object. */
export type SeriesLabels = Record<string, string>;

/** What the text says of a family besides its samples. */
export type MetadataField = "type" | "help" | "unit";

export interface MetadataChange {
  field: MetadataField;
  /** Absent when the side has none (no HELP line, no UNIT). */
  before?: string;
  after?: string;
}

/** A label whose set of values in the family changed: what drove a change of cardinality. */
export interface LabelChange {
  name: string;
  /** Distinct values before and after (0: the label was not used). */
  before: number;
  after: number;
  /** Values only after, and only before, sorted. */
  added: string[];
  removed: string[];
}

export interface SeriesChanges {
  /** Label sets (metrics) in the family before and after. */
  before: number;
  after: number;
  /** Series as `promtool check metrics --extended` counts them (a histogram series × (2 + buckets)). */
  cardinality: { before: number; after: number };
  /** Series only after, and only before, sorted by their text form. Empty for a family added or removed. */
  added: SeriesLabels[];
  removed: SeriesLabels[];
  /** The labels whose values changed, most changed first. */
  labels: LabelChange[];
}

/** Bucket bounds (`le`) or quantiles that differ between the two sides of one or more series. */
export interface LayoutChange {
  label: "le" | "quantile";
  /** The bounds of the first such series (in series order), ascending, before and after. */
  before: number[];
  after: number[];
  /** Bounds only after, and only before, over all such series, ascending. */
  added: number[];
  removed: number[];
  /** How many series have a different layout. */
  series: number;
}

/**
 * Which sample of a series changed: `value` (the family's own sample: a gauge's, a counter's
 * `_total`, an info's `_info`), `bucket` (with `bound` = its `le`), `quantile` (with `bound`),
 * `sum`, `count` (`_gsum`, `_gcount` for a gauge histogram), `created`, `total` (strict only: an
 * OpenMetrics counter's `_total`), or another suffix as written.
 */
export type SampleKind = "value" | "total" | "bucket" | "quantile" | "sum" | "count" | "created" | (string & {});

export interface ValueChange {
  labels: SeriesLabels;
  sample: SampleKind;
  /** The `le` of a bucket or the quantile, as a number. */
  bound?: number;
  before: number;
  after: number;
  /** With `strict`, the values as written (a change may be one of spelling only: `1e3` → `1000.0`). */
  beforeText?: string;
  afterText?: string;
  /** after − before. */
  delta: number;
  /**
   * For counters and cumulative samples (a histogram's buckets, `_sum` and `_count`, a summary's
   * `_sum` and `_count`): the increase as Prometheus' increase() counts it, after − before, or
   * after when the value went down.
   */
  increase?: number;
  /** increase per second, over the samples' timestamps or `intervalSeconds`, when either is known. */
  rate?: number;
  /** The value went down (or `_created` moved): the series was reset. */
  reset?: true;
}

export interface FamilyDiff {
  /** The name Prometheus stores the family's samples under (a counter's with `_total`), or as written with `strict`. */
  name: string;
  change: "added" | "removed" | "changed";
  /** The type after (before, for a family removed). */
  type: MetricType;
  metadata: MetadataChange[];
  series: SeriesChanges;
  layout?: LayoutChange;
  values: ValueChange[];
  /** With `strict`: the series on both sides are written in another order. */
  seriesReordered?: true;
}

export interface DiffSummary {
  familiesAdded: number;
  familiesRemoved: number;
  /** Families in both inputs with some change. */
  familiesChanged: number;
  metadataChanges: number;
  seriesAdded: number;
  seriesRemoved: number;
  /** Families with a bucket or quantile layout change. */
  layoutChanges: number;
  valueChanges: number;
  /** Series with a reset. */
  resets: number;
  /** With `strict`: 1 if the families on both sides are in another order, plus the families whose series are. */
  reorders: number;
  /** Totals over both inputs, every family: label sets, and series as promtool --extended counts them. */
  series: { before: number; after: number };
  cardinality: { before: number; after: number };
}

export interface ChangeSet {
  /** No change at all (of the aspects compared). */
  equal: boolean;
  summary: DiffSummary;
  /** Families with a change, by name. */
  families: FamilyDiff[];
  /** With `strict`, when it differs: the families on both sides in their order before and after. */
  familyOrder?: { before: string[]; after: string[] };
}
