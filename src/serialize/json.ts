import type { Exemplar, Label, Metric, MetricFamily } from "../model/types.js";
import { parseFloatGo } from "../parser/values.js";
import { formatGoFloat } from "./float.js";
import { timestamped, type ConversionNote } from "./lines.js";
import { textFamilyName } from "./text.js";
import { textMilliseconds } from "./timestamp.js";

/**
 * prom2json's JSON (so that users' jq scripts keep working): an array of families
 * `{name, help, type, metrics}`, metrics `{labels, timestamp_ms, value}` or, for summaries and
 * histograms, `{labels, timestamp_ms, quantiles|buckets, count, sum}`; numbers as Go's %v
 * strings, maps with sorted keys as Go's encoding/json writes them. OpenMetrics extras are
 * added fields: `unit` on the family, `created` and `exemplars` on a metric.
 */
export interface JsonFamily {
  name: string;
  help: string;
  type: string;
  unit?: string;
  metrics?: JsonMetric[];
}

export interface JsonExemplar {
  labels: Record<string, string>;
  value: string;
  timestamp_ms?: string;
}

export interface JsonMetric {
  labels?: Record<string, string>;
  timestamp_ms?: string;
  value?: string;
  quantiles?: Record<string, string>;
  buckets?: Record<string, string>;
  count?: string;
  sum?: string;
  created?: string;
  exemplars?: Record<string, JsonExemplar>;
}

const JSON_TYPE: Record<string, string> = {
  counter: "COUNTER",
  gauge: "GAUGE",
  summary: "SUMMARY",
  histogram: "HISTOGRAM",
  gaugehistogram: "GAUGE_HISTOGRAM",
  untyped: "UNTYPED",
  unknown: "UNTYPED",
  info: "GAUGE",
  stateset: "GAUGE",
};

/**
 * A Go map as encoding/json writes it: keys sorted as strings. (A plain object cannot hold
 * this order: JavaScript puts integer-like keys such as "0" and "1" first.)
 */
class SortedMap<V> {
  readonly entries: Array<[string, V]>;
  constructor(entries: Array<[string, V]>) {
    this.entries = entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }
  toJSON(): Record<string, V> {
    return Object.fromEntries(this.entries);
  }
}

function sortedRecord(entries: Array<[string, string]>): Record<string, string> {
  return new SortedMap(entries) as unknown as Record<string, string>;
}

/** JSON text like JSON.stringify(value, null, 2), writing SortedMap keys in their own order. */
function stringify(value: unknown, indent = ""): string {
  const inner = `${indent}  `;
  if (value instanceof SortedMap) {
    if (value.entries.length === 0) return "{}";
    return `{\n${value.entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${stringify(v, inner)}`).join(",\n")}\n${indent}}`;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((v) => `${inner}${stringify(v, inner)}`).join(",\n")}\n${indent}]`;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return "{}";
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${stringify(v, inner)}`).join(",\n")}\n${indent}}`;
  }
  return JSON.stringify(value);
}

function labelsOf(labels: Label[]): Record<string, string> | undefined {
  return labels.length === 0 ? undefined : sortedRecord(labels.map((l) => [l.name, l.value]));
}

function exemplarOf(e: Exemplar): JsonExemplar {
  const out: JsonExemplar = { labels: sortedRecord(e.labels.map((l) => [l.name, l.value])), value: formatGoFloat(e.value) };
  const ms = e.timestamp === undefined ? undefined : textMilliseconds(e.timestamp, e.timestampText);
  if (ms !== undefined) out.timestamp_ms = ms.text;
  return out;
}

function timestampOf(metric: Metric): string | undefined {
  const stamped = timestamped(metric);
  return stamped?.timestamp === undefined ? undefined : textMilliseconds(stamped.timestamp, stamped.timestampText)?.text;
}

function boundKey(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const v = parseFloatGo(text);
  return typeof v === "number" ? formatGoFloat(v) : undefined;
}

function metricToJson(family: MetricFamily, metric: Metric): JsonMetric {
  const out: JsonMetric = {};
  const labels = labelsOf(metric.labels);
  if (labels) out.labels = labels;
  const ts = timestampOf(metric);
  if (ts !== undefined) out.timestamp_ms = ts;
  const name = family.name;
  const created = metric.samples.find((s) => s.name === `${name}_created`);
  const exemplars: Array<[string, JsonExemplar]> = [];
  if (family.type === "summary" || family.type === "histogram" || family.type === "gaugehistogram") {
    const histogram = family.type !== "summary";
    const entries: Array<[string, string]> = [];
    for (const s of metric.samples) {
      if (histogram ? s.name !== `${name}_bucket` : s.name !== name) continue;
      const key = boundKey(s.labels.find((l) => l.name === (histogram ? "le" : "quantile"))?.value);
      if (key === undefined) continue;
      entries.push([key, formatGoFloat(s.value)]);
      if (s.exemplar) exemplars.push([key, exemplarOf(s.exemplar)]);
    }
    if (entries.length > 0) out[histogram ? "buckets" : "quantiles"] = sortedRecord(entries);
    const count = metric.samples.find((s) => s.name === `${name}_count` || s.name === `${name}_gcount`);
    const sum = metric.samples.find((s) => s.name === `${name}_sum` || s.name === `${name}_gsum`);
    out.count = formatGoFloat(count?.value ?? 0);
    out.sum = formatGoFloat(sum?.value ?? 0);
  } else {
    const sample = metric.samples.find((s) => s !== created) ?? metric.samples[0];
    out.value = formatGoFloat(sample?.value ?? 0);
    if (sample?.exemplar) exemplars.push(["value", exemplarOf(sample.exemplar)]);
  }
  if (created) out.created = formatGoFloat(created.value);
  if (exemplars.length > 0) out.exemplars = new SortedMap(exemplars) as unknown as Record<string, JsonExemplar>;
  return out;
}

/** The families as prom2json writes them (one JSON document, two-space indented, like `prom2json | jq .`). */
export function familiesToJson(families: readonly MetricFamily[], notes: ConversionNote[]): string {
  const out: JsonFamily[] = families.map((family) => {
    const json: JsonFamily = { name: textFamilyName(family), help: family.help ?? "", type: JSON_TYPE[family.type] ?? "UNTYPED" };
    if (family.type === "info" || family.type === "stateset") notes.push({ family: family.name, message: `type ${family.type} written as GAUGE (prom2json has no such type)` });
    if (family.unit) json.unit = family.unit;
    if (family.metrics.length > 0) json.metrics = family.metrics.map((m) => metricToJson(family, m));
    return json;
  });
  return `${stringify(out)}\n`;
}
