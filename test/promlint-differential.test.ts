/**
 * Differential test of the promlint rules (origin "promlint") against the real
 * `promtool check metrics`, over a fixed fast-check corpus of text-format payloads and the
 * crafted inputs in ../shared/promtool-cases (against their recorded output).
 *
 * Per payload we compare the SET of (rule id, family, detail) findings, where the detail is
 * the base/unit of `unit-non-base` and the type word of `type-in-name`. The installed promtool
 * (Debian 2.42) lints with client_golang 1.14 ("L14"); our rules follow the newest promlint
 * ("LN"). The documented differences (../shared/notes/lint-rules.md §2) are accounted for,
 * not failed:
 * - type-in-name: L14 looks for every type word whatever the family's type (untyped too), LN
 *   only for the family's own type. Compared where both agree; elsewhere each side must give
 *   its own version's answer, counted as a known version difference.
 * - unit-non-base on names with several unit components: L14 picks one at random (Go map
 *   order). Skipped, but promtool's answer must be one L14 can give and ours LN's.
 * - duplicate-series: LN only; ignored.
 * - gauge histograms: expfmt >= v0.67.0 (prometheus/common 45ae715), which the `pushgateway`
 *   target and the newest promtool follow, folds `_bucket`/`_count`/`_sum` into a `gauge_histogram`
 *   family and reads `le` as its bucket bound; the 0.39 under promtool 2.42 keeps every sample
 *   name as its own family and `le` as a plain label (any value). Where that changes the family
 *   view, our rules are run on the 0.39 view instead and the difference is counted as known.
 *   (test/differential.test.ts lists the same difference for the parser.)
 * Repetition counts (promlint prints a finding once per offending series) are reported, not failed.
 */
import { spawn, spawnSync } from "node:child_process";
import { accessSync, constants, existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lint } from "../src/lint/lint.js";
import type { MetricFamily } from "../src/model/types.js";
import { RULES } from "../src/validate/rules/index.js";
import { validate } from "../src/validate/validate.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const CASES_DIR = path.resolve(here, "../../shared/promtool-cases");
const SEED = 20_240_423;
const VALID_PAYLOADS = 320;
const BROKEN_PAYLOADS = 24;
const PARALLEL = 2;

function findPromtool(): string | undefined {
  const candidates = ["/usr/bin/promtool", ...(process.env.PATH ?? "").split(path.delimiter).filter(Boolean).map((d) => path.join(d, "promtool"))];
  for (const file of candidates) {
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not there
    }
  }
  return undefined;
}

const PROMTOOL = findPromtool();
const SKIP_REASON = "promtool not installed; .ci/run installs the Debian prometheus package";
if (!PROMTOOL) console.warn(`promlint differential test skipped: ${SKIP_REASON}`);
const casesAvailable = existsSync(path.join(CASES_DIR, "observed.json"));
if (!casesAvailable) console.warn(`promtool-cases check skipped: ${CASES_DIR} not found (the shared research data sits beside the repository)`);

// ---------------------------------------------------------------------------------------------
// Reference model of promlint (L14 and LN), independent of src/: used only to explain the
// documented version differences, never to decide what a finding should be.

const UNITS: Record<string, string> = {
  amperes: "amperes", bytes: "bytes", celsius: "celsius", grams: "grams", joules: "joules", kelvin: "kelvin",
  meters: "meters", metres: "metres", seconds: "seconds", volts: "volts",
  minutes: "seconds", hours: "seconds", days: "seconds", weeks: "seconds", kelvins: "kelvin", fahrenheit: "celsius",
  rankine: "celsius", inches: "meters", yards: "meters", miles: "meters", bits: "bytes", calories: "joules",
  pounds: "grams", ounces: "grams",
};
const PREFIXES = ["pico", "nano", "micro", "milli", "centi", "deci", "deca", "hecto", "kilo", "kibi", "mega", "mibi", "giga", "gibi", "tera", "tebi", "peta", "pebi"];
/** dto.MetricType_name of client_model, lower-cased, without UNTYPED (what L14 looks for). */
const L14_TYPE_WORDS = ["counter", "gauge", "summary", "histogram", "gauge_histogram"];

function unitOfComponent(c: string): string | undefined {
  if (Object.hasOwn(UNITS, c)) return UNITS[c];
  for (const p of PREFIXES) if (c.startsWith(p) && Object.hasOwn(UNITS, c.slice(p.length))) return UNITS[c.slice(p.length)];
  return undefined;
}

