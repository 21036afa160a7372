import type { Exemplar, Label, Metric, Sample } from "./types.js";

const inspect = Symbol.for("nodejs.util.inspect.custom");

/**
 * A family's plain samples (no timestamp, no exemplar, labels in the series' order) that are not
 * in their series' own fields (see SeriesNode), in two flat arrays: a histogram's bucket costs
 * seven array slots instead of a Sample object and a label array. A sample's labels are its
 * series' labels with `bound(j)` (its `le` or `quantile`, if any) put in at `boundAt(j)`.
 * Plain arrays, not typed ones: a family of one small histogram then costs two small arrays, where
 * typed arrays (an ArrayBuffer each, memory outside the heap) made 10⁵ tiny histogram families
 * twice as slow to parse.
 */
export class SampleColumns {
  length = 0;
  /** Per sample: value, offset, line and the bound's place, as doubles (unboxed in a plain array). */
  private readonly numbers: number[] = [];
  /** Per sample: name, value text (undefined where it is String(value)) and bound label. */
  private readonly refs: (string | Label | undefined)[] = [];

  push(name: string, value: number, valueText: string | undefined, offset: number, line: number, bound: Label | undefined, boundAt: number): void {
    this.length++;
    this.numbers.push(value, offset, line, boundAt);
    this.refs.push(name, valueText, bound);
  }

  name(j: number): string {
    return this.refs[3 * j] as string;
  }

  value(j: number): number {
    return this.numbers[4 * j] as number;
  }

  valueText(j: number): string {
    return (this.refs[3 * j + 1] as string | undefined) ?? String(this.numbers[4 * j]);
  }

  offset(j: number): number {
    return this.numbers[4 * j + 1] as number;
  }

  line(j: number): number {
    return this.numbers[4 * j + 2] as number;
  }

  /** The sample's `le` or `quantile` label, if it has one, and where in its labels it is. */
  bound(j: number): Label | undefined {
    return this.refs[3 * j + 2] as Label | undefined;
  }

  boundAt(j: number): number {
    return this.numbers[4 * j + 3] as number;
  }
}

/** A series' samples in a family's columns: `count` of them from `start` (all of them, or those after the first, see SeriesNode). */
class ColumnRange {
  constructor(
    readonly columns: SampleColumns,
    readonly start: number,
    public count: number,
  ) {}
}

/**
 * A metric's samples read one field at a time, by index, without making Sample objects (the
 * format checks read every sample of every series).
 */
export interface SampleView {
  readonly sampleCount: number;
  nameAt(i: number): string;
  valueAt(i: number): number;
  valueTextAt(i: number): string;
  offsetAt(i: number): number;
  lineAt(i: number): number;
  timestampAt(i: number): number | undefined;
  timestampTextAt(i: number): string | undefined;
  exemplarAt(i: number): Exemplar | undefined;
  /** The value of sample `i`'s label `name`, or undefined. */
  labelAt(i: number, name: string): string | undefined;
}

/** The samples of any metric as a SampleView: the parser's series read their own storage. */
export function sampleView(metric: Metric): SampleView {
  return metric instanceof SeriesNode ? metric : new SampleListView(metric.samples);
}

class SampleListView implements SampleView {
  constructor(private readonly samples: Sample[]) {}
  get sampleCount(): number {
    return this.samples.length;
  }
  nameAt(i: number): string {
    return (this.samples[i] as Sample).name;
  }
  valueAt(i: number): number {
    return (this.samples[i] as Sample).value;
  }
  valueTextAt(i: number): string {
    return (this.samples[i] as Sample).valueText;
  }
  offsetAt(i: number): number {
    return (this.samples[i] as Sample).offset;
  }
  lineAt(i: number): number {
    return (this.samples[i] as Sample).line;
  }
  timestampAt(i: number): number | undefined {
    return (this.samples[i] as Sample).timestamp;
  }
  timestampTextAt(i: number): string | undefined {
    return (this.samples[i] as Sample).timestampText;
  }
  exemplarAt(i: number): Exemplar | undefined {
    return (this.samples[i] as Sample).exemplar;
  }
  labelAt(i: number, name: string): string | undefined {
    return labelValueOf((this.samples[i] as Sample).labels, name);
  }
}

