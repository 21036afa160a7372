/**
 * Differential test: our `pushgateway` verdict on Prometheus text 0.0.4 against the real
 * prometheus/common expfmt TextParser (Go), over a fast-check corpus of valid and mutated
 * payloads, hand-written edge cases and the fixtures. When both accept, the samples must match
 * as far as expfmt's data model can tell (see `expfmtView`).
 *
 * The Go side is the Debian package golang-github-prometheus-common-dev (0.39), which predates
 * some upstream rules; those differences are listed in `versionDifference` and reported, not failed.
 * Set PROMTEXT_KEEP_DIFFERENTIAL=1 to keep the written inputs (the temp dir is printed on mismatches),
 * PROMTEXT_DIFFERENTIAL_SEED=<n> to explore another corpus than the fixed one.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { GoProgram, goAvailable, GO_SKIP_REASON } from "./helpers/go-program.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, type MetricFamily, type ParseResult, type Sample } from "../src/index.js";

const here = path.dirname(fileURLToPath(import.meta.url));

// ---------------------------------------------------------------------------------------------
// Running expfmt

interface GoSample {
  name: string;
  labels: Record<string, string>;
  value: string;
  timestamp_ms: number | null;
  uint?: boolean;
}
interface GoFamily {
  name: string;
  type: string;
  help: string | null;
  samples: GoSample[];
}
interface GoResult {
  ok: boolean;
  error?: string;
  families?: GoFamily[];
}

let program: GoProgram;

/** Runs the Go program once over many inputs, written to files named after `names` when given. */
function runExpfmt(inputs: readonly Uint8Array[], dirName: string, names?: readonly string[]): GoResult[] {
  return program.run<GoResult>(inputs, dirName, names, ["--array"]);
}

// ---------------------------------------------------------------------------------------------
// Corpus: payloads as structured lines, so that mutations can find what to break

type Role = "plain" | "bucket" | "sum" | "count" | "quantile";
type Label = [name: string, raw: string]; // raw = already escaped, without quotes

interface SampleLine {
  kind: "sample";
  family: string;
  role: Role;
  name: string;
  labels: Label[];
  value: string;
  ts: string | undefined;
  lead: string;
  sep: string;
  labelSep: string;
  /** Blanks around label names, `=` and values, which expfmt skips. */
  pad: string;
  /** No blank between `}` and the value. */
  tight: boolean;
  trailingComma: boolean;
  trailing: string;
  unterminated: boolean;
}
interface MetaLine {
  kind: "help" | "type";
  family: string;
  text: string;
}
interface RawLine {
  kind: "raw";
  text: string;
}
type Line = SampleLine | MetaLine | RawLine;

type FamilyType = "counter" | "gauge" | "untyped" | "histogram" | "summary" | "none";
interface Payload {
  lines: Line[];
  families: { name: string; type: FamilyType }[];
  finalNewline: boolean;
}

/** Stands for one invalid UTF-8 byte (0xFF) until the payload is turned into bytes. */
const INVALID_BYTE = "\u{F0000}";

const escapeLabel = (s: string): string => s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
const escapeHelp = (s: string): string => s.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");

function renderSample(s: SampleLine): string {
  const pairs = s.labels.map(([n, v]) => `${s.pad}${n}${s.pad}=${s.pad}"${v}"${s.pad}`);
  let text = s.lead + s.name;
  if (s.unterminated) {
    const [n, v] = s.labels[s.labels.length - 1] ?? ["a", "b"];
    const before = pairs.slice(0, -1);
    return `${text}{${before.map((p) => p + s.labelSep).join("")}${n}="${v}${s.sep}${s.value}`;
  }
  const braces = pairs.length > 0 || s.trailingComma;
  if (braces) text += `{${pairs.join(s.labelSep)}${s.trailingComma && pairs.length > 0 ? "," : ""}}`;
  text += (braces && s.tight ? "" : s.sep) + s.value;
  if (s.ts !== undefined) text += s.sep + s.ts;
  return text + s.trailing;
}

function render(p: Payload): string {
  const text = p.lines.map((l) => (l.kind === "sample" ? renderSample(l) : l.text)).join("\n");
  return p.lines.length === 0 ? "" : p.finalNewline ? `${text}\n` : text;
}

function toBytes(text: string): Uint8Array {
  const parts = text.split(INVALID_BYTE).map((part) => Buffer.from(part, "utf8"));
  const chunks: Buffer[] = [];
  parts.forEach((part, i) => {
    if (i > 0) chunks.push(Buffer.from([0xff]));
    chunks.push(part);
  });
  return new Uint8Array(Buffer.concat(chunks));
}

const charArb = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(..."abcxyz019 -_./:") },
  { weight: 3, arbitrary: fc.constantFrom("\\", '"', "\n") },
  { weight: 1, arbitrary: fc.constantFrom("{", "}", ",", "=", "#", "\t", "'", "\r") },
  { weight: 1, arbitrary: fc.constantFrom("é", "日本", "😀", "\u0000", "\u00a0") },
);
const labelNameArb = fc.oneof(
  fc.constantFrom("cpu", "mode", "device", "path", "code", "method", "job", "instance", "_x", "A1", "__meta"),
  fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,8}$/).filter((n) => n !== "__name__" && n !== "le" && n !== "quantile"),
);
const labelSetArb = fc.uniqueArray(
  fc.tuple(labelNameArb, fc.string({ unit: charArb, maxLength: 10 }).map(escapeLabel)),
  { maxLength: 4, selector: (l) => l[0] },
);
const valueArb = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: -1000, max: 100_000 }).map(String) },
  { weight: 3, arbitrary: fc.double().map(String) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      "NaN", "+Inf", "-Inf", "1e+06", "0", "-0", "3.14", ".5", "5.", "1E3", "+7", "Inf", "-inf", "infinity",
      "nan", "1e-400", "0.000001", "1.7976931348623157e+308", "4.9e-324", "00012",
    ),
  },
);
const tsArb = fc.option(
  fc.oneof(
    fc.integer({ min: -2_000_000_000_000, max: 2_000_000_000_000 }).map(String),
    fc.constantFrom("0", "-1", "1395066363000", "+5", "-9223372036854775808", "9223372036854775807", "007"),
  ),
  { freq: 3, nil: undefined },
);
const LE_TEXTS = ["0.005", "0.01", "0.025", "0.1", "0.5", "1", "2.5", "10", "1e+06"];
const QUANTILE_TEXTS = ["0", "0.05", "0.5", "0.9", "0.99", "1"];
const spacing = {
  lead: fc.constantFrom("", "", "", "", " ", "\t"),
  sep: fc.constantFrom(" ", " ", " ", " ", "\t", "  ", " \t"),
  labelSep: fc.constantFrom(",", ",", ",", ", ", " ,"),
  hash: fc.constantFrom("# ", "# ", "# ", "#  ", "#\t", " # ", "#"),
  pad: fc.constantFrom("", "", "", "", " ", "\t"),
};

