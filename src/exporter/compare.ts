import type { Severity } from "../diagnostics/codes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { Metric, MetricFamily, MetricType, Sample } from "../model/types.js";
import type { ParseResult } from "../parser/parse.js";
import { lineIdentity, seriesKey, seriesLength } from "./series.js";

/**
 * What `promtext check-exporter` finds only by scraping a target more than once. Each code is
 * stable (kebab-case, like the lint rule ids) and has a fixed severity.
 */
export const EXPORTER_CODES = {
  "series-vanished": { severity: "warning", summary: "A series present in one scrape is missing from a later one." },
  "series-appeared": { severity: "info", summary: "A series missing from the first scrape is present in a later one." },
  "counter-decreased": {
    severity: "error",
    summary: "A counter (or a histogram's or summary's _count, _sum or _bucket) went down between two scrapes: the exporter reset or recreated it.",
  },
  "label-churn": {
    severity: "warning",
    summary: "A family has different series in every scrape: a label takes a new value each time (a request id, a timestamp…).",
  },
  "scrape-slow": { severity: "warning", summary: "A scrape took longer than --max-duration." },
  "scrape-large": { severity: "warning", summary: "A scrape's body (uncompressed) is larger than --max-bytes." },
  "scrape-format-changed": { severity: "error", summary: "The Content-Type or the exposition format differs between two scrapes." },
  "family-type-changed": { severity: "error", summary: "A family's TYPE differs between two scrapes." },
} as const satisfies Record<string, { severity: Severity; summary: string }>;

export type ExporterCode = keyof typeof EXPORTER_CODES;

/** One scrape as `compareScrapes` needs it: the parsed (and linted) body and the facts of the request. */
export interface ScrapeSnapshot {
  result: ParseResult;
  durationMs: number;
  /** The body's size after decompression. */
  bytes: number;
  contentType?: string | undefined;
}

export interface CompareThresholds {
  /** `scrape-slow` above this many milliseconds. */
  maxDurationMs: number;
  /** `scrape-large` above this many bytes. */
  maxBytes: number;
}

/** 1 s: a Prometheus scrape times out after 10 s by default; an exporter that needs a second in CI is doing expensive work per scrape. */
export const DEFAULT_MAX_DURATION_MS = 1000;
/** 10 MiB (uncompressed). */
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
export const DEFAULT_COMPARE_THRESHOLDS: CompareThresholds = { maxDurationMs: DEFAULT_MAX_DURATION_MS, maxBytes: DEFAULT_MAX_BYTES };

/** Series of one family that the same finding concerns above this many are reported as one finding. */
const COLLAPSE_ABOVE = 3;
const EXAMPLES = 3;

type Position = Pick<Diagnostic, "line" | "column" | "endLine" | "endColumn" | "offset" | "length">;

interface SampleEntry {
  key: string;
  metricKey: string;
  family: MetricFamily;
  sample: Sample;
}

interface MetricEntry {
  key: string;
  family: MetricFamily;
  metric: Metric;
  sampleKeys: string[];
}

interface ScrapeIndex {
  result: ParseResult;
  samples: Map<string, SampleEntry>;
  metrics: Map<string, MetricEntry>;
  families: Map<string, MetricFamily>;
  /** The metrics of each family, by family name. */
  metricsOf: Map<string, MetricEntry[]>;
  /** The family of each sample name (the first, if a name is in two). */
  familyOfName: Map<string, MetricFamily>;
}

