/**
 * A gateway state read back from what a running gateway shows: GET /api/v1/metrics (exact:
 * it lists the groups with their grouping labels) or GET /metrics (the groups are recovered
 * from the push_time_seconds series; a series goes to the most specific group whose labels
 * it carries, and `instance=""` is taken as added by the gateway, not as part of a key).
 * replay.py's normalized form (`<ts>` for Unix times) is accepted too.
 */
import { jsonSyntaxError } from "../diagnostics/json-syntax-error.js";
import { parse } from "../parser/parse.js";
import { parseFloatGo } from "../parser/values.js";
import { DTO_TYPES, type DtoFamily, type DtoMetric, type DtoType } from "./dto.js";
import { compareGoStrings } from "./go-text.js";
import { groupingKeyId, type GroupingLabels } from "./grouping-key.js";
import { INTERNAL_FAMILIES_1_5_1 } from "./internal-families.js";
import { PUSH_FAILURE_TIME, PUSH_TIME, timestampGauge, type Group, type Groups, type StoredFamily } from "./store.js";
import { toDtoFamilies } from "./text-body.js";
import { behaviour, type GatewayVersion } from "./versions.js";

/** Why a text is not a gateway state; its message quotes the text, so a report shows it through safeMessage. */
export class StateFileError extends Error {}

const NOT_A_STATE = "not a Pushgateway's /metrics or /api/v1/metrics";

/** A value of the file as a message shows it: a string quoted, anything else by its kind. */
function shown(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return "an array";
  return value !== null && typeof value === "object" ? "an object" : String(value);
}

function wrongShape(where: string, value: unknown, expected: string): StateFileError {
  return new StateFileError(`${NOT_A_STATE} (${where} is ${shown(value)}, not ${expected})`);
}

function wholeNumber(value: unknown, where: string): bigint {
  const text = String(value ?? "0");
  if (!/^\d+$/.test(text)) throw wrongShape(where, value, "a whole number");
  return BigInt(text);
}

export interface LoadedState {
  groups: Groups;
  /** What could not be placed, and other remarks. */
  notes: string[];
}

function float(text: unknown): number {
  const v = parseFloatGo(String(text));
  return typeof v === "number" ? v : NaN;
}

function labelsOf(obj: unknown): DtoMetric["label"] {
  if (obj === null || typeof obj !== "object") return [];
  return Object.entries(obj as Record<string, unknown>)
    .map(([name, value]) => ({ name, value: String(value) }))
    .sort((a, b) => compareGoStrings(a.name, b.name));
}

function seconds(timeStamp: unknown, fallback: number): number {
  if (typeof timeStamp !== "string") return fallback;
  const m = /^(.*T\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)$/.exec(timeStamp);
  if (!m) return fallback;
  const whole = Date.parse(`${m[1]}${m[3]}`) / 1000;
  return Number.isNaN(whole) ? fallback : whole + Number(`0${m[2] ?? ""}`);
}

/** One family of /api/v1/metrics; `where` names it in messages (`data[0].name`). */
function apiFamily(name: string, value: Record<string, unknown>, where: string): DtoFamily {
  const type = (DTO_TYPES as readonly string[]).includes(String(value["type"])) ? (value["type"] as DtoType) : "UNTYPED";
  const family: DtoFamily = { name, type, metric: [] };
  if (typeof value["help"] === "string") family.help = value["help"];
  for (const [j, raw] of (Array.isArray(value["metrics"]) ? (value["metrics"] as unknown[]) : []).entries()) {
    const at = `${where}.metrics[${j}]`;
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw wrongShape(at, raw, "a metric");
    const m = raw as Record<string, unknown>;
    const metric: DtoMetric = { label: labelsOf(m["labels"]) };
    if (type === "SUMMARY") {
      const quantiles = Object.entries((m["quantiles"] ?? {}) as Record<string, unknown>)
        .map(([q, v]) => ({ quantile: float(q), value: float(v) }))
        .sort((a, b) => a.quantile - b.quantile);
      metric.summary = { quantile: quantiles, sampleCount: wholeNumber(m["count"], `${at}.count`), sampleSum: float(m["sum"] ?? "0") };
    } else if (type === "HISTOGRAM" || type === "GAUGE_HISTOGRAM") {
      const buckets = Object.entries((m["buckets"] ?? {}) as Record<string, unknown>)
        .map(([le, v]) => ({ upperBound: float(le), cumulativeCount: wholeNumber(v, `${at}.buckets[${JSON.stringify(le)}]`) }))
        .sort((a, b) => a.upperBound - b.upperBound);
      metric.histogram = { bucket: buckets, sampleCount: wholeNumber(m["count"], `${at}.count`), sampleSum: float(m["sum"] ?? "0") };
    } else {
      const v = float(m["value"] ?? "0");
      if (type === "GAUGE") metric.gauge = v;
      else if (type === "COUNTER") metric.counter = v;
      else metric.untyped = v;
    }
    family.metric.push(metric);
  }
  return family;
}