const seriesArb = fc.record({
  labels: labelSetArb,
  value: valueArb,
  ts: tsArb,
  les: fc.subarray(LE_TEXTS),
  infSpelling: fc.constantFrom("+Inf", "+Inf", "+Inf", "Inf", "+inf"),
  increments: fc.array(fc.nat(1000), { minLength: LE_TEXTS.length + 1, maxLength: LE_TEXTS.length + 1 }),
  quantiles: fc.subarray(QUANTILE_TEXTS),
  quantileValues: fc.array(valueArb, { minLength: QUANTILE_TEXTS.length, maxLength: QUANTILE_TEXTS.length }),
  sum: valueArb,
  count: fc.nat(100_000),
  lead: spacing.lead,
  sep: spacing.sep,
  labelSep: spacing.labelSep,
  pad: spacing.pad,
  tight: fc.constantFrom(false, false, false, false, false, false, false, false, false, true),
  trailingComma: fc.boolean(),
  /** Histogram and summary lines: the timestamp on every other line only (expfmt keeps the last one). */
  tsEveryOther: fc.boolean(),
});

const familyArb = fc.record({
  word: fc.oneof(fc.constantFrom("node_cpu_seconds", "http_requests", "up", "a", "go_gc"), fc.stringMatching(/^[a-zA-Z_:][a-zA-Z0-9_:]{0,10}$/)),
  type: fc.constantFrom<FamilyType>("counter", "gauge", "untyped", "histogram", "histogram", "summary", "summary", "none"),
  typeSpelling: fc.constantFrom("lower", "lower", "lower", "upper", "title"),
  help: fc.option(fc.string({ unit: charArb, maxLength: 30 }), { freq: 4, nil: undefined }),
  helpFirst: fc.boolean(),
  hash: spacing.hash,
  metaSep: spacing.sep,
  series: fc.array(seriesArb, { minLength: 1, maxLength: 3 }),
  gap: fc.array(fc.constantFrom("", "# a comment", "#", "#comment", "# HELP", "# TYPE", "   ", "\t# indented", "# HELPful", "# EOF"), { maxLength: 2 }),
});

function spell(type: string, how: string): string {
  if (how === "upper") return type.toUpperCase();
  if (how === "title") return type[0]!.toUpperCase() + type.slice(1);
  return type;
}

type FamilySpec = typeof familyArb extends fc.Arbitrary<infer T> ? T : never;

function buildPayload(specs: FamilySpec[]): Payload {
  const lines: Line[] = [];
  const families: Payload["families"] = [];
  specs.forEach((spec, index) => {
    // The index keeps names unique and stops any name from ending in _sum, _count or _bucket.
    const name = `${spec.word}_${index}`;
    families.push({ name, type: spec.type });
    for (const text of spec.gap) lines.push({ kind: "raw", text });
    const meta: MetaLine[] = [];
    if (spec.type !== "none") {
      meta.push({ kind: "type", family: name, text: `${spec.hash}TYPE${spec.metaSep}${name}${spec.metaSep}${spell(spec.type, spec.typeSpelling)}` });
    }
    if (spec.help !== undefined) {
      const help = escapeHelp(spec.help);
      meta[spec.helpFirst ? "unshift" : "push"]({ kind: "help", family: name, text: `${spec.hash}HELP${spec.metaSep}${name}${help === "" ? "" : spec.metaSep + help}` });
    }
    lines.push(...meta);
    const seen = new Set<string>();
    for (const s of spec.series) {
      const key = JSON.stringify(s.labels);
      if (seen.has(key)) continue;
      seen.add(key);
      let lineCount = 0;
      const line = (role: Role, sampleName: string, labels: Label[], value: string): SampleLine => ({
        kind: "sample", family: name, role, name: sampleName, labels: [...labels], value, lead: s.lead, sep: s.sep,
        ts: s.tsEveryOther && role !== "plain" && lineCount++ % 2 === 1 ? undefined : s.ts,
        labelSep: s.labelSep, pad: s.pad, tight: s.tight, trailingComma: s.trailingComma, trailing: "", unterminated: false,
      });
      if (spec.type === "histogram") {
        let cumulative = 0;
        [...s.les, s.infSpelling].forEach((le, i) => {
          cumulative += s.increments[i] ?? 0;
          lines.push(line("bucket", `${name}_bucket`, [...s.labels, ["le", le]], String(cumulative)));
        });
        lines.push(line("sum", `${name}_sum`, s.labels, s.sum));
        lines.push(line("count", `${name}_count`, s.labels, String(cumulative)));
      } else if (spec.type === "summary") {
        s.quantiles.forEach((q, i) => lines.push(line("quantile", name, [...s.labels, ["quantile", q]], s.quantileValues[i] ?? "0")));
        lines.push(line("sum", `${name}_sum`, s.labels, s.sum));
        lines.push(line("count", `${name}_count`, s.labels, String(s.count)));
      } else {
        lines.push(line("plain", name, s.labels, s.value));
      }
    }
  });
  return { lines, families, finalNewline: true };
}

const payloadArb = fc.array(familyArb, { minLength: 1, maxLength: 5 }).map(buildPayload);

// ---- mutations: each injects one defect, or (the last four) a change expfmt accepts that stresses family grouping

