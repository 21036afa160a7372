import type { Exemplar, Label, Metric, Sample } from "./types.js";

const inspect = Symbol.for("nodejs.util.inspect.custom");

/**
 * A metric (series) as the parser builds it. Most series have one sample (a counter or a
 * gauge): that sample is kept in the series' own fields and becomes a Sample object only when
 * `samples` is read, so parsing allocates one object per such series instead of three.
 * To users it is a Metric: `labels`, `samples`, `offset`, `line` (and JSON of those).
 */
export class SeriesNode implements Metric {
  labels: Label[];
  offset: number;
  line: number;
  private list: Sample[] | undefined;
  private readonly firstName: string;
  private readonly firstLabels: Label[];
  private readonly firstValue: number;
  private readonly firstValueText: string;
  /** The first sample's timestamp and exemplar, when it has either (most have neither). */
  private readonly firstRest: { timestamp: number | undefined; timestampText: string | undefined; exemplar: Exemplar | undefined } | undefined;

  constructor(
    labels: Label[],
    name: string,
    sampleLabels: Label[],
    value: number,
    valueText: string,
    timestamp: number | undefined,
    timestampText: string | undefined,
    exemplar: Exemplar | undefined,
    offset: number,
    line: number,
  ) {
    this.labels = labels;
    this.offset = offset;
    this.line = line;
    this.list = undefined;
    this.firstName = name;
    this.firstLabels = sampleLabels;
    this.firstValue = value;
    this.firstValueText = valueText;
    this.firstRest = timestampText === undefined && exemplar === undefined ? undefined : { timestamp, timestampText, exemplar };
  }

  get samples(): Sample[] {
    if (this.list === undefined) {
      this.list = [
        {
          name: this.firstName,
          labels: this.firstLabels,
          value: this.firstValue,
          valueText: this.firstValueText,
          timestamp: this.firstRest?.timestamp,
          timestampText: this.firstRest?.timestampText,
          exemplar: this.firstRest?.exemplar,
          offset: this.offset,
          line: this.line,
        },
      ];
    }
    return this.list;
  }

  set samples(samples: Sample[]) {
    this.list = samples;
  }

  /** The number of samples, without making Sample objects. */
  get sampleCount(): number {
    return this.list === undefined ? 1 : this.list.length;
  }

  /** The line of the last sample, without making Sample objects. */
  get lastLine(): number {
    return this.list === undefined ? this.line : (this.list[this.list.length - 1]?.line ?? this.line);
  }

  /** The timestamp text of the last sample, without making Sample objects. */
  get lastTimestampText(): string | undefined {
    return this.list === undefined ? this.firstRest?.timestampText : this.list[this.list.length - 1]?.timestampText;
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