function fromApi(json: { data: unknown[] }, now: number): LoadedState {
  const groups = new Map<string, Group>();
  for (const [i, raw] of json.data.entries()) {
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw wrongShape(`data[${i}]`, raw, "a group");
    const entry = raw as Record<string, unknown>;
    const labels: Record<string, string> = {};
    const labelObject = entry["labels"];
    // a family named "labels" hides the group's labels (notes §6); take them from push_time_seconds then
    const hidden = labelObject !== null && typeof labelObject === "object" && "metrics" in (labelObject as object);
    if (!hidden) for (const [k, v] of Object.entries((labelObject ?? {}) as Record<string, unknown>)) labels[k] = String(v);
    const families = new Map<string, StoredFamily>();
    for (const [name, value] of Object.entries(entry)) {
      if (value === null || typeof value !== "object" || !("metrics" in (value as object))) continue;
      families.set(name, { family: apiFamily(name, value as Record<string, unknown>, `data[${i}].${name}`), pushedAt: seconds((value as Record<string, unknown>)["time_stamp"], now) });
    }
    if (hidden || Object.keys(labels).length === 0) {
      const push = families.get(PUSH_TIME)?.family.metric[0];
      for (const l of push?.label ?? []) if (!(l.name === "instance" && l.value === "")) labels[l.name] = l.value;
    }
    if (labels["job"] === undefined) continue;
    groups.set(groupingKeyId(labels), { labels, families });
  }
  return { groups, notes: [] };
}

function isInternal(name: string): boolean {
  return INTERNAL_FAMILIES_1_5_1.some((f) => f.name === name);
}

function fromExposition(text: string, version: GatewayVersion, now: number): LoadedState {
  if (text.startsWith("An error has occurred")) throw new StateFileError("the file is the gateway's error page (GET /metrics answered 500), not an exposition");
  const result = parse(text.replace(/ <ts>$/gm, ` ${now}`), { format: "auto", target: "pushgateway" });
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) throw new StateFileError(`${NOT_A_STATE} (line ${errors[0]!.line}: ${errors[0]!.message})`);
  const families = toDtoFamilies(result.families, behaviour(version));
  const notes: string[] = [];

  const groups = new Map<string, { labels: Record<string, string>; families: Map<string, StoredFamily>; pushedAt: number }>();
  const groupFor = (labels: DtoMetric["label"]): Record<string, string> => {
    const g: Record<string, string> = {};
    for (const l of labels) if (!(l.name === "instance" && l.value === "")) g[l.name] = l.value;
    return g;
  };
  for (const name of [PUSH_TIME, PUSH_FAILURE_TIME] as const) {
    for (const m of families.find((f) => f.name === name)?.metric ?? []) {
      const labels = groupFor(m.label);
      if (labels["job"] === undefined) continue;
      const key = groupingKeyId(labels);
      const value = m.gauge ?? m.untyped ?? 0;
      const group = groups.get(key) ?? { labels, families: new Map(), pushedAt: now };
      if (name === PUSH_TIME && value > 0) group.pushedAt = value;
      group.families.set(name, { family: timestampGauge(name, labels, value), pushedAt: group.pushedAt });
      groups.set(key, group);
    }
  }
  for (const family of families) {
    if (family.name === PUSH_TIME || family.name === PUSH_FAILURE_TIME) continue;
    for (const metric of family.metric) {
      const has = (name: string, value: string) => metric.label.some((l) => l.name === name && l.value === value);
      if (!metric.label.some((l) => l.name === "job")) {
        if (!isInternal(family.name)) notes.push(`${family.name}: a series without a job label belongs to no group; left out`);
        continue;
      }
      let best: { labels: Record<string, string>; families: Map<string, StoredFamily>; pushedAt: number } | undefined;
      for (const g of groups.values()) {
        if (!Object.entries(g.labels).every(([n, v]) => has(n, v))) continue;
        if (best === undefined || Object.keys(g.labels).length > Object.keys(best.labels).length) best = g;
      }
      if (best === undefined) {
        const job = metric.label.find((l) => l.name === "job")!.value;
        const labels = { job };
        best = { labels, families: new Map(), pushedAt: now };
        best.families.set(PUSH_TIME, { family: timestampGauge(PUSH_TIME, labels, now), pushedAt: now });
        best.families.set(PUSH_FAILURE_TIME, { family: timestampGauge(PUSH_FAILURE_TIME, labels, 0), pushedAt: now });
        groups.set(groupingKeyId(labels), best);
        notes.push(`${family.name}: no push_time_seconds for job="${job}"; a group {job="${job}"} was assumed`);
      }
      const stored = best.families.get(family.name);
      if (stored) stored.family.metric.push(metric);
      else {
        const copy: DtoFamily = { ...family, metric: [metric] };
        best.families.set(family.name, { family: copy, pushedAt: best.pushedAt });
      }
    }
  }
  const out = new Map<string, Group>();
  for (const [key, g] of groups) out.set(key, { labels: g.labels as GroupingLabels, families: g.families });
  return { groups: out, notes };
}

/**
 * Reads a saved /api/v1/metrics JSON or /metrics text (or replay.py's normalized form). A text
 * that is neither (empty, not JSON, JSON of another shape, an exposition that does not parse)
 * throws a StateFileError saying why in one line.
 */
export function loadGatewayState(text: string, options: { version?: GatewayVersion; now?: number } = {}): LoadedState {
  const now = options.now ?? Date.now() / 1000;
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const first = body.trimStart()[0];
  if (first === undefined) throw new StateFileError(`empty, ${NOT_A_STATE}`);
  if (first === "{" || first === "[") {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch (error) {
      throw new StateFileError(`not JSON: ${jsonSyntaxError(body) ?? (error as Error).message}`);
    }
    const data = json !== null && typeof json === "object" ? (json as { data?: unknown }).data : undefined;
    if (!Array.isArray(data)) throw new StateFileError(`${NOT_A_STATE} (JSON without the "data" list of GET /api/v1/metrics)`);
    return fromApi({ data }, now);
  }
  return fromExposition(body, options.version ?? "1.5.1", now);
}