interface Mutation {
  kind: string;
  pick: number;
  variant: number;
}

const MUTATIONS = [
  "label-invalid-escape",
  "missing-final-newline",
  "trailing-whitespace",
  "duplicate-help",
  "type-after-samples",
  "bad-float",
  "unterminated-label-value",
  "duplicate-label-name",
  "reserved-label-name",
  "negative-bucket",
  "le-not-a-number",
  "float-timestamp",
  "help-invalid-escape",
  "bad-type",
  "invalid-utf8",
  "quantile-not-a-number",
  "crlf",
  // These keep the payload valid for expfmt and stress how samples are grouped into families.
  "bare-histogram-name",
  "metadata-on-child",
  "interleave",
  "duplicate-line",
] as const;

const mutationArb = fc.record({ kind: fc.constantFrom(...MUTATIONS), pick: fc.nat(), variant: fc.nat() });

const choose = <T,>(items: readonly T[], n: number): T => items[n % items.length] as T;

function samplesOf(p: Payload, roles?: readonly Role[]): SampleLine[] {
  return p.lines.filter((l): l is SampleLine => l.kind === "sample" && (roles === undefined || roles.includes(l.role)));
}

/** Adds a small histogram or summary family unless a sample with the role exists, so that a mutation has something to break. */
function ensure(p: Payload, type: "histogram" | "summary", role: Role): void {
  if (p.lines.some((l) => l.kind === "sample" && l.role === role && p.families.find((f) => f.name === l.family)?.type === type)) return;
  const name = `added_${type}`;
  if (p.families.some((f) => f.name === name)) return;
  p.families.push({ name, type });
  p.lines.push({ kind: "type", family: name, text: `# TYPE ${name} ${type}` });
  const base = { kind: "sample", family: name, ts: undefined, lead: "", sep: " ", labelSep: ",", pad: "", tight: false, trailingComma: false, trailing: "", unterminated: false } as const;
  if (type === "histogram") {
    p.lines.push({ ...base, role: "bucket", name: `${name}_bucket`, labels: [["le", "1"]], value: "2" });
    p.lines.push({ ...base, role: "bucket", name: `${name}_bucket`, labels: [["le", "+Inf"]], value: "3" });
    p.lines.push({ ...base, role: "count", name: `${name}_count`, labels: [], value: "3" });
  } else {
    p.lines.push({ ...base, role: "quantile", name, labels: [["quantile", "0.5"]], value: "2" });
    p.lines.push({ ...base, role: "count", name: `${name}_count`, labels: [], value: "3" });
  }
}

function setLabel(s: SampleLine, name: string, raw: string): void {
  const at = s.labels.findIndex((l) => l[0] === name);
  if (at === -1) s.labels.push([name, raw]);
  else s.labels[at] = [name, raw];
}