/** How many `_`-separated components of the name are (prefixed) units. */
function unitComponents(name: string): number {
  return name.split("_").filter((c) => unitOfComponent(c) !== undefined).length;
}

/** LN's unit finding as "base/unit", "" for none (components left to right, bare unit first). */
function lnUnitDetail(name: string): string {
  for (const c of name.split("_")) {
    const base = unitOfComponent(c);
    if (base !== undefined) return base === c ? "" : `${base}/${c}`;
  }
  return "";
}

/** Every unit finding L14 can give ("" for none), whichever unit its map iteration meets first. */
function l14UnitDetails(name: string): Set<string> {
  const components = name.split("_");
  const outcomes = new Set<string>();
  for (const [unit, base] of Object.entries(UNITS)) {
    for (const p of [...PREFIXES, ""]) {
      if (components.includes(p + unit)) {
        outcomes.add(p + unit === base ? "" : `${base}/${p + unit}`);
        break;
      }
    }
  }
  if (outcomes.size === 0) outcomes.add("");
  return outcomes;
}

const hasWord = (lower: string, word: string): boolean => lower.includes(`_${word}_`) || lower.endsWith(`_${word}`);
const l14TypeWords = (name: string): string[] => L14_TYPE_WORDS.filter((w) => hasWord(name.toLowerCase(), w));
function lnTypeWords(name: string, family: MetricFamily | undefined): string[] {
  if (family === undefined || family.type === "untyped" || family.type === "unknown") return [];
  const word = family.type === "gaugehistogram" ? "gauge_histogram" : family.type;
  return hasWord(name.toLowerCase(), word) ? [word] : [];
}

// ---------------------------------------------------------------------------------------------
// Findings on both sides

interface Finding {
  rule: string;
  family: string;
  /** `base/unit` for unit-non-base, the type word for type-in-name, "" otherwise. */
  detail: string;
}
const keyOf = (f: Finding): string => `${f.rule} ${f.family}${f.detail ? ` [${f.detail}]` : ""}`;

const PROMLINT_RULES = RULES.filter((r) => r.origin === "promlint");
const RULE_IDS = new Set(RULES.map((r) => r.id));

/** promlint messages → rule id; templates (`<base>`, `<unit>`, `<type>`) become capture groups. */
const MESSAGE_PATTERNS = PROMLINT_RULES.filter((r) => r.promlintMessage !== undefined).map((r) => {
  const escaped = r.promlintMessage!.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/<\w+>/g, "(.+?)");
  return { rule: r.id, pattern: new RegExp(`^${escaped}$`) };
});

interface PromtoolRun {
  rc: number;
  stdout: string;
  stderr: string;
}

/** promtool's findings, or the lines it printed that are not a known promlint message. */
function promtoolFindings(run: PromtoolRun): { findings: Finding[]; unknown: string[] } {
  const findings: Finding[] = [];
  const unknown: string[] = [];
  if (run.rc === 1) return { findings, unknown };
  for (const line of run.stderr.split("\n")) {
    if (line === "") continue;
    const space = line.indexOf(" ");
    const family = line.slice(0, space);
    const text = line.slice(space + 1);
    const hit = space > 0 ? MESSAGE_PATTERNS.map((m) => ({ rule: m.rule, match: m.pattern.exec(text) })).find((m) => m.match !== null) : undefined;
    if (hit === undefined || hit.match === null) unknown.push(line);
    else findings.push({ rule: hit.rule, family, detail: hit.match.slice(1).join("/") });
  }
  return { findings, unknown };
}

/** Our detail, read from our message (the rule's own words, not a recomputation). */
function ourDetail(rule: string, message: string): string {
  if (rule === "unit-non-base") {
    const m = /use base unit "([^"]+)" instead of "([^"]+)"/.exec(message);
    return m ? `${m[1]}/${m[2]}` : `? ${message}`;
  }
  if (rule === "type-in-name") {
    const m = /'([a-z_]+)'/.exec(message);
    return m ? m[1]! : `? ${message}`;
  }
  return "";
}

interface Ours {
  findings: Finding[];
  families: Map<string, MetricFamily>;
  /** Error-severity diagnostics of the parser (lint rules excluded): ours rejects the input. */
  parseErrors: { code: string; line: number; column: number }[];
  /** duplicate-series findings (promtool 2.42 has no such rule). */
  duplicates: number;
  /** Version differences found while building the view (gauge histograms). */
  known: number;
}