function indexScrape(result: ParseResult): ScrapeIndex {
  const index: ScrapeIndex = { result, samples: new Map(), metrics: new Map(), families: new Map(), metricsOf: new Map(), familyOfName: new Map() };
  for (const family of result.families) {
    if (!index.families.has(family.name)) index.families.set(family.name, family);
    for (const metric of family.metrics) {
      const metricKey = seriesKey(family.name, metric.labels);
      let entry = index.metrics.get(metricKey);
      if (entry === undefined) {
        entry = { key: metricKey, family, metric, sampleKeys: [] };
        index.metrics.set(metricKey, entry);
        const list = index.metricsOf.get(family.name);
        if (list) list.push(entry);
        else index.metricsOf.set(family.name, [entry]);
      }
      for (const sample of metric.samples) {
        const key = seriesKey(sample.name, sample.labels);
        if (!index.familyOfName.has(sample.name)) index.familyOfName.set(sample.name, family);
        if (index.samples.has(key)) continue;
        index.samples.set(key, { key, metricKey, family, sample });
        entry.sampleKeys.push(key);
      }
    }
  }
  return index;
}

function position(result: ParseResult, offset: number, length: number): Position {
  const p = result.position(offset);
  return { line: p.line, column: p.column, endLine: p.line, endColumn: p.column + length, offset, length };
}

function samplePosition(result: ParseResult, sample: Sample): Position {
  return position(result, sample.offset, seriesLength(result.text, sample.offset));
}

function familyPosition(result: ParseResult, family: MetricFamily): Position {
  const p = result.position(family.offset);
  const length = Math.max(1, result.lines.lineText(p.line).length - (p.column - 1));
  return position(result, family.offset, length);
}

const SCRAPE_POSITION: Position = { line: 1, column: 1, endLine: 1, endColumn: 2, offset: 0, length: 1 };

function finding(code: ExporterCode, message: string, at: Position, hint?: string): Diagnostic {
  return { code, severity: EXPORTER_CODES[code].severity, message, ...at, rejectedBy: [], ...(hint ? { hint } : {}) };
}

/** "scrape 2", "scrapes 1, 3", "scrapes 2–5" (1-based numbers from 0-based indexes). */
export function scrapeList(indexes: readonly number[]): string {
  const numbers = [...indexes].sort((a, b) => a - b).map((i) => i + 1);
  const parts: string[] = [];
  for (let i = 0; i < numbers.length; ) {
    let j = i;
    while (j + 1 < numbers.length && numbers[j + 1] === (numbers[j] as number) + 1) j++;
    if (j - i >= 2) parts.push(`${numbers[i]}–${numbers[j]}`);
    else for (let k = i; k <= j; k++) parts.push(String(numbers[k]));
    i = j + 1;
  }
  return `${numbers.length === 1 ? "scrape" : "scrapes"} ${parts.join(", ")}`;
}

function examples(subjects: readonly string[]): string {
  const shown = subjects.slice(0, EXAMPLES).join(", ");
  return subjects.length > EXAMPLES ? `${shown} and ${subjects.length - EXAMPLES} more` : shown;
}

function typeName(type: MetricType): string {
  return type === "untyped" ? "untyped (no TYPE)" : type;
}

/** The samples whose value may only go up while the exporter runs. */
function isCumulative(family: MetricFamily, sampleName: string): boolean {
  const suffix = sampleName.startsWith(family.name) ? sampleName.slice(family.name.length) : undefined;
  switch (family.type) {
    case "counter":
      return suffix !== "_created";
    case "histogram":
      return suffix === "_bucket" || suffix === "_count" || suffix === "_sum";
    case "summary":
      return suffix === "_count" || suffix === "_sum";
    default:
      return false;
  }
}

/** Text 0.0.4's `untyped` is OpenMetrics' `unknown`. */
function sameType(a: MetricType, b: MetricType): boolean {
  const norm = (t: MetricType): MetricType => (t === "untyped" ? "unknown" : t);
  return norm(a) === norm(b);
}

function sameSet<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

/** A finding about one series or one metric, before those of a family are collapsed into one. */
interface SeriesEvent {
  scrape: number;
  family: string;
  /** What collapses: the same family, the same code, the same pattern of scrapes. */
  group: string;
  /** The series (or the metric, for a whole histogram or summary), for lists of examples. */
  name: string;
  /** The finding's subject: `series foo{a="b"}`, `histogram h{x="y"} (4 series)`. */
  subject: string;
  at: Position;
}

