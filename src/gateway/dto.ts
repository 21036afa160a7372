/**
 * The gateway's own data model: prometheus/client_model's MetricFamily / Metric messages as Go
 * holds them after decoding a push (expfmt's TextParser or delimited protobuf). This is what
 * the store keeps, what the consistency check looks at and what /metrics encodes; it differs
 * from promtext's parse model in the places that matter here: one Metric per sample line of a
 * counter, gauge or untyped family (so a repeated series stays two Metrics), counts as uint64,
 * optional fields that are "not set" rather than zero, and GAUGE_HISTOGRAM Metrics without a value.
 */
import { goFloatV, goStringToBytes } from "./go-text.js";

export type DtoType = "COUNTER" | "GAUGE" | "SUMMARY" | "UNTYPED" | "HISTOGRAM" | "GAUGE_HISTOGRAM";

/** client_model's enum numbers, for protobuf decoding. */
export const DTO_TYPES: readonly DtoType[] = ["COUNTER", "GAUGE", "SUMMARY", "UNTYPED", "HISTOGRAM", "GAUGE_HISTOGRAM"];

export interface DtoLabel {
  name: string;
  value: string;
}

export interface DtoQuantile {
  quantile?: number;
  value?: number;
}

export interface DtoBucket {
  cumulativeCount?: bigint;
  cumulativeCountFloat?: number;
  upperBound?: number;
}

export interface DtoSummary {
  sampleCount?: bigint;
  sampleSum?: number;
  quantile: DtoQuantile[];
}

export interface DtoHistogram {
  sampleCount?: bigint;
  sampleCountFloat?: number;
  sampleSum?: number;
  bucket: DtoBucket[];
}

/** One dto.Metric. Exactly one value field is set for a consistent metric; none for a text GAUGE_HISTOGRAM sample in 1.5.1. */
export interface DtoMetric {
  label: DtoLabel[];
  gauge?: number;
  counter?: number;
  summary?: DtoSummary;
  untyped?: number;
  histogram?: DtoHistogram;
  timestampMs?: bigint;
}

export interface DtoFamily {
  name: string;
  /** undefined: no HELP (Go's nil); the encoder writes a HELP line whenever it is set. */
  help?: string;
  /** undefined only for a protobuf family without a type (Go's GetType() then says COUNTER). */
  type?: DtoType;
  metric: DtoMetric[];
}

/** GetType(): an unset type reads as COUNTER (enum value 0). */
export function typeOf(family: DtoFamily): DtoType {
  return family.type ?? "COUNTER";
}

/** GetHelp(): an unset HELP reads as "". */
export function helpOf(family: DtoFamily): string {
  return family.help ?? "";
}

/** The value field a metric of this family type must have (checkMetricConsistency); GAUGE_HISTOGRAM is never checked. */
export function hasValueFor(type: DtoType, m: DtoMetric): boolean {
  switch (type) {
    case "GAUGE":
      return m.gauge !== undefined;
    case "COUNTER":
      return m.counter !== undefined;
    case "SUMMARY":
      return m.summary !== undefined;
    case "HISTOGRAM":
      return m.histogram !== undefined;
    case "UNTYPED":
      return m.untyped !== undefined;
    case "GAUGE_HISTOGRAM":
      return true;
  }
}

// ------------------------------------------------------------------------ protobuf text format

/** A string as golang/protobuf v1's text marshaler writes it: printable ASCII as is, other bytes in octal. */
function protoString(s: string): string {
  let out = '"';
  for (const b of goStringToBytes(s)) {
    if (b === 10) out += "\\n";
    else if (b === 13) out += "\\r";
    else if (b === 9) out += "\\t";
    else if (b === 34) out += '\\"';
    else if (b === 92) out += "\\\\";
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += `\\${b.toString(8).padStart(3, "0")}`;
  }
  return `${out}"`;
}

