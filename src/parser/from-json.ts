import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { LineIndex } from "../diagnostics/line-index.js";
import { Reporter } from "../diagnostics/reporter.js";
import type { Target } from "../diagnostics/targets.js";
import type { Label, Metric, MetricFamily, MetricType, Sample } from "../model/types.js";
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
    const name = f["name"];
    const family: MetricFamily = { name, type, metrics: [], offset: 0, line: 1 };
    if (typeof f["help"] === "string" && f["help"] !== "") family.help = f["help"];
    if (typeof f["unit"] === "string" && f["unit"] !== "") family.unit = f["unit"];
    for (const [j, m] of (Array.isArray(f["metrics"]) ? (f["metrics"] as unknown[]) : []).entries()) {
      const metric = readMetric(family, m, (message) => fail(`${where} (${name}), metric ${j + 1}: ${message}`));
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

function readMetric(family: MetricFamily, raw: unknown, fail: (message: string) => void): Metric | undefined {
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
  if (family.type === "summary" || family.type === "histogram" || family.type === "gaugehistogram") {
    const histogram = family.type !== "summary";
    const map = (m[histogram ? "buckets" : "quantiles"] as Record<string, unknown> | undefined) ?? {};
    const numeric = (key: string) => {
      const v = parseFloatGo(key);
      return typeof v === "number" ? v : NaN;
    };
    for (const [bound, value] of Object.entries(map).sort(([a], [b]) => numeric(a) - numeric(b))) {
      add(histogram ? `${name}_bucket` : name, { name: histogram ? "le" : "quantile", value: bound }, value);
    }
    add(`${name}_sum`, undefined, m["sum"]);
    add(`${name}_count`, undefined, m["count"]);
  } else {
    add(name, undefined, m["value"]);
  }
  return { labels, samples, offset: 0, line: 1 };
}