function collapse(
  events: readonly SeriesEvent[],
  one: (e: SeriesEvent) => Diagnostic,
  many: (events: readonly SeriesEvent[]) => Diagnostic,
  out: Diagnostic[][],
): void {
  const groups = new Map<string, SeriesEvent[]>();
  for (const e of events) {
    const key = `${e.scrape}\u0000${e.family}\u0000${e.group}`;
    const list = groups.get(key);
    if (list) list.push(e);
    else groups.set(key, [e]);
  }
  for (const list of groups.values()) {
    const first = list[0] as SeriesEvent;
    const target = out[first.scrape] as Diagnostic[];
    if (list.length > COLLAPSE_ABOVE) target.push(many([...list].sort((a, b) => a.at.offset - b.at.offset)));
    else for (const e of list) target.push(one(e));
  }
}

/**
 * The findings that show only across scrapes of one target, per scrape (index 0 is scrape 1):
 * `series-vanished`, `series-appeared`, `counter-decreased`, `label-churn` (with 3 scrapes or
 * more), `scrape-slow`, `scrape-large`, `scrape-format-changed`, `family-type-changed`. Each
 * points at the series' line in the scrape where it was seen (a vanished series: its line in
 * the scrape before it went); findings about a whole scrape point at its line 1.
 *
 * The series of a family with `label-churn` are not reported one by one as appeared or vanished.
 * More than three series of one family with the same finding and the same scrapes are reported
 * as one finding that names a few of them.
 */