function labelValueOf(labels: readonly Label[], name: string): string | undefined {
  for (const l of labels) if (l.name === name) return l.value;
  return undefined;
}

/**
 * A metric (series) as the parser builds it, its samples kept in one of three ways, and made
 * Sample objects only when `samples` is read:
 *  - most series have one sample (a counter or a gauge) with no timestamp or exemplar: it is
 *    kept in the series' own fields (`firstName`…);
 *  - plain samples after that one, and all plain samples of a histogram's or summary's series,
 *    are kept in the family's SampleColumns while they follow each other there;
 *  - any other series has its samples as Sample objects.
 * So parsing allocates one object per series, and none per histogram bucket.
 * To users it is a Metric: `labels`, `samples`, `offset`, `line` (and JSON of those).
 */
export class SeriesNode implements Metric, SampleView {
  labels: Label[];
  offset: number;
  line: number;
  /** The samples as objects once made (all of them), or the samples in columns. */
  private rest: Sample[] | ColumnRange | undefined;
  /** The first sample, where it is kept in these fields (see the class); undefined otherwise. */
  private firstName: string | undefined;
  /** A number or undefined, so that V8 keeps a small integer here unboxed (a field only ever given numbers boxes them all). */
  private firstValue: number | undefined;
  /** undefined where the value is a plain integer, whose text is String(firstValue) */
  private firstValueText: string | undefined;

  constructor(labels: Label[], offset: number, line: number) {
    this.labels = labels;
    this.offset = offset;
    this.line = line;
    this.rest = undefined;
    this.firstName = undefined;
    this.firstValue = undefined;
    this.firstValueText = undefined;
  }

  /** Parser: the series' first sample, plain, with the series' own labels, at the series' offset and line. */
  setFirst(name: string, value: number, valueText: string | undefined): void {
    this.firstName = name;
    this.firstValue = value;
    this.firstValueText = valueText;
  }

  get samples(): Sample[] {
    const rest = this.rest;
    if (Array.isArray(rest)) return rest;
    const first = this.firstName === undefined ? undefined : this.firstSample();
    if (rest === undefined) return (this.rest = first === undefined ? [] : [first]);
    const list: Sample[] = first === undefined ? [] : [first];
    const c = rest.columns;
    for (let j = rest.start, end = rest.start + rest.count; j < end; j++) {
      list.push({
        name: c.name(j),
        labels: this.labelsOf(c, j),
        value: c.value(j),
        valueText: c.valueText(j),
        timestamp: undefined,
        timestampText: undefined,
        exemplar: undefined,
        offset: c.offset(j),
        line: c.line(j),
      });
    }
    this.rest = list;
    return list;
  }

  private firstSample(): Sample {
    const value = this.firstValue as number;
    return { name: this.firstName as string, labels: this.labels, value, valueText: this.firstValueText ?? String(value), timestamp: undefined, timestampText: undefined, exemplar: undefined, offset: this.offset, line: this.line };
  }

  set samples(samples: Sample[]) {
    this.rest = samples;
  }

  /**
   * Parser: adds a plain sample (see SampleColumns) to the columns, if the series' other samples
   * in columns end where the columns end; false, and nothing added, otherwise.
   */
  addToColumns(c: SampleColumns, name: string, value: number, valueText: string | undefined, offset: number, line: number, bound: Label | undefined, boundAt: number): boolean {
    const rest = this.rest;
    if (rest === undefined) this.rest = new ColumnRange(c, c.length, 1);
    else if (rest instanceof ColumnRange && rest.columns === c && rest.start + rest.count === c.length) rest.count++;
    else return false;
    c.push(name, value, valueText, offset, line, bound, boundAt);
    return true;
  }

  /** Where sample `i` is in the columns, or -1 when it is the first sample in this series' fields (the samples are not objects). */
  private columnOf(i: number): number {
    if (this.firstName !== undefined) return i === 0 ? -1 : (this.rest as ColumnRange).start + i - 1;
    return (this.rest as ColumnRange).start + i;
  }