function findingsOf(families: readonly MetricFamily[]): { findings: Finding[]; duplicates: number } {
  const findings: Finding[] = [];
  let duplicates = 0;
  for (const family of families) {
    for (const d of validate([family], { format: "prometheus", target: "promtool", ruleSet: PROMLINT_RULES })) {
      if (d.code === "duplicate-series") duplicates++;
      else findings.push({ rule: d.code, family: family.name, detail: ourDetail(d.code, d.message) });
    }
  }
  return { findings, duplicates };
}

/**
 * (d) What expfmt 0.39 makes of a gauge histogram family: one family per sample name (the
 * children untyped, without HELP), one metric per sample line, `le` an ordinary label.
 */
function oldGaugeHistogramView(family: MetricFamily): MetricFamily[] {
  const byName = new Map<string, MetricFamily>();
  for (const metric of family.metrics) {
    for (const s of metric.samples) {
      let f = byName.get(s.name);
      if (f === undefined) {
        const own = s.name === family.name;
        f = { name: s.name, type: own ? family.type : "untyped", metrics: [], offset: s.offset, line: s.line };
        if (own && family.help !== undefined) f.help = family.help;
        byName.set(s.name, f);
      }
      f.metrics.push({ labels: s.labels, samples: [s], offset: s.offset, line: s.line });
    }
  }
  return [...byName.values()];
}

function ours(text: string): Ours {
  const result = lint(text, { format: "prometheus", target: "promtool" });
  let parseErrors = result.diagnostics.filter((d) => d.severity === "error" && !RULE_IDS.has(d.code)).map(({ code, line, column }) => ({ code, line, column }));
  const { findings: newest, duplicates } = findingsOf(result.families);
  let findings = newest;
  let known = 0;
  const families = new Map(result.families.map((f) => [f.name, f]));
  for (const family of result.families) {
    if (family.type !== "gaugehistogram") continue;
    const samples = family.metrics.flatMap((m) => m.samples);
    if (samples.every((s) => s.name === family.name && !s.labels.some((l) => l.name === "le"))) continue;
    const view = oldGaugeHistogramView(family);
    const names = new Set([family.name, ...view.map((f) => f.name)]);
    const before = new Set(findings.filter((f) => names.has(f.family)).map(keyOf));
    const after = findingsOf(view).findings;
    const afterKeys = new Set(after.map(keyOf));
    known += [...before].filter((k) => !afterKeys.has(k)).length + [...afterKeys].filter((k) => !before.has(k)).length;
    findings = [...findings.filter((f) => !names.has(f.family)), ...after];
    families.delete(family.name);
    for (const f of view) families.set(f.name, f);
    // 0.39 reads no `le` of a gauge histogram, so its bounds cannot be invalid there
    const lines = new Set(samples.map((s) => s.line));
    const kept = parseErrors.filter((e) => !lines.has(e.line));
    known += parseErrors.length - kept.length;
    parseErrors = kept;
  }
  return { findings, families, parseErrors, duplicates, known };
}

// ---------------------------------------------------------------------------------------------
// Comparison

interface Tally {
  payloads: number;
  compared: number;
  known: number;
  knownGaugeHistogram: number;
  unitSkipped: number;
  duplicatesIgnored: number;
  parseErrorsAgreed: number;
  /** Same finding, different repetition, on a family with a repeated series (expfmt keeps one metric per line). */
  repeatedSeriesCounts: number;
  /** Other repetition differences (reported, not failed). */
  countDifferences: string[];
  /** Compared (rule, family) pairs per rule. */
  perRule: Map<string, number>;
}
const newTally = (): Tally => ({
  payloads: 0,
  compared: 0,
  known: 0,
  knownGaugeHistogram: 0,
  unitSkipped: 0,
  duplicatesIgnored: 0,
  parseErrorsAgreed: 0,
  repeatedSeriesCounts: 0,
  countDifferences: [],
  perRule: new Map(),
});

/** Whether a family has the same sample (name and label set, in any order) twice. */
function hasRepeatedSeries(family: MetricFamily | undefined): boolean {
  const seen = new Set<string>();
  for (const m of family?.metrics ?? []) {
    for (const s of m.samples) {
      const key = `${s.name}${JSON.stringify(s.labels.map((l) => [l.name, l.value]).sort())}`;
      if (seen.has(key)) return true;
      seen.add(key);
    }
  }
  return false;
}