export function compareScrapes(scrapes: readonly ScrapeSnapshot[], thresholds: CompareThresholds = DEFAULT_COMPARE_THRESHOLDS): Diagnostic[][] {
  const n = scrapes.length;
  const out: Diagnostic[][] = scrapes.map(() => []);
  const index = scrapes.map((s) => indexScrape(s.result));
  const at = (i: number): ScrapeIndex => index[i] as ScrapeIndex;
  const snapshot = (i: number): ScrapeSnapshot => scrapes[i] as ScrapeSnapshot;
  const push = (i: number, d: Diagnostic): void => void (out[i] as Diagnostic[]).push(d);

  // ---- the scrape as a whole
  for (let i = 0; i < n; i++) {
    const s = snapshot(i);
    if (s.durationMs > thresholds.maxDurationMs) {
      push(i, finding("scrape-slow", `scrape ${i + 1} took ${Math.round(s.durationMs).toLocaleString("en")} ms, more than the limit of ${thresholds.maxDurationMs.toLocaleString("en")} ms (--max-duration)`, SCRAPE_POSITION, "Prometheus fails a scrape that exceeds its scrape_timeout (10s by default); collect expensive data in the background, not per scrape"));
    }
    if (s.bytes > thresholds.maxBytes) {
      push(i, finding("scrape-large", `scrape ${i + 1} answered with ${s.bytes.toLocaleString("en")} bytes, more than the limit of ${thresholds.maxBytes.toLocaleString("en")} bytes (--max-bytes)`, SCRAPE_POSITION));
    }
    if (i > 0) {
      const p = snapshot(i - 1);
      const norm = (ct: string | undefined): string => (ct ?? "").toLowerCase().replace(/\s+/g, "");
      if (norm(s.contentType) !== norm(p.contentType) || s.result.format !== p.result.format) {
        const describe = (x: ScrapeSnapshot): string => `${x.contentType === undefined ? "no Content-Type" : `Content-Type "${x.contentType}"`} (read as ${x.result.format})`;
        push(i, finding("scrape-format-changed", `scrape ${i + 1} answered with ${describe(s)}, scrape ${i} with ${describe(p)}`, SCRAPE_POSITION, "an exporter should negotiate the same format for the same Accept header every time"));
      }
    }
  }

  // ---- TYPE changes: by sample name, so that a family that loses its TYPE line (and so its name) is still matched
  for (let j = 1; j < n; j++) {
    const reported = new Set<string>();
    for (const [name, family] of at(j).familyOfName) {
      let k = j - 1;
      while (k >= 0 && !at(k).familyOfName.has(name)) k--;
      if (k < 0) continue;
      const before = at(k).familyOfName.get(name) as MetricFamily;
      if (sameType(before.type, family.type)) continue;
      const key = `${before.name}\u0000${family.name}`;
      if (reported.has(key)) continue;
      reported.add(key);
      const names = before.name === family.name ? "" : ` (family ${before.name} in scrape ${k + 1})`;
      push(j, finding("family-type-changed", `family ${family.name} is ${typeName(family.type)} in scrape ${j + 1}, ${typeName(before.type)} in scrape ${k + 1}${names}`, familyPosition(at(j).result, family), "write the same TYPE line for a family in every scrape"));
    }
  }

  // ---- label churn: a family present in every scrape whose set of series changes every time
  const churned = new Set<string>();
  if (n >= 3) {
    for (const [name, lastFamily] of at(n - 1).families) {
      if (!index.every((x) => x.families.has(name))) continue;
      const familiesOf = index.map((x) => x.metricsOf.get(name) ?? []);
      const metricSets = familiesOf.map((ms) => new Set(ms.map((m) => m.key)));
      const changes: string[] = [];
      let every = true;
      for (let j = 1; j < n && every; j++) {
        const now = metricSets[j] as Set<string>;
        const before = metricSets[j - 1] as Set<string>;
        if (sameSet(now, before)) every = false;
        const added = [...now].filter((k) => !before.has(k)).length;
        const gone = [...before].filter((k) => !now.has(k)).length;
        changes.push(`scrape ${j + 1}: ${added} new, ${gone} gone`);
      }
      if (!every) continue;
      churned.add(name);
      const labelNames = new Set(familiesOf.flatMap((ms) => ms.flatMap((m) => m.metric.labels.map((l) => l.name))));
      const churning: string[] = [];
      for (const label of labelNames) {
        const values = familiesOf.map((ms) => new Set(ms.map((m) => m.metric.labels.find((l) => l.name === label)?.value ?? "")));
        let differs = true;
        for (let j = 1; j < n && differs; j++) if (sameSet(values[j] as Set<string>, values[j - 1] as Set<string>)) differs = false;
        if (!differs) continue;
        const seen = new Set<string>();
        const shown: string[] = [];
        for (const v of values) {
          const fresh = [...v].find((x) => !seen.has(x));
          if (fresh !== undefined && shown.length < EXAMPLES) shown.push(JSON.stringify(fresh.length > 40 ? `${fresh.slice(0, 40)}…` : fresh));
          for (const x of v) seen.add(x);
        }
        churning.push(`${label} (${shown.join(", ")}…)`);
      }
      const last = at(n - 1);
      const before = metricSets[n - 2] as Set<string>;
      const fresh = (last.metricsOf.get(name) ?? []).filter((m) => !before.has(m.key)).sort((a, b) => a.metric.offset - b.metric.offset)[0];
      const where = fresh?.metric.samples[0] ? samplePosition(last.result, fresh.metric.samples[0]) : familyPosition(last.result, lastFamily);
      const labels = churning.length === 0 ? "" : `; ${churning.length === 1 ? "label" : "labels"} with different values in every scrape: ${churning.join(", ")}`;
      push(n - 1, finding("label-churn", `family ${name} has different series in each of ${n} scrapes (${changes.join("; ")})${labels}`, where, "every new label value is a new series in Prometheus; keep request ids, timestamps and other unbounded values out of labels"));
    }
  }

  // ---- series that vanish or appear
  const allKeys = new Map<string, { family: string; metricKey: string }>();
  for (const x of index) for (const s of x.samples.values()) if (!allKeys.has(s.key)) allKeys.set(s.key, { family: s.family.name, metricKey: s.metricKey });
  const vanished: Array<SeriesEvent & { key: string; metricKey: string }> = [];
  const appeared: Array<SeriesEvent & { key: string; metricKey: string }> = [];
  for (const [key, { family, metricKey }] of allKeys) {
    if (churned.has(family)) continue;
    const present = index.map((x) => x.samples.has(key));
    const first = present.indexOf(true);
    const presentIn = present.flatMap((p, i) => (p ? [i] : []));
    const absentAfter = present.flatMap((p, i) => (!p && i > first ? [i] : []));
    if (absentAfter.length > 0) {
      const gone = absentAfter[0] as number;
      const last = presentIn.filter((i) => i < gone).pop() as number;
      const entry = at(last).samples.get(key) as SampleEntry;
      vanished.push({ scrape: last, family, group: `${presentIn.join(",")}/${absentAfter.join(",")}`, name: key, subject: `series ${key}`, at: samplePosition(at(last).result, entry.sample), key, metricKey });
    }
    if (first > 0) {
      const entry = at(first).samples.get(key) as SampleEntry;
      const absentBefore = present.flatMap((p, i) => (!p && i < first ? [i] : []));
      appeared.push({ scrape: first, family, group: `${absentBefore.join(",")}/${presentIn.join(",")}`, name: key, subject: `series ${key}`, at: samplePosition(at(first).result, entry.sample), key, metricKey });
    }
  }
  const byMetric = (events: Array<SeriesEvent & { key: string; metricKey: string }>): SeriesEvent[] => {
    // a histogram or summary that goes as a whole is one finding, not one per _bucket, _sum and _count
    const groups = new Map<string, Array<SeriesEvent & { key: string; metricKey: string }>>();
    for (const e of events) {
      const k = `${e.scrape}\u0000${e.metricKey}\u0000${e.group}`;
      const list = groups.get(k);
      if (list) list.push(e);
      else groups.set(k, [e]);
    }
    const result: SeriesEvent[] = [];
    for (const list of groups.values()) {
      const first = list[0] as SeriesEvent & { key: string; metricKey: string };
      const metric = at(first.scrape).metrics.get(first.metricKey);
      const keys = new Set(list.map((e) => e.key));
      if (list.length > 1 && metric !== undefined && metric.sampleKeys.every((k) => keys.has(k))) {
        const head = [...list].sort((a, b) => a.at.offset - b.at.offset)[0] as SeriesEvent;
        result.push({ ...head, name: metric.key, subject: `${metric.family.type} ${metric.key} (${list.length} series)` });
      } else result.push(...list);
    }
    return result;
  };
  const patternOf = (group: string): [number[], number[]] => {
    const [a = "", b = ""] = group.split("/");
    const nums = (s: string): number[] => (s === "" ? [] : s.split(",").map(Number));
    return [nums(a), nums(b)];
  };
  collapse(
    byMetric(vanished),
    (e) => {
      const [inScrapes, notIn] = patternOf(e.group);
      return finding("series-vanished", `${e.subject} vanished: in ${scrapeList(inScrapes)}, not in ${scrapeList(notIn)}`, e.at, "export a series for as long as the exporter runs, even when its value does not change");
    },
    (events) => {
      const head = events[0] as SeriesEvent;
      const [inScrapes, notIn] = patternOf(head.group);
      return finding("series-vanished", `${events.length} series of family ${head.family} vanished: in ${scrapeList(inScrapes)}, not in ${scrapeList(notIn)}: ${examples(events.map((e) => e.name))}`, head.at, "export a series for as long as the exporter runs; a collector that fails should say so in a metric, not drop its families");
    },
    out,
  );
  collapse(
    byMetric(appeared),
    (e) => {
      const [notIn, inScrapes] = patternOf(e.group);
      return finding("series-appeared", `${e.subject} appeared: not in ${scrapeList(notIn)}, in ${scrapeList(inScrapes)}`, e.at, "initialize series with known label values at start-up, so that the first scrape has them");
    },
    (events) => {
      const head = events[0] as SeriesEvent;
      const [notIn, inScrapes] = patternOf(head.group);
      return finding("series-appeared", `${events.length} series of family ${head.family} appeared: not in ${scrapeList(notIn)}, in ${scrapeList(inScrapes)}: ${examples(events.map((e) => e.name))}`, head.at);
    },
    out,
  );

  // ---- counters that go down
  const decreases: SeriesEvent[] = [];
  for (let j = 1; j < n; j++) {
    const now = at(j);
    const perMetric = new Map<string, Array<{ entry: SampleEntry; before: SampleEntry; k: number }>>();
    for (const entry of now.samples.values()) {
      if (!isCumulative(entry.family, entry.sample.name)) continue;
      let k = j - 1;
      while (k >= 0 && !at(k).samples.has(entry.key)) k--;
      if (k < 0) continue;
      const before = at(k).samples.get(entry.key) as SampleEntry;
      if (!sameType(before.family.type, entry.family.type)) continue;
      if (!(entry.sample.value < before.sample.value)) continue;
      const key = `${entry.metricKey}\u0000${k}`;
      const list = perMetric.get(key);
      if (list) list.push({ entry, before, k });
      else perMetric.set(key, [{ entry, before, k }]);
    }
    for (const list of perMetric.values()) {
      const sorted = [...list].sort((a, b) => a.entry.sample.offset - b.entry.sample.offset);
      const head = sorted[0] as (typeof sorted)[number];
      const metric = now.metrics.get(head.entry.metricKey);
      const what = `${head.entry.key} went down from ${head.before.sample.valueText} in scrape ${head.k + 1} to ${head.entry.sample.valueText} in scrape ${j + 1}`;
      const cumulative = metric?.sampleKeys.filter((k) => {
        const e = now.samples.get(k);
        return e !== undefined && isCumulative(e.family, e.sample.name);
      }).length ?? 0;
      const subject =
        metric !== undefined && cumulative > 1
          ? `${head.entry.family.type} ${metric.key}: ${what}${sorted.length > 1 ? ` (and ${sorted.length - 1} more of its series)` : ""}`
          : `${head.entry.family.type} ${what}`;
      decreases.push({ scrape: j, family: head.entry.family.name, group: String(head.k), name: metric?.key ?? head.entry.key, subject, at: samplePosition(now.result, head.entry.sample) });
    }
  }
  const resetHint = "a counter only goes up while the process runs; create metrics once and keep them, and in a custom collector report the cumulative value, not the change since the last scrape";
  collapse(
    decreases,
    (e) => finding("counter-decreased", e.subject, e.at, resetHint),
    (events) => {
      const head = events[0] as SeriesEvent;
      return finding("counter-decreased", `${events.length} series of family ${head.family} went down between scrape ${Number(head.group) + 1} and scrape ${head.scrape + 1}: ${examples(events.map((e) => e.name))}`, head.at, resetHint);
    },
    out,
  );

  for (const list of out) list.sort((a, b) => a.offset - b.offset || a.code.localeCompare(b.code));
  return out;
}

function findingKey(result: ParseResult, d: Diagnostic): string {
  const line = d.line >= 1 && d.line <= result.lines.lineCount ? lineIdentity(result.lines.lineText(d.line)) : "";
  return `${d.code}\u0000${d.message}\u0000${line}`;
}

/**
 * The lint findings to report per scrape: all of the first scrape's, and of each later scrape
 * those that no earlier scrape had (the same code and message on the line of the same series,
 * wherever that line moved and whatever its value).
 */
export function newLintFindings(results: readonly ParseResult[]): Diagnostic[][] {
  const seen = new Set<string>();
  return results.map((result) => {
    const keys = result.diagnostics.map((d) => findingKey(result, d));
    const fresh = result.diagnostics.filter((_, i) => !seen.has(keys[i] as string));
    for (const k of keys) seen.add(k);
    return fresh;
  });
}