  private labelsOf(c: SampleColumns, j: number): Label[] {
    const bound = c.bound(j);
    const own = this.labels;
    if (bound === undefined) return own;
    const at = c.boundAt(j);
    const labels: Label[] = new Array(own.length + 1);
    for (let i = 0, k = 0; i < labels.length; i++) labels[i] = i === at ? bound : (own[k++] as Label);
    return labels;
  }

  /** The number of samples, without making Sample objects. */
  get sampleCount(): number {
    const rest = this.rest;
    if (Array.isArray(rest)) return rest.length;
    return (this.firstName === undefined ? 0 : 1) + (rest === undefined ? 0 : rest.count);
  }

  /** The line of the last sample, without making Sample objects. */
  get lastLine(): number {
    return this.lineAt(this.sampleCount - 1);
  }

  /** The timestamp text of the last sample, without making Sample objects. */
  get lastTimestampText(): string | undefined {
    return this.timestampTextAt(this.sampleCount - 1);
  }

  nameAt(i: number): string {
    const rest = this.rest;
    if (Array.isArray(rest)) return (rest[i] as Sample).name;
    const j = this.columnOf(i);
    return j === -1 ? (this.firstName as string) : (rest as ColumnRange).columns.name(j);
  }

  valueAt(i: number): number {
    const rest = this.rest;
    if (Array.isArray(rest)) return (rest[i] as Sample).value;
    const j = this.columnOf(i);
    if (j !== -1) return (rest as ColumnRange).columns.value(j);
    return this.firstValue as number;
  }

  valueTextAt(i: number): string {
    const rest = this.rest;
    if (Array.isArray(rest)) return (rest[i] as Sample).valueText;
    const j = this.columnOf(i);
    return j === -1 ? (this.firstValueText ?? String(this.firstValue)) : (rest as ColumnRange).columns.valueText(j);
  }

  offsetAt(i: number): number {
    const rest = this.rest;
    if (Array.isArray(rest)) return (rest[i] as Sample).offset;
    const j = this.columnOf(i);
    return j === -1 ? this.offset : (rest as ColumnRange).columns.offset(j);
  }

  lineAt(i: number): number {
    const rest = this.rest;
    if (Array.isArray(rest)) return (rest[i] as Sample).line;
    const j = this.columnOf(i);
    return j === -1 ? this.line : (rest as ColumnRange).columns.line(j);
  }

  timestampAt(i: number): number | undefined {
    const rest = this.rest;
    return Array.isArray(rest) ? (rest[i] as Sample).timestamp : undefined;
  }

  timestampTextAt(i: number): string | undefined {
    const rest = this.rest;
    return Array.isArray(rest) ? (rest[i] as Sample).timestampText : undefined;
  }

  exemplarAt(i: number): Exemplar | undefined {
    const rest = this.rest;
    return Array.isArray(rest) ? (rest[i] as Sample).exemplar : undefined;
  }

  labelAt(i: number, name: string): string | undefined {
    const rest = this.rest;
    if (Array.isArray(rest)) return labelValueOf((rest[i] as Sample).labels, name);
    const j = this.columnOf(i);
    if (j === -1) return labelValueOf(this.labels, name);
    const bound = (rest as ColumnRange).columns.bound(j);
    return bound !== undefined && bound.name === name ? bound.value : labelValueOf(this.labels, name);
  }

  toJSON(): Metric {
    return { labels: this.labels, samples: this.samples, offset: this.offset, line: this.line };
  }

  [inspect](): Metric {
    return this.toJSON();
  }
}

const repeats = new WeakSet<Metric>();

/**
 * Streaming: marks a metric of a later part of a family that repeats a series of an earlier
 * part. parse() of the whole text would have added its samples to that series; the rules that
 * count series or find repeated ones ask `repeatsEarlierPart`.
 */
export function markRepeat(metric: Metric): void {
  repeats.add(metric);
}

export function repeatsEarlierPart(metric: Metric): boolean {
  return repeats.has(metric);
}