function mutate(original: Payload, m: Mutation): Payload {
  const p = structuredClone(original);
  const sample = (roles?: readonly Role[]): SampleLine => choose(samplesOf(p, roles), m.pick);
  switch (m.kind) {
    case "label-invalid-escape": {
      const s = sample();
      const escape = choose(["\\t", "\\t", "\\x41", "\\'", "\\u00e9", "\\0"], m.variant);
      if (s.labels.length > 0 && m.variant % 2 === 0) {
        const first = s.labels[0]!;
        s.labels[0] = [first[0], escape + first[1]];
      } else s.labels.unshift(["esc", `a${escape}b`]);
      break;
    }
    case "missing-final-newline":
      if (m.variant % 2 === 0) p.lines.push({ kind: "raw", text: "tail_metric 1" });
      else p.lines.push({ kind: "raw", text: choose(["# a comment", "# HELP tail_metric text", "tail_metric{a=\"b\"} 1 1000"], m.variant) });
      p.finalNewline = false;
      break;
    case "trailing-whitespace": {
      const s = sample();
      s.trailing = choose([" ", "\t", "  "], m.variant);
      break;
    }
    case "duplicate-help": {
      const family = choose(p.families, m.pick).name;
      const at = p.lines.findIndex((l) => l.kind !== "raw" && l.family === family);
      const help: MetaLine = { kind: "help", family, text: `# HELP ${family} second help` };
      if (!p.lines.some((l) => l.kind === "help" && l.family === family)) {
        p.lines.splice(at, 0, { kind: "help", family, text: `# HELP ${family} first help` });
      }
      p.lines.splice(m.variant % 2 === 0 ? at + 1 : p.lines.length, 0, help);
      break;
    }
    case "type-after-samples": {
      const s = sample();
      const type = choose(["gauge", "counter", "untyped", "summary", "histogram"], m.variant);
      p.lines.splice(p.lines.indexOf(s) + 1, 0, { kind: "type", family: s.family, text: `# TYPE ${s.family} ${type}` });
      break;
    }
    case "bad-float":
      sample().value = choose(
        ["1_2", "0x1", "0x1p3", "1e400", "-1e400", "abc", "1.2.3", "--1", "true", "-NaN", "1,5", "0b1", "1e", "e1", ".", "+", "Inf1", "1f", "∞", "١"],
        m.variant,
      );
      break;
    case "unterminated-label-value": {
      const s = sample();
      if (s.labels.length === 0) s.labels.push(["a", "b"]);
      s.unterminated = true;
      break;
    }
    case "duplicate-label-name": {
      const s = sample(["plain", "sum", "count"]);
      const first = s.labels[0];
      if (first !== undefined && m.variant % 2 === 0) s.labels.push([first[0], "other"]);
      else s.labels.push(["dup", "1"], ["dup", "2"]);
      break;
    }
    case "reserved-label-name":
      sample().labels.splice(m.variant % 2, 0, ["__name__", "x"]);
      break;
    case "negative-bucket": {
      ensure(p, "histogram", "bucket");
      const s = sample(["bucket", "count"]);
      s.value = s.value === "0" ? "-1" : `-${s.value}`;
      break;
    }
    case "le-not-a-number": {
      ensure(p, "histogram", "bucket");
      setLabel(sample(["bucket"]), "le", choose(["abc", "", "1_0", "0x10", "1e400", "1,5", "inf_", "0x1p3"], m.variant));
      break;
    }
    case "quantile-not-a-number": {
      ensure(p, "summary", "quantile");
      setLabel(sample(["quantile"]), "quantile", choose(["abc", "", "1_0", "0x10", "1e400", "half"], m.variant));
      break;
    }
    case "float-timestamp":
      sample().ts = choose(["1.5", "1e3", "1395066363000.0", "NaN", "+Inf", "0x10", "1_000", "9223372036854775808"], m.variant);
      break;
    case "help-invalid-escape": {
      const family = choose(p.families, m.pick).name;
      const text = choose(["tab\\there", "x\\", "a\\b", "\\u00e9"], m.variant);
      const existing = p.lines.findIndex((l) => l.kind === "help" && l.family === family);
      const line: MetaLine = { kind: "help", family, text: `# HELP ${family} ${text}` };
      if (existing !== -1) p.lines[existing] = line;
      else p.lines.splice(p.lines.findIndex((l) => l.kind !== "raw" && l.family === family), 0, line);
      break;
    }
    case "bad-type": {
      const family = choose(p.families, m.pick);
      const text = choose(["counter ", "histogramm", "info", "unknown", "stateset", "gauge histogram", "counter counter"], m.variant);
      const existing = p.lines.findIndex((l) => l.kind === "type" && l.family === family.name);
      const line: MetaLine = { kind: "type", family: family.name, text: `# TYPE ${family.name} ${text}` };
      if (existing !== -1) p.lines[existing] = line;
      else p.lines.splice(p.lines.findIndex((l) => l.kind !== "raw" && l.family === family.name), 0, line);
      break;
    }
    case "invalid-utf8": {
      // expfmt rejects it in label values only; HELP texts and comments are bytes to it.
      const s = sample();
      const where = m.variant % 4;
      if (where === 2) p.lines.splice(p.lines.indexOf(s), 0, { kind: "raw", text: `# a comment ${INVALID_BYTE}` });
      else if (where === 3) p.lines.splice(p.lines.indexOf(s), 0, { kind: "help", family: s.family, text: `# HELP ${s.family}_x x${INVALID_BYTE}y` });
      else if (s.labels.length === 0 || where === 1) s.labels.push(["bad", `x${INVALID_BYTE}y`]);
      else s.labels[0] = [s.labels[0]![0], `${s.labels[0]![1]}${INVALID_BYTE}`];
      break;
    }
    case "bare-histogram-name": {
      // expfmt reads `x{le="…"}` in a histogram x as a bucket, like `x_bucket{le="…"}`.
      ensure(p, "histogram", "bucket");
      const s = sample(["bucket"]);
      s.name = s.family;
      break;
    }
    case "metadata-on-child": {
      // expfmt applies HELP and TYPE for x_sum, x_count (and x_bucket) to a histogram or summary x.
      const type = m.variant % 2 === 0 ? "histogram" : "summary";
      ensure(p, type, type === "histogram" ? "bucket" : "quantile");
      const family = choose(p.families.filter((f) => f.type === type), m.pick).name;
      const suffix = choose(type === "histogram" ? ["_sum", "_count", "_bucket"] : ["_sum", "_count"], m.variant >> 1);
      const text = m.variant % 3 === 0 ? `# TYPE ${family}${suffix} gauge` : `# HELP ${family}${suffix} child help`;
      p.lines.splice(p.lines.findIndex((l) => l.kind === "sample" && l.family === family), 0, { kind: "raw", text });
      break;
    }
    case "interleave": {
      const s = sample();
      p.lines.splice(p.lines.indexOf(s), 1);
      p.lines.push(s);
      break;
    }
    case "duplicate-line": {
      const s = sample();
      p.lines.splice(p.lines.indexOf(s) + 1, 0, structuredClone(s));
      break;
    }
    case "crlf": {
      const s = sample();
      if (s.ts !== undefined) s.ts += "\r";
      else s.value += "\r";
      break;
    }
  }
  return p;
}