function countBy(findings: readonly Finding[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(keyOf(f), (counts.get(keyOf(f)) ?? 0) + 1);
  return counts;
}

/** Compares one payload; returns its differences (empty when it agrees) and updates the tally. */
function compare(text: string, run: PromtoolRun, tally: Tally, label: string): string[] {
  const problems: string[] = [];
  const us = ours(text);
  tally.payloads++;
  if (![0, 1, 3].includes(run.rc)) return [`promtool exited ${run.rc}: ${run.stderr.trim()}`];
  if (run.rc === 1) {
    if (us.parseErrors.length === 0) problems.push(`promtool rejects the input (${run.stderr.trim()}), ours reports no error`);
    else tally.parseErrorsAgreed++;
    return problems;
  }
  if (us.parseErrors.length > 0) problems.push(`promtool accepts the input, ours reports errors ${us.parseErrors.map(errorText).join(" ")}`);
  const { findings: theirs, unknown } = promtoolFindings(run);
  for (const line of unknown) problems.push(`promtool line not understood: ${line}`);
  if ((run.rc === 3) !== (theirs.length + unknown.length > 0)) problems.push(`promtool exit ${run.rc} with ${theirs.length} findings`);
  tally.duplicatesIgnored += us.duplicates;
  tally.knownGaugeHistogram += us.known;

  let mine = us.findings;
  const names = new Set([...theirs.map((f) => f.family), ...mine.map((f) => f.family), ...us.families.keys()]);
  const byFamily = (list: Finding[], name: string, rule: string): Finding[] => list.filter((f) => f.family === name && f.rule === rule);
  const without = (list: Finding[], name: string, rule: string): Finding[] => list.filter((f) => !(f.family === name && f.rule === rule));
  const sameSet = (a: Iterable<string>, b: Iterable<string>): boolean => {
    const x = new Set(a);
    const y = new Set(b);
    return x.size === y.size && [...x].every((v) => y.has(v));
  };
  let compared = theirs;
  for (const name of names) {
    // (a) type-in-name: compared only where L14 and LN agree.
    const l14 = l14TypeWords(name);
    const ln = lnTypeWords(name, us.families.get(name));
    if (!sameSet(l14, ln)) {
      const theirWords = byFamily(compared, name, "type-in-name").map((f) => f.detail);
      const ourWords = byFamily(mine, name, "type-in-name").map((f) => f.detail);
      if (sameSet(theirWords, l14) && sameSet(ourWords, ln)) {
        tally.known += new Set([...l14.filter((w) => !ln.includes(w)), ...ln.filter((w) => !l14.includes(w))]).size;
        compared = without(compared, name, "type-in-name");
        mine = without(mine, name, "type-in-name");
      }
    }
    // (b) unit-non-base with several unit components: L14 is random there.
    if (unitComponents(name) >= 2) {
      const theirUnit = byFamily(compared, name, "unit-non-base").map((f) => f.detail);
      const ourUnit = byFamily(mine, name, "unit-non-base").map((f) => f.detail);
      const ln = lnUnitDetail(name);
      if (theirUnit.length <= 1 && l14UnitDetails(name).has(theirUnit[0] ?? "") && sameSet(ourUnit, ln === "" ? [] : [ln])) {
        tally.unitSkipped += theirUnit.length + ourUnit.length > 0 ? 1 : 0;
        compared = without(compared, name, "unit-non-base");
        mine = without(mine, name, "unit-non-base");
      }
    }
  }
  const theirCounts = countBy(compared);
  const ourCounts = countBy(mine);
  const pairs = new Map<string, Finding>([...compared, ...mine].map((f) => [keyOf(f), f]));
  tally.compared += pairs.size;
  for (const [key, f] of [...pairs].sort(([a], [b]) => (a < b ? -1 : 1))) {
    tally.perRule.set(f.rule, (tally.perRule.get(f.rule) ?? 0) + 1);
    const t = theirCounts.get(key) ?? 0;
    const o = ourCounts.get(key) ?? 0;
    if (t === 0) problems.push(`only ours: ${key}`);
    else if (o === 0) problems.push(`only promtool: ${key}`);
    else if (t !== o) {
      if (t > o && hasRepeatedSeries(us.families.get(f.family))) tally.repeatedSeriesCounts++;
      else tally.countDifferences.push(`${label}: ${key}: promtool ${t}×, ours ${o}×`);
    }
  }
  return problems;
}

const errorText = (e: { code: string; line: number; column: number }): string => `${e.code}@${e.line}:${e.column}`;

function describeMismatch(label: string, text: string, run: PromtoolRun, problems: readonly string[]): string {
  const us = ours(text);
  const indent = (s: string): string => s.replace(/\n$/, "").split("\n").map((l) => `      ${l}`).join("\n");
  return [
    `  ${label}: ${problems.join("; ")}`,
    `    payload:\n${indent(text)}`,
    `    promtool (exit ${run.rc}):\n${indent(run.stderr || "(nothing)")}`,
    `    ours:\n${indent(us.findings.map(keyOf).sort().join("\n") || "(nothing)")}${us.parseErrors.length ? `\n      errors: ${us.parseErrors.map(errorText).join(" ")}` : ""}`,
  ].join("\n");
}

// ---------------------------------------------------------------------------------------------
// Running promtool

function runPromtool(bin: string, input: string): Promise<PromtoolRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ["check", "metrics"], { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ rc: code ?? -1, stdout, stderr }));
    child.stdin.on("error", () => {
      // promtool stopped reading (e.g. after a parse error): its exit code tells
    });
    child.stdin.end(input);
  });
}

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