function protoFloat(f: number): string {
  if (f === Infinity) return "inf";
  if (f === -Infinity) return "-inf";
  if (Number.isNaN(f)) return "nan";
  return goFloatV(f);
}

function field(name: string, value: string | undefined): string {
  return value === undefined ? "" : `${name}:${value} `;
}

function message(name: string, body: string): string {
  return `${name}:<${body}> `;
}

/**
 * proto.CompactTextString of a dto.Metric, as the consistency errors embed it (`{ %s}`):
 * `label:<name:"job" value:"J" > gauge:<value:1 > `. Fields in client_model 0.3.0's declaration order.
 */
export function metricText(m: DtoMetric): string {
  let out = "";
  for (const l of m.label) out += message("label", field("name", protoString(l.name)) + field("value", protoString(l.value)));
  if (m.gauge !== undefined) out += message("gauge", field("value", protoFloat(m.gauge)));
  if (m.counter !== undefined) out += message("counter", field("value", protoFloat(m.counter)));
  if (m.summary !== undefined) {
    const s = m.summary;
    let body = field("sample_count", s.sampleCount?.toString()) + field("sample_sum", s.sampleSum === undefined ? undefined : protoFloat(s.sampleSum));
    for (const q of s.quantile) {
      body += message("quantile", field("quantile", q.quantile === undefined ? undefined : protoFloat(q.quantile)) + field("value", q.value === undefined ? undefined : protoFloat(q.value)));
    }
    out += message("summary", body);
  }
  if (m.untyped !== undefined) out += message("untyped", field("value", protoFloat(m.untyped)));
  if (m.histogram !== undefined) {
    const h = m.histogram;
    let body =
      field("sample_count", h.sampleCount?.toString()) +
      field("sample_count_float", h.sampleCountFloat === undefined ? undefined : protoFloat(h.sampleCountFloat)) +
      field("sample_sum", h.sampleSum === undefined ? undefined : protoFloat(h.sampleSum));
    for (const b of h.bucket) {
      body += message(
        "bucket",
        field("cumulative_count", b.cumulativeCount?.toString()) +
          field("cumulative_count_float", b.cumulativeCountFloat === undefined ? undefined : protoFloat(b.cumulativeCountFloat)) +
          field("upper_bound", b.upperBound === undefined ? undefined : protoFloat(b.upperBound)),
      );
    }
    out += message("histogram", body);
  }
  if (m.timestampMs !== undefined) out += field("timestamp_ms", m.timestampMs.toString());
  return out;
}

/** The family without its metrics, for messages (`%s` of a MetricFamily). */
export function familyText(f: DtoFamily): string {
  let out = field("name", protoString(f.name));
  if (f.help !== undefined) out += field("help", protoString(f.help));
  if (f.type !== undefined) out += field("type", f.type);
  for (const m of f.metric) out += message("metric", metricText(m));
  return out;
}

// ------------------------------------------------------------------------ copies

export function copyMetric(m: DtoMetric): DtoMetric {
  const c: DtoMetric = { label: m.label.map((l) => ({ name: l.name, value: l.value })) };
  if (m.gauge !== undefined) c.gauge = m.gauge;
  if (m.counter !== undefined) c.counter = m.counter;
  if (m.untyped !== undefined) c.untyped = m.untyped;
  if (m.summary !== undefined) c.summary = { ...m.summary, quantile: m.summary.quantile.map((q) => ({ ...q })) };
  if (m.histogram !== undefined) c.histogram = { ...m.histogram, bucket: m.histogram.bucket.map((b) => ({ ...b })) };
  if (m.timestampMs !== undefined) c.timestampMs = m.timestampMs;
  return c;
}

/** A gauge family of one series: push_time_seconds and push_failure_time_seconds. */
export function gaugeFamily(name: string, help: string, value: number): DtoFamily {
  return { name, help, type: "GAUGE", metric: [{ label: [], gauge: value }] };
}