/** Hand-written inputs for the corners of expfmt's state machine. */
const EDGE_CASES: [string, string | Uint8Array][] = [
  ["empty", ""],
  ["only-newlines", "\n\n"],
  ["only-blanks-no-newline", "  \t"],
  ["blank-last-line-no-newline", "a 1\n  \t"],
  ["comment-no-newline", "a 1\n# c"],
  ["no-space-before-value", 'a{b="c"}1\n'],
  ["space-before-brace", 'a {b="c"} 1\n'],
  ["spaces-in-braces", 'a{ b = "c" , d="e" , } 1\n'],
  ["tabs", "a\t1\t2\n"],
  ["empty-braces", "a{} 1\n"],
  ["empty-braces-space", "a{ } 1\n"],
  ["label-double-comma", 'a{b="c",,} 1\n'],
  ["label-leading-comma", 'a{,b="c"} 1\n'],
  ["label-missing-comma", 'a{b="c" d="e"} 1\n'],
  ["label-single-quotes", "a{b='c'} 1\n"],
  ["label-colon-in-name", 'a{b:c="d"} 1\n'],
  ["label-name-digit", 'a{1b="c"} 1\n'],
  ["label-double-underscore", 'a{__x="c"} 1\n'],
  ["label-raw-tab-cr-nul", 'a{b="x\ty\rz\u0000"} 1\n'],
  ["leading-brace", '{a="b"} 1\n'],
  ["metric-name-digit", "1a 1\n"],
  ["metric-name-colons", "a:b 1\n:c 2\n"],
  ["bom", "\ufeffa 1\n"],
  ["hash-after-value", "a 1 # x\n"],
  ["trailing-tab-after-timestamp", "a 1 2\t\n"],
  ["timestamp-plus", "a 1 +5\n"],
  ["timestamp-overflow", "a 1 9223372036854775808\n"],
  ["value-underflow", "a 1e-400\n"],
  ["value-signed-nan", "a -NaN\n"],
  ["value-infinity-word", "a -Infinity\nb +infinity\n"],
  ["value-missing", 'a{b="c"}\n'],
  ["help-no-space-after-hash", "#HELP a x\na 1\n"],
  ["help-no-space-after-hash-twice", "#HELP a x\n# HELP a y\na 1\n"],
  ["type-no-space-after-hash-twice", "#TYPE a counter\n# TYPE a gauge\na 1\n"],
  ["help-keyword-only", "# HELP\n# TYPE\na 1\n"],
  ["help-name-only", "# HELP a\n# HELP a text\na 1\n"],
  ["help-name-and-blank", "# HELP a \n# HELP a text\na 1\n"],
  ["type-name-and-blank", "# TYPE a \na 1\n"],
  ["type-name-and-blank-then-type", "# TYPE a \n# TYPE a counter\na 1\n"],
  ["type-trailing-space", "# TYPE a counter \na 1\n"],
  ["type-uppercase", "# TYPE a COUNTER\na 1\n"],
  ["help-after-samples", "a 1\n# HELP a x\n"],
  ["type-after-samples", "a 1\n# TYPE a counter\n"],
  ["help-cr", "# HELP a x\r\na 1\n"],
  ["help-cr-spaced", "#  HELP a x\ry\na 1\n"],
  ["comment-cr", "# comm\rent\na 1\n"],
  ["help-on-histogram-bucket", '# TYPE x histogram\n# HELP x_bucket b\nx_bucket{le="+Inf"} 1\n'],
  ["value-glued-to-name", "a+1\nb-Inf\nc.5\n"],
  ["value-glued-to-name-with-timestamp", "a-1 100\n"],
  ["value-forms", "a +.5\nb 5.e3\nc 0.\nd 00.5e0010\ne -.5e-3\n"],
  ["value-bad-forms", "a .e3\n"],
  ["value-bad-exponent", "a 1e+\n"],
  ["value-nan-suffix", "a nan123\n"],
  ["label-set-twice", 'a{b="c"}{d="e"} 1\n'],
  ["braces-then-blank", 'a{b="c"}  \n'],
  ["metric-name-symbols", "_ 1\n: 2\n"],
  ["help-name-then-brace", "# HELP a{ x\na 1\n"],
  ["type-on-child-before-parent", '# TYPE x_bucket gauge\n# TYPE x histogram\nx_bucket{le="1"} 1\n'],
  ["summary-sum-before-type", "x_sum 1\n# TYPE x summary\nx_sum 2\nx_count 1\n"],
  ["help-trailing-backslash", "# HELP a x\\\na 1\n"],
  ["help-escaped-quote", '# HELP a say \\"hi\\"\na 1\n'],
  ["help-invalid-utf8", toBytes(`# HELP a x${INVALID_BYTE}\na 1\n`)],
  ["comment-invalid-utf8", toBytes(`# just ${INVALID_BYTE}\na 1\n`)],
  ["interleaved-families", "a 1\nb 1\na 2\n"],
  ["duplicate-series", "a 1\na 2\n"],
  ["summary-help-on-count", "# TYPE x summary\n# HELP x h\n# HELP x_count h2\nx_count 1\n"],
  ["histogram-type-on-bucket", '# TYPE x histogram\n# TYPE x_bucket counter\nx_bucket{le="+Inf"} 1\n'],
  ["histogram-bucket-without-le", "# TYPE x histogram\nx_bucket 1\nx_count 1\n"],
  ["histogram-le-nan", '# TYPE x histogram\nx_bucket{le="NaN"} 1\n'],
  ["histogram-le-on-sum-invalid", '# TYPE x histogram\nx_sum{le="abc"} 1\n'],
  ["histogram-le-on-bare-name", '# TYPE x histogram\nx{le="1"} 1\n'],
  ["histogram-le-on-bare-name-invalid", '# TYPE x histogram\nx{le="abc"} 1\n'],
  ["histogram-duplicate-le", '# TYPE x histogram\nx_bucket{le="1",le="2"} 1\n'],
  ["histogram-le-spellings", '# TYPE x histogram\nx_bucket{le="+inf"} 1\nx_bucket{a="b",le="Infinity"} 1\nx_bucket{a="c",le="1.0"} 1\n'],
  ["histogram-le-overflow", '# TYPE x histogram\nx_bucket{le="1e400"} 1\n'],
  ["histogram-negative-count", "# TYPE x histogram\nx_count -1\n"],
  ["histogram-nan-count", '# TYPE x histogram\nx_bucket{le="+Inf"} NaN\nx_count NaN\n'],
  ["histogram-float-count", '# TYPE x histogram\nx_bucket{le="+Inf"} 2.5\nx_count 2.5\n'],
  ["histogram-count-before-type", '# TYPE x_count gauge\nx_count 1\n# TYPE x histogram\nx_bucket{le="+Inf"} 1\nx_count 1\n'],
  ["histogram-sum-twice", "# TYPE x histogram\nx_sum 1\nx_sum 2\n"],
  ["histogram-timestamps-differ", '# TYPE x histogram\nx_bucket{le="+Inf"} 1 100\nx_count 1 200\nx_sum 1\n'],
  ["histogram-untyped-children", 'x_bucket{le="abc"} 1\nx_sum 1\nx_count -1\n'],
  ["summary-without-quantile", "# TYPE x summary\nx 1\n"],
  ["summary-quantile-nan", '# TYPE x summary\nx{quantile="NaN"} 1\n'],
  ["summary-quantile-on-count-invalid", '# TYPE x summary\nx_count{quantile="abc"} 1\n'],
  ["summary-duplicate-quantile", '# TYPE x summary\nx{quantile="0.5",quantile="0.9"} 1\n'],
  ["summary-bucket-child", '# TYPE x summary\nx_bucket{le="abc"} 1\n'],
  ["gaugehistogram", '# TYPE x gaugehistogram\nx_bucket{le="+Inf"} 1\n'],
  ["gauge_histogram", '# TYPE x gauge_histogram\nx_bucket{le="+Inf"} 1\nx_count 1\n'],
  ["gauge_histogram-negative", '# TYPE x gauge_histogram\nx_bucket{le="+Inf"} -1\n'],
];

// ---------------------------------------------------------------------------------------------
// Comparing