// ---------------------------------------------------------------------------------------------
// The corpus

type FamilyType = "counter" | "gauge" | "histogram" | "summary" | "untyped" | "none" | "gauge_histogram";
type Shape = "simple" | "histlike" | "summarylike";

interface LabelSpec {
  name: string;
  value: string;
}
interface FamilySpec {
  stem: string;
  components: string[];
  suffix: string;
  type: FamilyType;
  typeCase: "lower" | "upper" | "capital";
  help: "none" | "text" | "escaped" | "empty" | "blank" | "after";
  helpFirst: boolean;
  shape: Shape;
  series: LabelSpec[][];
  values: string[];
  buckets: string[];
  withSum: boolean;
  withCount: boolean;
  leFirst: boolean;
  repeat: "none" | "exact" | "reordered";
}

const STEMS = ["app", "http", "node", "api", "process", "myApp", "HTTP", "fooBar", "Disk", "job:app", "app:rate5m"];
const WORDS = ["requests", "errors", "queue", "size", "latency", "temp", "rate", "memory", "msgs", "info", "created", "thermometers"];
const UNIT_WORDS = [
  "milliseconds", "kilobytes", "hours", "bits", "seconds", "bytes", "minutes", "days", "weeks", "kelvins", "kelvin",
  "fahrenheit", "rankine", "celsius", "meters", "metres", "kilometers", "inches", "yards", "miles", "calories", "joules",
  "pounds", "ounces", "grams", "amperes", "volts", "mibibytes", "mebibytes", "Milliseconds", "microseconds", "nanoseconds",
  "gibibytes", "megabits", "picograms", "decameters", "Seconds",
];
const ABBREVIATIONS = ["ms", "sec", "kb", "MB", "m", "s", "Sec", "us", "ns", "b", "gb", "TB", "pb", "h", "d", "mS"];
/** `<own>` is replaced by the family's own type (where LN and L14 may agree). */
const TYPE_WORDS = ["counter", "gauge", "histogram", "summary", "gauge_histogram", "untyped", "Counter", "GAUGE", "histograms", "gauges", "<own>", "<own>"];
const CAMEL_WORDS = ["requestCount", "bytesIn", "httpRequests", "queueSize"];
const SUFFIXES = ["", "", "", "", "_total", "_total", "_bucket", "_count", "_sum", "_created"];
const LABEL_NAMES = ["method", "code", "le", "quantile", "userId", "podName", "instance", "HTTPCode", "aB", "job", "path_Name", "x", "quantiles"];
const LABEL_VALUES = ["a", "GET", "200", "", "with space", "back\\\\slash", 'quo\\"te', "new\\nline", "1.5", "+Inf", "ünïcode"];
const VALUES = ["0", "1", "3.5", "42", "1e3", "NaN", "+Inf", "-2"];

