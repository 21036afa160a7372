/**
 * What the gateway's read endpoints answer: GET /metrics (promhttp over the Gather: a 500
 * page on Gather errors, else text 0.0.4 — cut off where the encoder fails) and
 * GET /api/v1/metrics. Notes §6. The gateway's own series (go_*, process_*, pushgateway_*
 * without a job label) are not modelled: a family of theirs appears only with pushed series,
 * which is what replay.py's normalisation keeps of a real answer.
 */
import type { Metric, MetricFamily, Sample } from "../model/types.js";
import { formatGoFloat } from "../serialize/float.js";
import { serialize } from "../serialize/serialize.js";
import { escapeString } from "../serialize/names.js";
import { hasValueFor, typeOf, type DtoFamily, type DtoMetric, type DtoType } from "./dto.js";
import { compareGoStrings, goFloatV } from "./go-text.js";
import { sortedLabels } from "./grouping-key.js";
import { lastPushSuccessful, type Groups } from "./store.js";
import type { VersionBehaviour } from "./versions.js";

export const TEXT_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

const TEXT_TYPE: Record<DtoType, string> = {
  COUNTER: "counter",
  GAUGE: "gauge",
  SUMMARY: "summary",
  UNTYPED: "untyped",
  HISTOGRAM: "histogram",
  GAUGE_HISTOGRAM: "histogram",
};

function sample(name: string, labels: Sample["labels"], value: number): Sample {
  return { name, labels, value, valueText: "", offset: 0, line: 0 };
}

function countValue(uint: bigint | undefined, float: number | undefined): number {
  return float ?? Number(uint ?? 0n);
}

/** One dto family as promtext's model, so that the serializer (expfmt's MetricFamilyToText) writes it. */
function toModel(f: DtoFamily): MetricFamily {
  const type = typeOf(f);
  const metrics: Metric[] = f.metric.map((m) => {
    const labels = m.label.map((l) => ({ name: l.name, value: l.value }));
    const samples: Sample[] = [];
    if (m.summary !== undefined && type === "SUMMARY") {
      for (const q of m.summary.quantile) samples.push(sample(f.name, [...labels, { name: "quantile", value: formatGoFloat(q.quantile ?? 0) }], q.value ?? 0));
      samples.push(sample(`${f.name}_sum`, labels, m.summary.sampleSum ?? 0));
      samples.push(sample(`${f.name}_count`, labels, Number(m.summary.sampleCount ?? 0n)));
    } else if (m.histogram !== undefined) {
      for (const b of m.histogram.bucket) {
        samples.push(sample(`${f.name}_bucket`, [...labels, { name: "le", value: formatGoFloat(b.upperBound ?? 0) }], countValue(b.cumulativeCount, b.cumulativeCountFloat)));
      }
      const count = countValue(m.histogram.sampleCount, m.histogram.sampleCountFloat);
      // MetricFamilyToText writes the +Inf bucket a histogram lacks, valued as its count (the serializer writes only what the model has)
      if (!m.histogram.bucket.some((b) => b.upperBound === Infinity)) samples.push(sample(`${f.name}_bucket`, [...labels, { name: "le", value: "+Inf" }], count));
      samples.push(sample(`${f.name}_sum`, labels, m.histogram.sampleSum ?? 0));
      samples.push(sample(`${f.name}_count`, labels, count));
    } else {
      samples.push(sample(f.name, labels, m.gauge ?? m.counter ?? m.untyped ?? 0));
    }
    return { labels, samples, offset: 0, line: 0 };
  });
  const family: MetricFamily = { name: f.name, type: TEXT_TYPE[type] as MetricFamily["type"], metrics, offset: 0, line: 0 };
  if (f.help !== undefined) family.help = f.help;
  return family;
}

/** The value field MetricFamilyToText needs for a metric of this type (a gauge histogram's only where the version reads it). */
function encodable(type: DtoType, m: DtoMetric, b: VersionBehaviour): boolean {
  if (type === "GAUGE_HISTOGRAM") return !b.truncatesAtGaugeHistogram && m.histogram !== undefined;
  return hasValueFor(type, m);
}

/**
 * The families in text 0.0.4, each as MetricFamilyToText writes it. Where the encoder fails
 * (no name, a type it cannot write, a metric without its value) the output ends there, after
 * whatever Go had written of that family: promhttp answers 200 with a cut-off body.
 */