interface Flat {
  name: string;
  labels: Record<string, string>;
  value: string;
  ts: number | null;
}
interface FlatFamily {
  name: string;
  type: string;
  help: string | null;
  samples: Flat[];
}

function goFloat(text: string): number {
  if (/^[+-]?inf(inity)?$/i.test(text)) return text.startsWith("-") ? -Infinity : Infinity;
  if (/^nan$/i.test(text)) return NaN;
  return Number(text);
}
const canon = (n: number): string => (Number.isNaN(n) ? "NaN" : n === 0 ? "0" : String(n));
/** expfmt stores bucket counts and _count as uint64; "?" when our value has no uint64 form. */
const canonCount = (n: number): string => (Number.isFinite(n) && n >= 0 ? canon(Math.trunc(n)) : "?");

const GO_TYPES: Record<string, string> = {
  COUNTER: "counter",
  GAUGE: "gauge",
  UNTYPED: "untyped",
  HISTOGRAM: "histogram",
  SUMMARY: "summary",
  GAUGE_HISTOGRAM: "gaugehistogram",
};

function goView(families: GoFamily[]): FlatFamily[] {
  return families.map((f) => ({
    name: f.name,
    type: GO_TYPES[f.type] ?? f.type,
    help: f.help,
    samples: f.samples.map((s) => {
      const labels = { ...s.labels };
      if ("le" in labels && f.type === "HISTOGRAM") labels.le = canon(goFloat(labels.le!));
      if ("quantile" in labels && f.type === "SUMMARY") labels.quantile = canon(goFloat(labels.quantile!));
      return { name: s.name, labels, value: s.uint ? canon(Number(s.value)) : canon(goFloat(s.value)), ts: s.timestamp_ms };
    }),
  }));
}

const labelsObject = (labels: { name: string; value: string }[]): Record<string, string> =>
  Object.fromEntries(labels.map((l) => [l.name, l.value]));

/**
 * What expfmt's data model keeps of our families: one value per counter/gauge/untyped line; for a
 * histogram or summary metric, the buckets (le parses to a number other than NaN) or quantiles,
 * the last _sum and _count, and one timestamp for all of them (the last one written). Buckets
 * and quantiles lose their original spelling, counts become uint64, gauge histograms keep no values.
 */
function expfmtView(families: MetricFamily[]): FlatFamily[] {
  return families.map((f) => {
    const samples: Flat[] = [];
    if (f.type === "histogram" || f.type === "summary") {
      const special = f.type === "histogram" ? "le" : "quantile";
      for (const m of f.metrics) {
        const own = labelsObject(m.labels);
        let ts: number | null = null;
        let sum: Sample | undefined;
        let count: Sample | undefined;
        const points: Flat[] = [];
        for (const s of m.samples) {
          if (s.timestamp !== undefined) ts = s.timestamp;
          if (s.name === `${f.name}_count`) count = s;
          else if (s.name === `${f.name}_sum`) sum = s;
          else {
            const text = s.labels.find((l) => l.name === special)?.value;
            const at = text === undefined ? NaN : goFloat(text);
            if (Number.isNaN(at)) continue;
            if (f.type === "histogram") points.push({ name: `${f.name}_bucket`, labels: { ...own, le: canon(at) }, value: canonCount(s.value), ts: null });
            else points.push({ name: f.name, labels: { ...own, quantile: canon(at) }, value: canon(s.value), ts: null });
          }
        }
        if (sum) points.push({ name: `${f.name}_sum`, labels: own, value: canon(sum.value), ts: null });
        if (count) points.push({ name: `${f.name}_count`, labels: own, value: canonCount(count.value), ts: null });
        for (const p of points) samples.push({ ...p, ts });
      }
    } else if (f.type !== "gaugehistogram") {
      for (const m of f.metrics) {
        for (const s of m.samples) samples.push({ name: s.name, labels: labelsObject(s.labels), value: canon(s.value), ts: s.timestamp ?? null });
      }
    }
    return { name: f.name, type: f.type, help: f.help ?? null, samples };
  });
}