const componentArb = fc.oneof(
  { arbitrary: fc.constantFrom(...WORDS), weight: 4 },
  { arbitrary: fc.constantFrom(...UNIT_WORDS), weight: 3 },
  { arbitrary: fc.constantFrom(...ABBREVIATIONS), weight: 2 },
  { arbitrary: fc.constantFrom(...TYPE_WORDS), weight: 2 },
  { arbitrary: fc.constantFrom(...CAMEL_WORDS), weight: 1 },
);
const labelsArb = fc
  .uniqueArray(fc.constantFrom(...LABEL_NAMES), { maxLength: 3 })
  .chain((names) => fc.tuple(...names.map((name) => fc.constantFrom(...LABEL_VALUES).map((value) => ({ name, value })))))
  .map((labels) => [...labels]);
const typeArb = fc.oneof(
  { arbitrary: fc.constantFrom<FamilyType>("counter", "gauge", "histogram", "summary"), weight: 12 },
  { arbitrary: fc.constantFrom<FamilyType>("untyped", "none", "none"), weight: 6 },
  { arbitrary: fc.constant<FamilyType>("gauge_histogram"), weight: 1 },
);

const familyArb: fc.Arbitrary<FamilySpec> = fc.record({
  stem: fc.constantFrom(...STEMS),
  components: fc.array(componentArb, { maxLength: 3 }),
  suffix: fc.constantFrom(...SUFFIXES),
  type: typeArb,
  typeCase: fc.constantFrom<FamilySpec["typeCase"]>("lower", "lower", "lower", "lower", "lower", "upper", "capital"),
  help: fc.constantFrom<FamilySpec["help"]>("none", "none", "text", "text", "text", "escaped", "empty", "blank", "after"),
  helpFirst: fc.boolean(),
  shape: fc.constantFrom<Shape>("simple", "simple", "simple", "simple", "simple", "histlike", "summarylike"),
  series: fc.array(labelsArb, { minLength: 1, maxLength: 3 }),
  values: fc.array(fc.constantFrom(...VALUES), { minLength: 3, maxLength: 3 }),
  buckets: fc.subarray(["0.1", "1", "10", "+Inf"], { minLength: 1 }),
  withSum: fc.boolean(),
  withCount: fc.boolean(),
  leFirst: fc.boolean(),
  repeat: fc.constantFrom<FamilySpec["repeat"]>("none", "none", "none", "exact", "reordered"),
});
const payloadArb = fc.array(familyArb, { minLength: 1, maxLength: 4 });

const labelText = (labels: readonly LabelSpec[]): string => (labels.length === 0 ? "" : `{${labels.map((l) => `${l.name}="${l.value}"`).join(",")}}`);
const typeText = (t: string, c: FamilySpec["typeCase"]): string => (c === "upper" ? t.toUpperCase() : c === "capital" ? t[0]!.toUpperCase() + t.slice(1) : t);