export function encodeText(families: readonly DtoFamily[], b: VersionBehaviour): { text: string; complete: boolean } {
  let text = "";
  for (const f of families) {
    if (f.metric.length === 0) continue;
    if (f.name === "") return { text, complete: false };
    const type = typeOf(f);
    const header = `${f.help !== undefined ? `# HELP ${f.name} ${escapeString(f.help, false)}\n` : ""}# TYPE ${f.name}`;
    if (type === "GAUGE_HISTOGRAM" && b.truncatesAtGaugeHistogram) return { text: text + header, complete: false };
    const bad = f.metric.findIndex((m) => !encodable(type, m, b));
    if (bad !== -1) {
      const written = bad === 0 ? "" : serialize([toModel({ ...f, metric: f.metric.slice(0, bad) })], { format: "prometheus" }).text.replace(/^(# HELP [^\n]*\n)?# TYPE [^\n]*\n/, "");
      return { text: `${text}${header} ${TEXT_TYPE[type]}\n${written}`, complete: false };
    }
    text += serialize([toModel(f)], { format: "prometheus" }).text;
  }
  return { text, complete: true };
}

/** promhttp's answer to a Gather error (HTTPErrorOnError), body included. */
export function errorPage(error: string): string {
  return `An error has occurred while serving metrics:\n\n${error}\n`;
}

// ------------------------------------------------------------------------ /api/v1/metrics

/** encoding/json's string: HTML-safe escapes, invalid UTF-8 as U+FFFD. */
function goJson(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (cp === 10) out += "\\n";
    else if (cp === 13) out += "\\r";
    else if (cp === 9) out += "\\t";
    else if (cp < 0x20 || ch === "<" || ch === ">" || ch === "&" || cp === 0x2028 || cp === 0x2029) out += `\\u${cp.toString(16).padStart(4, "0")}`;
    else if (cp >= 0xd800 && cp <= 0xdfff) out += "\\ufffd";
    else out += ch;
  }
  return `${out}"`;
}

/** json.Marshal of a map[string]…: keys sorted. */
function jsonObject(entries: [string, string][]): string {
  const sorted = [...entries].sort((a, b) => compareGoStrings(a[0], b[0]));
  return `{${sorted.map(([k, v]) => `${goJson(k)}:${v}`).join(",")}}`;
}

function stringMap(entries: [string, string][]): string {
  const map = new Map<string, string>();
  for (const [k, v] of entries) map.set(k, v);
  return jsonObject([...map].map(([k, v]) => [k, goJson(v)]));
}

/** time.Time's JSON: RFC 3339 with nanoseconds, trailing zeros dropped (UTC here). */
function rfc3339(seconds: number): string {
  const ms = Math.floor(seconds * 1000);
  const iso = new Date(ms).toISOString();
  const nanos = Math.round((seconds - Math.floor(seconds)) * 1e9);
  const fraction = nanos === 0 ? "" : `.${String(nanos).padStart(9, "0").replace(/0+$/, "")}`;
  return `${iso.slice(0, 19)}${fraction}Z`;
}

function encodableMetric(m: DtoMetric, type: DtoType): string {
  const entries: [string, string][] = [["labels", stringMap(m.label.map((l) => [l.name, l.value]))]];
  if (type === "SUMMARY") {
    entries.push(["quantiles", stringMap((m.summary?.quantile ?? []).map((q) => [goFloatV(q.quantile ?? 0), goFloatV(q.value ?? 0)]))]);
    entries.push(["count", goJson(String(m.summary?.sampleCount ?? 0n))], ["sum", goJson(goFloatV(m.summary?.sampleSum ?? 0))]);
  } else if (type === "HISTOGRAM") {
    entries.push(["buckets", stringMap((m.histogram?.bucket ?? []).map((b) => [goFloatV(b.upperBound ?? 0), String(b.cumulativeCount ?? 0n)]))]);
    entries.push(["count", goJson(String(m.histogram?.sampleCount ?? 0n))], ["sum", goJson(goFloatV(m.histogram?.sampleSum ?? 0))]);
  } else {
    entries.push(["value", goJson(goFloatV(m.gauge ?? m.counter ?? m.untyped ?? 0))]);
  }
  return jsonObject(entries);
}

/** GET /api/v1/metrics: one object per group (family names as keys next to labels and last_push_successful). */
export function apiMetrics(groups: Groups): string {
  const data = [...groups.values()].map((group) => {
    const entries = new Map<string, string>();
    entries.set("labels", stringMap(sortedLabels(group.labels)));
    entries.set("last_push_successful", String(lastPushSuccessful(group)));
    for (const [name, stored] of group.families) {
      const f = stored.family;
      const type = typeOf(f);
      const fields = [`"time_stamp":${goJson(rfc3339(stored.pushedAt))}`, `"type":${goJson(type)}`];
      if (f.help !== undefined && f.help !== "") fields.push(`"help":${goJson(f.help)}`);
      fields.push(`"metrics":[${f.metric.map((m) => encodableMetric(m, type)).join(",")}]`);
      entries.set(name, `{${fields.join(",")}}`);
    }
    return jsonObject([...entries]);
  });
  return `{"status":"success","data":[${data.join(",")}]}`;
}