function sampleKey(s: Flat): string {
  const labels = Object.keys(s.labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(s.labels[k])}`)
    .join(",");
  return `${s.name}{${labels}}@${s.ts ?? "-"}`;
}

/** Differences between the two models, as short texts (empty when they agree). */
function compareModels(go: FlatFamily[], ours: FlatFamily[]): string[] {
  const problems: string[] = [];
  const oursByName = new Map(ours.map((f) => [f.name, f]));
  const goNames = new Set(go.map((f) => f.name));
  for (const f of ours) if (!goNames.has(f.name)) problems.push(`family ${f.name} only in ours`);
  for (const g of go) {
    const o = oursByName.get(g.name);
    if (o === undefined) {
      problems.push(`family ${g.name} only in expfmt`);
      continue;
    }
    if (o.type !== g.type) problems.push(`family ${g.name}: type ${g.type} in expfmt, ${o.type} in ours`);
    if (o.help !== g.help) problems.push(`family ${g.name}: help ${JSON.stringify(g.help)} in expfmt, ${JSON.stringify(o.help)} in ours`);
    const group = (samples: Flat[]): Map<string, string[]> => {
      const map = new Map<string, string[]>();
      for (const s of samples) {
        const key = sampleKey(s);
        map.set(key, [...(map.get(key) ?? []), s.value]);
      }
      return map;
    };
    const gs = group(g.samples);
    const os = group(o.samples);
    for (const [key, values] of gs) {
      const mine = os.get(key);
      if (mine === undefined) problems.push(`sample ${key} only in expfmt`);
      else if (mine.length !== values.length) problems.push(`sample ${key}: ${values.length} in expfmt, ${mine.length} in ours`);
      else if (!mine.includes("?") && [...mine].sort().join() !== [...values].sort().join()) {
        problems.push(`sample ${key}: value ${values.join("|")} in expfmt, ${mine.join("|")} in ours`);
      }
    }
    for (const key of os.keys()) if (!gs.has(key)) problems.push(`sample ${key} only in ours`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Cases, verdicts and the report

interface Case {
  id: string;
  bytes: Uint8Array;
}

const ours = (bytes: Uint8Array): ParseResult => parse(bytes, { format: "prometheus", target: "promtool" });
const errorsOf = (r: ParseResult) => r.diagnostics.filter((d) => d.severity === "error");
const goLine = (error: string | undefined): number | undefined => {
  const m = /line (\d+)/.exec(error ?? "");
  return m ? Number(m[1]) : undefined;
};
const lineOf = (bytes: Uint8Array, line: number | undefined): string | undefined =>
  line === undefined ? undefined : Buffer.from(bytes).toString("utf8").split("\n")[line - 1];

/** Lines holding samples of gauge histogram families. */
function gaugeHistogramLines(r: ParseResult): Set<number> {
  const lines = new Set<number>();
  for (const f of r.families) if (f.type === "gaugehistogram") for (const m of f.metrics) for (const s of m.samples) lines.add(s.line);
  return lines;
}

/**
 * Disagreements that come from the packaged expfmt (prometheus/common 0.39) predating upstream
 * rules that the `pushgateway` target follows; the reason, or undefined for a real disagreement.
 */
function versionDifference(c: Case, go: GoResult, r: ParseResult): string | undefined {
  if (go.ok && r.valid) {
    if (r.families.some((f) => f.type === "gaugehistogram")) {
      return "expfmt >= v0.67.0 (45ae715) folds gauge histogram children into their family; 0.39 neither folds them nor keeps their values";
    }
    return undefined;
  }
  if (!go.ok && r.valid) {
    const line = lineOf(c.bytes, goLine(go.error)) ?? "";
    if (/invalid escape sequence '\\"'/.test(go.error ?? "") && /^[ \t]*#[ \t]*HELP[ \t]/.test(line)) {
      return 'expfmt >= v0.56.0 (prometheus/common 8968b6c) reads \\" in HELP; 0.39 rejects it';
    }
    if (/unknown metric type "gaugehistogram"/i.test(go.error ?? "")) return "expfmt >= v0.67.0 (45ae715) reads TYPE gaugehistogram; 0.39 rejects it";
  }
  if (go.ok && !r.valid) {
    const errors = errorsOf(r);
    if (errors.every((d) => d.code === "histogram-negative-count")) {
      return "expfmt >= v0.67.0 (45ae715) rejects negative bucket and _count values; 0.39 casts them to uint64";
    }
    const gauge = gaugeHistogramLines(r);
    if (errors.every((d) => gauge.has(d.line))) {
      return "expfmt >= v0.67.0 (45ae715) reads gauge histograms like histograms; 0.39 ignores their le labels and values";
    }
  }
  return undefined;
}

/** How one input came out; `key` groups mismatches that look alike (names of generated families elided). */
type Outcome =
  | { status: "both-accept" | "both-reject"; r: ParseResult }
  | { status: "known"; reason: string; r: ParseResult }
  | { status: "mismatch"; kind: "verdict" | "model"; key: string; problems: string[]; r: ParseResult };

function judge(c: Case, go: GoResult): Outcome {
  const r = ours(c.bytes);
  if (go.ok !== r.valid) {
    const reason = versionDifference(c, go, r);
    if (reason !== undefined) return { status: "known", reason, r };
    const goText = go.ok ? "accepts" : `rejects: ${(go.error ?? "").replace(/^text format parsing error in line \d+: /, "").replace(/"[^"]*"/g, '"…"')}`;
    return { status: "mismatch", kind: "verdict", key: `expfmt ${goText} / ours ${r.valid ? "accepts" : `rejects: ${errorsOf(r)[0]?.code}`}`, problems: [], r };
  }
  if (!go.ok) return { status: "both-reject", r };
  const problems = compareModels(goView(go.families ?? []), expfmtView(r.families));
  if (problems.length === 0) return { status: "both-accept", r };
  const reason = versionDifference(c, go, r);
  if (reason !== undefined) return { status: "known", reason, r };
  return { status: "mismatch", kind: "model", key: `both accept, models differ: ${problems[0]!.replace(/[a-zA-Z_:][a-zA-Z0-9_:]*_\d+\b/g, "…")}`, problems, r };
}

function splitLines(bytes: Uint8Array): Buffer[] {
  const text = Buffer.from(bytes);
  const lines: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === 0x0a) {
      lines.push(text.subarray(start, i + 1));
      start = i + 1;
    }
  }
  if (start < text.length) lines.push(text.subarray(start));
  return lines;
}

/** Greedily drops lines from each input while it still gives a mismatch with the same key. */
function minimize(inputs: Map<string, Uint8Array>): Map<string, Uint8Array> {
  const current = new Map(inputs);
  for (let round = 0; round < 500; round++) {
    const candidates: { key: string; bytes: Uint8Array }[] = [];
    for (const [key, bytes] of current) {
      const lines = splitLines(bytes);
      if (lines.length > 1) lines.forEach((_, skip) => candidates.push({ key, bytes: new Uint8Array(Buffer.concat(lines.filter((__, i) => i !== skip))) }));
    }
    if (candidates.length === 0) break;
    const results = runExpfmt(candidates.map((c) => c.bytes), "minimize");
    const improved = new Set<string>();
    candidates.forEach((c, i) => {
      if (improved.has(c.key)) return;
      const outcome = judge({ id: "", bytes: c.bytes }, results[i]!);
      if (outcome.status === "mismatch" && outcome.key === c.key) {
        current.set(c.key, c.bytes);
        improved.add(c.key);
      }
    });
    if (improved.size === 0) break;
  }
  return current;
}

interface Mismatch {
  id: string;
  bytes: Uint8Array;
  key: string;
}

