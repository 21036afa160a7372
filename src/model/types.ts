/**
 * The typed model of an exposition: families of metrics, each metric a label set with its
 * samples (the OpenMetrics data model: family → metric → samples; histogram buckets,
 * `_sum`, `_count`, `_created`, `_total`… are folded into their family and metric).
 *
 * Positions: every node carries `offset` (0-based, into the parsed text) and `line`
 * (1-based); `ParseResult.position(offset)` gives the column.
 */

export type MetricType =
  | "counter"
  | "gauge"
  | "histogram"
  | "gaugehistogram"
  | "summary"
  | "info"
  | "stateset"
  | "unknown"
  | "untyped";

export interface Label {
  name: string;
  value: string;
}

export interface Exemplar {
  /** Labels in the order written. */
  labels: Label[];
  value: number;
  /** The value exactly as written. */
  valueText: string;
  /** Milliseconds since the epoch (OpenMetrics writes seconds; converted exactly from the text). */
  timestamp?: number;
  timestampText?: string;
  offset: number;
}

export interface Sample {
  /** The full sample name as written, e.g. `http_request_duration_seconds_bucket`. */
  name: string;
  /** Labels in the order written, including `le` and `quantile`. */
  labels: Label[];
  value: number;
  /** The value exactly as written, for lossless rewriting. */
  valueText: string;
  /** Milliseconds since the epoch: as written in the text format, converted from seconds for OpenMetrics. */
  timestamp?: number;
  timestampText?: string;
  exemplar?: Exemplar;
  offset: number;
  line: number;
}

export interface Metric {
  /** The series' labels without `le` (histograms) and `quantile` (summaries), in the order first written. */
  labels: Label[];
  samples: Sample[];
  offset: number;
  line: number;
}

export interface MetricFamily {
  name: string;
  type: MetricType;
  help?: string;
  unit?: string;
  metrics: Metric[];
  /** Where the family begins: its first metadata line or sample. */
  offset: number;
  line: number;
  /** Where its name is written on that line (after `# HELP ` or `# TYPE `, or where the sample begins): findings about the family point there. */
  nameOffset?: number;
}

/**
 * Which part of its family a MetricFamily is: a stream hands a family of many series on in
 * parts (see ParseStream); a family read whole is one part, first and last.
 */
export interface FamilyPart {
  first: boolean;
  last: boolean;
}