/** Renders one family (index `i` makes its name unique in the payload). */
function renderFamily(spec: FamilySpec, i: number): string {
  const own = spec.type === "none" ? "untyped" : spec.type;
  const name = [`${spec.stem}${i}`, ...spec.components.map((c) => (c === "<own>" ? own : c))].join("_") + spec.suffix;
  const meta: string[] = [];
  const help = { text: "Some help text.", escaped: "Help with \\\\ backslash and \\n newline.", empty: "", blank: "   " } as const;
  const helpLine = spec.help === "none" || spec.help === "after" ? undefined : `# HELP ${name}${spec.help === "empty" ? "" : ` ${help[spec.help]}`}`;
  const typeLine = spec.type === "none" ? undefined : `# TYPE ${name} ${typeText(spec.type, spec.typeCase)}`;
  for (const line of spec.helpFirst ? [helpLine, typeLine] : [typeLine, helpLine]) if (line !== undefined) meta.push(line);

  const samples: string[] = [];
  const value = (k: number): string => spec.values[k % spec.values.length]!;
  const histogram = spec.type === "histogram" || (spec.shape === "histlike" && spec.type !== "summary");
  const summary = spec.type === "summary" || (spec.shape === "summarylike" && spec.type !== "histogram");
  spec.series.forEach((labels, k) => {
    if (histogram) {
      // `le` is structural here: drop a generated one, put the bucket's first or last
      const own = labels.filter((l) => l.name !== "le");
      spec.buckets.forEach((le, b) => {
        const withLe = spec.leFirst ? [{ name: "le", value: le }, ...own] : [...own, { name: "le", value: le }];
        samples.push(`${name}_bucket${labelText(withLe)} ${b + k}`);
      });
      if (spec.withSum) samples.push(`${name}_sum${labelText(own)} ${value(k)}`);
      if (spec.withCount) samples.push(`${name}_count${labelText(own)} ${spec.buckets.length + k}`);
    } else if (summary) {
      const own = labels.filter((l) => l.name !== "quantile");
      for (const [q, quantile] of ["0.5", "0.99"].entries()) {
        const withQ = spec.leFirst ? [{ name: "quantile", value: quantile }, ...own] : [...own, { name: "quantile", value: quantile }];
        samples.push(`${name}${labelText(withQ)} ${value(k + q)}`);
      }
      if (spec.withSum) samples.push(`${name}_sum${labelText(own)} ${value(k)}`);
      if (spec.withCount) samples.push(`${name}_count${labelText(own)} ${k + 1}`);
    } else {
      samples.push(`${name}${labelText(labels)} ${value(k)}`);
    }
  });
  if (spec.repeat !== "none") {
    const first = samples[0]!;
    const open = first.indexOf("{");
    if (spec.repeat === "reordered" && open !== -1) {
      const close = first.lastIndexOf("}");
      const pairs = first.slice(open + 1, close).split(/,(?=[a-zA-Z_]+=")/);
      samples.push(`${first.slice(0, open)}{${pairs.reverse().join(",")}}${first.slice(close + 1)}`);
    } else {
      samples.push(first);
    }
  }
  const after = spec.help === "after" ? [`# HELP ${name} Help given after the samples.`] : [];
  return [...meta, ...samples, ...after].join("\n") + "\n";
}

const renderPayload = (specs: readonly FamilySpec[]): string => specs.map(renderFamily).join("");

/** Endings that expfmt rejects; each is appended to a valid payload. */
const BREAKAGES: ((text: string) => string)[] = [
  (t) => t.replace(/\n$/, "").replace(/\n# HELP [^\n]* after the samples\.$/, ""), // no final newline (on a sample line)
  (t) => `${t}broken_value abc\n`,
  (t) => `${t}bad_escape{a="\\q"} 1\n`,
  (t) => `${t}reserved{__name__="x"} 1\n`,
  (t) => `${t}# TYPE late gauge\nlate 1\n# TYPE late gauge\n`,
  (t) => `${t}# HELP twice a\n# HELP twice b\ntwice 1\n`,
  (t) => `${t}{"quoted.name"} 1\n`,
  (t) => `${t}# TYPE weird_type foo\nweird_type 1\n`,
  (t) => `${t}dup_label{a="1",a="2"} 1\n`,
  (t) => `${t}# TYPE hist_bad histogram\nhist_bad_bucket{le="x"} 1\n`,
  (t) => `${t}# TYPE sum_bad summary\nsum_bad{quantile="x"} 1\n`,
  (t) => `${t}no_value{a="1"}\n`,
];

function corpus(): { valid: string[]; broken: string[] } {
  const valid = fc.sample(payloadArb, { seed: SEED, numRuns: VALID_PAYLOADS }).map(renderPayload);
  const broken = fc
    .sample(payloadArb, { seed: SEED + 1, numRuns: BROKEN_PAYLOADS })
    .map((specs, i) => BREAKAGES[i % BREAKAGES.length]!(renderPayload(specs)));
  return { valid, broken };
}

function promtoolVersion(bin: string): string {
  const out = spawnSync(bin, ["--version"], { encoding: "utf8" });
  const m = /version (\d+\.\d+(?:\.\d+)?)/.exec(`${out.stdout}${out.stderr}`);
  return m ? m[1]!.replace(/\.0$/, "") : "?";
}

function summaryLine(tool: string, tally: Tally, mismatches: number): string {
  const n = (x: number): string => x.toLocaleString("en-US");
  return (
    `promlint parity vs ${tool}: ${n(tally.payloads)} payloads, ${n(tally.compared)} findings (rule, family) compared, ${n(mismatches)} mismatches, ` +
    `${n(tally.known + tally.knownGaugeHistogram)} known version differences (${n(tally.known)} type-in-name, ${n(tally.knownGaugeHistogram)} gauge histogram), ` +
    `${n(tally.unitSkipped)} multi-unit unit-non-base skipped, ` +
    `${n(tally.duplicatesIgnored)} duplicate-series ignored, ${n(tally.parseErrorsAgreed)} parse errors agreed; ` +
    `repetition counts (not compared): ${n(tally.repeatedSeriesCounts)} differ on repeated series, ${n(tally.countDifferences.length)} otherwise\n` +
    `  compared per rule: ${[...tally.perRule].sort(([a], [b]) => (a < b ? -1 : 1)).map(([r, c]) => `${r} ${c}`).join(", ")}`
  );
}

// ---------------------------------------------------------------------------------------------

describe.skipIf(!PROMTOOL)(PROMTOOL ? "promlint rules vs promtool check metrics" : `promlint rules vs promtool (skipped: ${SKIP_REASON})`, () => {
  it("finds promtool's findings, and only those, on a generated corpus", async () => {
    const bin = PROMTOOL!;
    const { valid, broken } = corpus();
    const inputs = [...valid, ...broken];
    const runs = await mapLimited(inputs, PARALLEL, (text) => runPromtool(bin, text));
    const tally = newTally();
    const mismatches: string[] = [];
    const reports: string[] = [];
    const seenRules = new Set<string>();
    inputs.forEach((text, i) => {
      const run = runs[i]!;
      for (const f of promtoolFindings(run).findings) seenRules.add(f.rule);
      const label = i < valid.length ? `payload #${i}` : `broken payload #${i - valid.length}`;
      const problems = compare(text, run, tally, label);
      if (problems.length > 0) {
        for (const p of problems) mismatches.push(`${label}: ${p}`);
        reports.push(describeMismatch(label, text, run, problems));
      }
    });
    console.log(summaryLine(`promtool ${promtoolVersion(bin)}`, tally, mismatches.length));
    if (tally.countDifferences.length > 0) console.log(`repetition-count differences (not failed):\n  ${tally.countDifferences.slice(0, 20).join("\n  ")}`);
    if (reports.length > 0) console.log(`mismatches (${reports.length} payloads; first 25):\n${reports.slice(0, 25).join("\n")}`);

    // the corpus reaches every rule promtool has, and the broken payloads are rejected
    const expectedRules = PROMLINT_RULES.map((r) => r.id).filter((id) => id !== "duplicate-series");
    expect(expectedRules.filter((id) => !seenRules.has(id))).toEqual([]);
    expect(tally.duplicatesIgnored).toBeGreaterThan(0);
    expect(valid.filter((_, i) => runs[i]!.rc === 1).length).toBe(0);
    expect(broken.filter((_, i) => runs[valid.length + i]!.rc !== 1).length).toBe(0);
    expect(mismatches).toEqual([]);
  });
});

describe.skipIf(!casesAvailable)("promlint rules vs promtool's recorded output (../shared/promtool-cases)", () => {
  it("agrees on the crafted inputs", () => {
    const observed = JSON.parse(readFileSync(path.join(CASES_DIR, "observed.json"), "utf8")) as {
      promtool: string;
      cases: Record<string, PromtoolRun | { variants: PromtoolRun[] }>;
    };
    const names = readdirSync(CASES_DIR).filter((n) => n.endsWith(".prom")).sort();
    expect(names.length).toBeGreaterThanOrEqual(23);
    const tally = newTally();
    const mismatches: string[] = [];
    const reports: string[] = [];
    for (const name of names) {
      const text = readFileSync(path.join(CASES_DIR, name), "utf8");
      const entry = observed.cases[name];
      if (entry === undefined) {
        mismatches.push(`${name}: no recorded output`);
        continue;
      }
      const variants = "variants" in entry ? entry.variants : [entry];
      variants.forEach((run, v) => {
        const label = `${name}${variants.length > 1 ? ` (variant ${v + 1})` : ""}`;
        const problems = compare(text, run, tally, label);
        if (problems.length > 0) {
          for (const p of problems) mismatches.push(`${label}: ${p}`);
          reports.push(describeMismatch(label, text, run, problems));
        }
      });
    }
    const tool = /version (\d+\.\d+)/.exec(observed.promtool)?.[1] ?? observed.promtool;
    console.log(summaryLine(`recorded promtool ${tool} (${names.length} crafted inputs)`, tally, mismatches.length));
    if (tally.countDifferences.length > 0) console.log(`repetition-count differences (not failed):\n  ${tally.countDifferences.join("\n  ")}`);
    if (reports.length > 0) console.log(`mismatches:\n${reports.join("\n")}`);
    expect(mismatches).toEqual([]);
  });
});