/** Mismatches grouped by key, each with a minimized example, its two verdicts and our diagnostics. */
function report(mismatches: Mismatch[]): string {
  const groups = new Map<string, Mismatch[]>();
  for (const m of mismatches) groups.set(m.key, [...(groups.get(m.key) ?? []), m]);
  const minimal = minimize(new Map([...groups].map(([key, group]) => [key, group[0]!.bytes])));
  const keys = [...groups.keys()];
  const goResults = runExpfmt(keys.map((key) => minimal.get(key)!), "report");
  const out: string[] = [];
  keys.forEach((key, i) => {
    const group = groups.get(key)!;
    const bytes = minimal.get(key)!;
    const go = goResults[i]!;
    const outcome = judge({ id: "", bytes }, go);
    const shown = Buffer.from(bytes).toString("utf8");
    out.push(`- ${key}  (${group.length}×: ${group.slice(0, 4).map((g) => g.id).join(", ")}${group.length > 4 ? ", …" : ""})`);
    out.push(`    minimized input: ${JSON.stringify(shown.length > 500 ? `${shown.slice(0, 500)}…` : shown)}`);
    out.push(`    expfmt: ${go.ok ? "accepts" : go.error}`);
    out.push(`    ours:   ${outcome.r.valid ? "accepts" : "rejects"}; ${outcome.r.diagnostics.map((d) => `${d.code}(${d.severity})@${d.line}:${d.column}`).join(" ") || "no diagnostics"}`);
    if (outcome.status === "mismatch") for (const p of outcome.problems.slice(0, 4)) out.push(`    ${p}`);
  });
  return out.join("\n");
}

/** Whether a line uses a quoted metric or label name (Prometheus 3 syntax), which the packaged expfmt predates. */
function lineHasQuotedName(line: string): boolean {
  const n = line.length;
  let i = 0;
  const blanks = (): void => {
    while (i < n && (line[i] === " " || line[i] === "\t")) i++;
  };
  const word = (re: RegExp): void => {
    while (i < n && re.test(line[i]!)) i++;
  };
  blanks();
  if (line[i] === "#") return /^#[ \t]*(HELP|TYPE)[ \t]+"/.test(line.slice(i));
  if (line[i] === "{") return true;
  word(/[a-zA-Z0-9_:]/);
  blanks();
  if (line[i] !== "{") return false;
  i++;
  for (;;) {
    blanks();
    if (i >= n || line[i] === "}") return false;
    if (line[i] === '"') return true;
    word(/[a-zA-Z0-9_]/);
    blanks();
    if (line[i] !== "=") return false;
    i++;
    blanks();
    if (line[i] !== '"') return false;
    for (i++; i < n && line[i] !== '"'; i += line[i] === "\\" ? 2 : 1);
    i++;
    blanks();
    if (line[i] !== ",") return false;
    i++;
  }
}

const hasQuotedNames = (text: string): boolean => text.split("\n").some(lineHasQuotedName);

function fixtureCases(): Case[] {
  const root = path.join(here, "..", "fixtures");
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".prom"))
    .sort()
    .map((f) => ({ id: `fixtures/${f}`, bytes: new Uint8Array(readFileSync(path.join(root, f))) }));
}

const SEED = Number(process.env.PROMTEXT_DIFFERENTIAL_SEED ?? 20240611);

function corpus(): Case[] {
  const valid = fc.sample(payloadArb, { seed: SEED, numRuns: 200 });
  const mutated = fc.sample(fc.tuple(payloadArb, mutationArb), { seed: SEED + 1, numRuns: 340 });
  return [
    ...valid.map((p, i) => ({ id: `valid#${i}`, bytes: toBytes(render(p)) })),
    ...mutated.map(([p, m], i) => ({ id: `mutated#${i}(${m.kind})`, bytes: toBytes(render(mutate(p, m))) })),
    ...EDGE_CASES.map(([id, input]) => ({ id: `edge:${id}`, bytes: typeof input === "string" ? toBytes(input) : input })),
    ...fixtureCases(),
  ];
}

describe.skipIf(!goAvailable)(goAvailable ? "differential vs prometheus/common expfmt" : `differential vs expfmt (skipped: ${GO_SKIP_REASON})`, () => {
  beforeAll(() => {
    program = new GoProgram(path.join(here, "differential", "expfmt-dump.go"), "expfmt-dump");
  });
  afterAll(() => program?.dispose());

  it("the generated corpus is valid where it should be", () => {
    // A generator bug would make the comparison meaningless: every unmutated payload must be
    // accepted by expfmt (checked below) and be free of quoted names.
    const valid = fc.sample(payloadArb, { seed: SEED, numRuns: 200 }).map(render);
    expect(valid.filter(hasQuotedNames)).toEqual([]);
  });

  it("gives expfmt's verdict and samples on every input", () => {
    const all = corpus();
    const cases = all.filter((c) => !hasQuotedNames(Buffer.from(c.bytes).toString("utf8")));
    const skipped = all.filter((c) => !cases.includes(c)).map((c) => c.id);
    const results = runExpfmt(cases.map((c) => c.bytes), "corpus", cases.map((c) => c.id));

    const generatorBugs: string[] = [];
    const mismatches: Mismatch[] = [];
    const known = new Map<string, string[]>();
    const counts = { "both-accept": 0, "both-reject": 0, known: 0, mismatch: 0 };
    cases.forEach((c, i) => {
      const go = results[i]!;
      if (c.id.startsWith("valid#") && !go.ok) generatorBugs.push(`${c.id}: ${go.error}`);
      const outcome = judge(c, go);
      counts[outcome.status]++;
      if (outcome.status === "known") known.set(outcome.reason, [...(known.get(outcome.reason) ?? []), c.id]);
      if (outcome.status === "mismatch") mismatches.push({ id: c.id, bytes: c.bytes, key: outcome.key });
    });

    console.log(
      `differential vs expfmt: ${cases.length} inputs, ${counts["both-accept"]} accepted by both, ${counts["both-reject"]} rejected by both, ` +
        `${counts.known} known version differences, ${counts.mismatch} mismatches` +
        (skipped.length > 0 ? `; skipped for quoted names: ${skipped.join(", ")}` : ""),
    );
    for (const [reason, ids] of known) console.log(`  known: ${reason}: ${ids.length}× (${ids.slice(0, 4).join(", ")}${ids.length > 4 ? ", …" : ""})`);
    if (mismatches.length > 0) console.log(`mismatches, grouped (inputs in ${path.join(program.workDir, "corpus")}):\n${report(mismatches)}`);
    expect(generatorBugs).toEqual([]);
    expect(mismatches.map((m) => `${m.id}: ${m.key}`)).toEqual([]);
  });
});
