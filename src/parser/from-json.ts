import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { LineIndex } from "../diagnostics/line-index.js";
import { Reporter } from "../diagnostics/reporter.js";
import type { Target } from "../diagnostics/targets.js";
import type { Exemplar, Label, Metric, MetricFamily, MetricType, Sample } from "../model/types.js";
import type { ParseResult } from "./parse.js";
import { parseFloatGo, parseIntTimestamp } from "./values.js";

const TYPES: Record<string, MetricType> = {
  COUNTER: "counter",
  GAUGE: "gauge",
  SUMMARY: "summary",
  HISTOGRAM: "histogram",
  GAUGE_HISTOGRAM: "gaugehistogram",
  UNTYPED: "untyped",
};

/** Reads prom2json's JSON (what `promtext fmt --to json` writes) back into families. */
export function parseJson(input: string | Uint8Array, options: { target?: Target } = {}): ParseResult {
  const text = typeof input === "string" ? input : new TextDecoder().decode(input);
  const lines = new LineIndex(text);
  const target = options.target ?? "strict";
  const reporter = new Reporter(lines, "prometheus", target);
  const families: MetricFamily[] = [];
  let samples = 0;
  const fail = (message: string, offset = 0) => reporter.report("json-invalid", offset, 1, message);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const at = /position (\d+)/.exec((error as Error).message);
    fail(`not JSON: ${(error as Error).message}`, at ? Number(at[1]) : 0);
  }
  if (data !== undefined && !Array.isArray(data)) fail("expected an array of metric families");
  for (const [i, raw] of (Array.isArray(data) ? data : []).entries()) {
    const where = `family ${i + 1}`;
    if (typeof raw !== "object" || raw === null) {
      fail(`${where}: expected an object`);
      continue;
    }
    const f = raw as Record<string, unknown>;
    const type = TYPES[String(f["type"])];
    if (typeof f["name"] !== "string" || f["name"] === "" || type === undefined) {
      fail(`${where}: needs a name and a type (${Object.keys(TYPES).join(", ")})`);
      continue;
    }
    const metricsRaw = Array.isArray(f["metrics"]) ? (f["metrics"] as unknown[]) : [];
    // with created timestamps a counter is an OpenMetrics one, `x` with samples `x_total` and `x_created`
    const openMetricsCounter = type === "counter" && f["name"].endsWith("_total") && metricsRaw.some((m) => typeof m === "object" && m !== null && "created" in m);
    const name = openMetricsCounter ? f["name"].slice(0, -6) : f["name"];
    const family: MetricFamily = { name, type, metrics: [], offset: 0, line: 1 };
    if (typeof f["help"] === "string" && f["help"] !== "") family.help = f["help"];
    if (typeof f["unit"] === "string" && f["unit"] !== "") family.unit = f["unit"];
    for (const [j, m] of metricsRaw.entries()) {
      const metric = readMetric(family, f["name"], m, (message) => fail(`${where} (${name}), metric ${j + 1}: ${message}`));
      if (metric) {
        family.metrics.push(metric);
        samples += metric.samples.length;
      }
    }
    families.push(family);
  }
  const diagnostics: Diagnostic[] = reporter.diagnostics;
  return {
    format: "prometheus",
    formatDetected: false,
    target,
    families,
    samples,
    diagnostics,
    valid: diagnostics.length === 0,
    text,
    lines,
    suppressions: new Map(),
    position: (offset: number) => lines.position(offset),
  };
}

/** One metric of `family`; `writtenName` is the family's name in the JSON (a counter's with `_total`), its value sample's name. */
function readMetric(family: MetricFamily, writtenName: string, raw: unknown, fail: (message: string) => void): Metric | undefined {
  if (typeof raw !== "object" || raw === null) {
    fail("expected an object");
    return undefined;
  }
  const m = raw as Record<string, unknown>;
  const labels: Label[] = Object.entries((m["labels"] as Record<string, unknown> | undefined) ?? {}).map(([name, value]) => ({ name, value: String(value) }));
  let timestamp: number | undefined;
  let timestampText: string | undefined;
  if (m["timestamp_ms"] !== undefined) {
    const text = String(m["timestamp_ms"]);
    timestamp = parseIntTimestamp(text)?.ms;
    if (timestamp === undefined) fail(`timestamp_ms ${JSON.stringify(m["timestamp_ms"])} is not an integer`);
    else timestampText = BigInt(text).toString(); // the digits, exact beyond 2^53
  }
  const samples: Sample[] = [];
  const add = (name: string, extra: Label | undefined, text: unknown): void => {
    const valueText = String(text ?? "0");
    const value = parseFloatGo(valueText);
    if (typeof value !== "number") {
      fail(`${JSON.stringify(text)} is not a number`);
      return;
    }
    const sample: Sample = { name, labels: extra ? [...labels, extra] : labels, value, valueText, offset: 0, line: 1 };
    if (timestamp !== undefined) {
      sample.timestamp = timestamp;
      sample.timestampText = timestampText;
    }
    samples.push(sample);
  };
  const name = family.name;
  const exemplars = (m["exemplars"] ?? {}) as Record<string, unknown>;
  if (family.type === "summary" || family.type === "histogram" || family.type === "gaugehistogram") {
    const histogram = family.type !== "summary";
    const map = (m[histogram ? "buckets" : "quantiles"] as Record<string, unknown> | undefined) ?? {};
    const numeric = (key: string) => {
      const v = parseFloatGo(key);
      return typeof v === "number" ? v : NaN;
    };
    for (const [bound, value] of Object.entries(map).sort(([a], [b]) => numeric(a) - numeric(b))) {
      add(histogram ? `${name}_bucket` : name, { name: histogram ? "le" : "quantile", value: bound }, value);
      if (histogram && exemplars[bound] !== undefined) withExemplar(samples[samples.length - 1], exemplars[bound], fail);
    }
    add(`${name}_sum`, undefined, m["sum"]);
    add(`${name}_count`, undefined, m["count"]);
  } else {
    add(writtenName, undefined, m["value"]);
    if (exemplars["value"] !== undefined) withExemplar(samples[samples.length - 1], exemplars["value"], fail);
  }
  // an OpenMetrics counter's `x_created` belongs to the family `x`, as the OpenMetrics parser names it
  if (m["created"] !== undefined) add(`${name}_created`, undefined, m["created"]);
  return { labels, samples, offset: 0, line: 1 };
}

/** The exemplar promtext's JSON gives a sample: `{ labels, value, timestamp_ms? }`. */
function withExemplar(sample: Sample | undefined, raw: unknown, fail: (message: string) => void): void {
  if (sample === undefined) return;
  const e = raw as { labels?: Record<string, unknown>; value?: unknown; timestamp_ms?: unknown } | null;
  const valueText = String(e?.value ?? "");
  const value = parseFloatGo(valueText);
  if (typeof e !== "object" || e === null || typeof value !== "number") {
    fail(`exemplar ${JSON.stringify(raw)} is not { labels, value, timestamp_ms? }`);
    return;
  }
  const exemplar: Exemplar = { labels: Object.entries(e.labels ?? {}).map(([name, v]) => ({ name, value: String(v) })), value, valueText, offset: 0 };
  if (e.timestamp_ms !== undefined) {
    const ms = parseIntTimestamp(String(e.timestamp_ms))?.ms;
    if (ms === undefined) fail(`exemplar timestamp_ms ${JSON.stringify(e.timestamp_ms)} is not an integer`);
    else exemplar.timestamp = ms;
  }
  sample.exemplar = exemplar;
}
