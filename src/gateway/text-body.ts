/**
 * A text 0.0.4 push body as the gateway's expfmt TextParser reads it: promtext's parser
 * (`target: "pushgateway"`, which mirrors upstream expfmt) for the verdict and the samples,
 * the version's expfmt 0.39 differences (versions.ts) on top, and the result laid out as
 * expfmt's dto families. A refused body gives expfmt's message (`text format parsing error in
 * line N: …`) where promtext can tell it, else promtext's own words after the same prefix.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { Label, MetricFamily, Sample } from "../model/types.js";
import { parse, type ParseResult } from "../parser/parse.js";
import { parseFloatGo, unescape } from "../parser/values.js";
import type { DtoFamily, DtoHistogram, DtoMetric, DtoSummary } from "./dto.js";
import { bytesToGoString, goFloatToUint64, goQuote } from "./go-text.js";
import type { VersionBehaviour } from "./versions.js";

export interface TextBodyError {
  line: number;
  /** The message after `text format parsing error in line N: `. */
  message: string;
}

export interface TextBody {
  /** The families in the order the body names them (the gateway keeps them in a Go map). */
  families: DtoFamily[];
  error?: TextBodyError;
  /** promtext's findings on the body (target `pushgateway`), errors and warnings. */
  diagnostics: Diagnostic[];
}

const LABEL_NAME_CHAR = /[a-zA-Z0-9_]/;
const METRIC_NAME_CHAR = /[a-zA-Z0-9_:]/;

// ------------------------------------------------------------------------ expfmt 0.39 only

interface Found {
  line: number;
  at: number;
  message: string;
}

/**
 * What 0.39 refuses and promtext's parser (upstream expfmt) accepts, found line by line the
 * way 0.39's state machine walks a line: quoted names, `\"` in HELP, TYPE gaugehistogram.
 */
function expfmt039Errors(text: string, b: VersionBehaviour["expfmt039"]): Found[] {
  const found: Found[] = [];
  const lines = text.split("\n");
  lines.forEach((line, index) => {
    const n = line.length;
    let i = 0;
    const blanks = () => {
      while (i < n && (line[i] === " " || line[i] === "\t")) i++;
    };
    const add = (message: string) => found.push({ line: index + 1, at: i, message });
    blanks();
    if (line[i] === "#") {
      i++;
      blanks();
      const start = i;
      while (i < n && line[i] !== " " && line[i] !== "\t") i++;
      const keyword = line.slice(start, i);
      if (keyword !== "HELP" && keyword !== "TYPE") return;
      blanks();
      if (line[i] === '"' && b.rejectsQuotedNames) return add("invalid metric name in comment");
      while (i < n && METRIC_NAME_CHAR.test(line[i] as string)) i++;
      if (i === n || (line[i] !== " " && line[i] !== "\t")) return;
      blanks();
      if (i === n) return;
      const rest = line.slice(i);
      if (keyword === "HELP" && b.rejectsQuoteEscapeInHelp) {
        for (let j = 0; j < rest.length; j++) {
          if (rest[j] !== "\\") continue;
          if (rest[j + 1] === '"') {
            i += j + 1;
            return add("invalid escape sequence '\\\"'");
          }
          j++;
        }
      }
      if (keyword === "TYPE" && b.rejectsGaugehistogramKeyword && rest.toUpperCase() === "GAUGEHISTOGRAM") return add(`unknown metric type ${goQuote(rest)}`);
      return;
    }
    if (!b.rejectsQuotedNames || i === n) return;
    if (line[i] === "{") return add("invalid metric name");
    const nameStart = i;
    while (i < n && METRIC_NAME_CHAR.test(line[i] as string)) i++;
    const name = line.slice(nameStart, i);
    blanks();
    if (name === "" || line[i] !== "{") return;
    i++;
    for (;;) {
      blanks();
      if (i >= n || line[i] === "}") return;
      if (line[i] === '"') return add(`invalid label name for metric ${goQuote(name)}`);
      const labelStart = i;
      while (i < n && LABEL_NAME_CHAR.test(line[i] as string)) i++;
      if (i === labelStart) return;
      blanks();
      if (line[i] !== "=") return;
      i++;
      blanks();
      if (line[i] !== '"') return;
      i++;
      while (i < n && line[i] !== '"') i += line[i] === "\\" ? 2 : 1;
      if (i >= n) return;
      i++;
      blanks();
      if (line[i] !== ",") return;
      i++;
    }
  });
  return found;
}

// ------------------------------------------------------------------------ messages

/** The text between the first pair of backticks of a promtext message. */
function quoted(message: string): string | undefined {
  return /`([^`]*)`/s.exec(message)?.[1];
}

/** The family expfmt's parser is in for a metadata line naming `name` (a histogram or summary child names its parent). */
function familyFor(name: string, result: ParseResult): string {
  if (result.families.some((f) => f.name === name)) return name;
  for (const suffix of ["_count", "_sum", "_bucket"]) {
    if (!name.endsWith(suffix)) continue;
    const base = name.slice(0, -suffix.length);
    const parent = result.families.find((f) => f.name === base);
    if (parent && (parent.type === "histogram" || (parent.type === "summary" && suffix !== "_bucket"))) return base;
  }
  return name;
}

/** The raw bytes of the first label value of line `line` that is not valid UTF-8, as a Go string. */
function invalidLabelValue(bytes: Uint8Array | undefined, line: number): string | undefined {
  if (bytes === undefined) return undefined;
  const text = bytesToGoString(bytes).split("\n")[line - 1] ?? "";
  for (const m of text.matchAll(/="((?:[^"\\]|\\.)*)"/gs)) {
    const value = (m[1] as string).replace(/\\(.)/gs, (_, c: string) => (c === "n" ? "\n" : c));
    if (/[\udc80-\udcff]/.test(value)) return value;
  }
  return undefined;
}

/** Go's %q of a byte (a rune literal). */
function goRune(c: string | undefined): string {
  if (c === undefined) return "'\\x00'";
  if (c === "'") return "'\\''";
  if (c === "\\") return "'\\\\'";
  const q = goQuote(c);
  return `'${q.slice(1, -1).replace(/\\"/g, '"')}'`;
}

/**
 * The first error expfmt 0.39's state machine reports on one sample line, replayed for its
 * message: `family` is the family the line's name leads to (name and type) and `last` whether
 * the line ends the input without a line feed.
 */
function sampleLineError(line: string, last: boolean, familyOf: (name: string) => { name: string; type: string }): string | undefined {
  const n = line.length;
  const eof = "unexpected end of input stream";
  let i = 0;
  const blanks = () => {
    while (i < n && (line[i] === " " || line[i] === "\t")) i++;
  };
  const end = () => i >= n;
  blanks();
  if (end() || line[i] === "#") return undefined;
  const nameStart = i;
  if (/[a-zA-Z_:]/.test(line[i] as string)) while (i < n && METRIC_NAME_CHAR.test(line[i] as string)) i++;
  const name = line.slice(nameStart, i);
  if (name === "") return "invalid metric name";
  if (end() && last) return eof;
  const family = familyOf(name);
  blanks();
  if (line[i] === "{") {
    const names: string[] = [];
    i++;
    for (;;) {
      blanks();
      if (end()) return last ? eof : `invalid label name for metric ${goQuote(family.name)}`;
      if (line[i] === "}") {
        i++;
        blanks();
        break;
      }
      const labelStart = i;
      if (/[a-zA-Z_]/.test(line[i] as string)) while (i < n && LABEL_NAME_CHAR.test(line[i] as string)) i++;
      const label = line.slice(labelStart, i);
      if (label === "") return `invalid label name for metric ${goQuote(family.name)}`;
      if (label === "__name__") return 'label name "__name__" is reserved';
      const structural = (family.type === "summary" && label === "quantile") || (family.type === "histogram" && label === "le");
      if (!structural) names.push(label);
      blanks();
      if (end()) return last ? eof : "expected '=' after label name, found '\\n'";
      if (line[i] !== "=") return `expected '=' after label name, found ${goRune(line[i])}`;
      if (new Set(names).size !== names.length) return `duplicate label names for metric ${goQuote(family.name)}`;
      i++;
      blanks();
      if (end()) return last ? eof : "expected '\"' at start of label value, found '\\n'";
      if (line[i] !== '"') return `expected '"' at start of label value, found ${goRune(line[i])}`;
      i++;
      let value = "";
      for (;;) {
        if (end()) return last ? eof : `label value ${goQuote(value)} contains unescaped new-line`;
        const c = line[i] as string;
        i++;
        if (c === '"') break;
        if (c !== "\\") {
          value += c;
          continue;
        }
        if (end()) return last ? eof : `label value ${goQuote(value)} contains unescaped new-line`;
        const e = line[i] as string;
        i++;
        if (e === '"' || e === "\\") value += e;
        else if (e === "n") value += "\n";
        else return `invalid escape sequence '\\${e}'`;
      }
      if (!/^[^\udc80-\udcff]*$/.test(value)) return `invalid label value ${goQuote(value)}`;
      if (structural && typeof parseFloatGo(value) !== "number") return `expected float as value for '${label}' label, got ${goQuote(value)}`;
      blanks();
      if (end()) return last ? eof : `unexpected end of label value ${goQuote(value)}`;
      if (line[i] === ",") {
        i++;
        continue;
      }
      if (line[i] === "}") {
        i++;
        blanks();
        break;
      }
      return `unexpected end of label value ${goQuote(value)}`;
    }
  }
  const valueStart = i;
  while (i < n && line[i] !== " " && line[i] !== "\t") i++;
  if (end() && last) return eof;
  const value = line.slice(valueStart, i);
  if (/[pP_]/.test(value) || typeof parseFloatGo(value) !== "number") return `expected float as value, got ${goQuote(value)}`;
  if (end()) return undefined;
  blanks();
  const tsStart = i;
  while (i < n && line[i] !== " " && line[i] !== "\t") i++;
  if (end() && last) return eof;
  const ts = line.slice(tsStart, i);
  if (!/^[+-]?\d+$/.test(ts) || BigInt(ts) > 2n ** 63n - 1n || BigInt(ts) < -(2n ** 63n)) return `expected integer as timestamp, got ${goQuote(ts)}`;
  if (i < n) return `spurious string after timestamp: ${goQuote(line.slice(i))}`;
  return undefined;
}

/** expfmt's message for a promtext finding, where promtext can tell it; else promtext's own. */
function expfmtMessage(d: Diagnostic, result: ParseResult, bytes: Uint8Array | undefined): string {
  if (bytes !== undefined) {
    const lines = bytesToGoString(bytes).split("\n");
    const line = lines[d.line - 1];
    if (line !== undefined) {
      const last = d.line === lines.length;
      const message = sampleLineError(line, last, (name) => {
        const own = result.families.find((f) => f.metrics.some((m) => m.samples.some((s) => s.line === d.line)));
        const familyName = own?.name ?? familyFor(name, result);
        return { name: familyName, type: own?.type ?? result.families.find((f) => f.name === familyName)?.type ?? "untyped" };
      });
      if (message !== undefined) return message;
    }
  }
  const lineText = result.lines.lineText(d.line);
  const metaName = /^[ \t]*#[ \t]*(?:HELP|TYPE)[ \t]+([^ \t]+)/.exec(lineText)?.[1] ?? "";
  const sampleName = /^[ \t]*([a-zA-Z_:][a-zA-Z0-9_:]*)/.exec(lineText)?.[1] ?? "";
  const token = quoted(d.message);
  switch (d.code) {
    case "missing-final-newline":
      return "unexpected end of input stream";
    case "duplicate-type":
    case "type-after-samples":
      return `second TYPE line for metric name ${goQuote(familyFor(metaName, result))}, or TYPE reported after samples`;
    case "duplicate-help":
      return `second HELP line for metric name ${goQuote(familyFor(metaName, result))}`;
    case "reserved-label-name":
      return 'label name "__name__" is reserved';
    case "invalid-value":
    case "value-out-of-range":
      return `expected float as value, got ${goQuote(token ?? "")}`;
    case "invalid-timestamp":
      return `expected integer as timestamp, got ${goQuote(token ?? "")}`;
    case "trailing-whitespace":
      return 'expected integer as timestamp, got ""';
    case "exemplar-in-text-format":
      return 'expected integer as timestamp, got "#"';
    case "duplicate-label-name":
      return `duplicate label names for metric ${goQuote(familyFor(sampleName, result))}`;
    case "invalid-le":
      return `expected float as value for 'le' label, got ${goQuote(token ?? "")}`;
    case "invalid-quantile":
      return `expected float as value for 'quantile' label, got ${goQuote(token ?? "")}`;
    case "utf8-name":
      return d.message.startsWith("metric") ? "invalid metric name" : `invalid label name for metric ${goQuote(sampleName)}`;
    case "invalid-utf8": {
      const value = invalidLabelValue(bytes, d.line);
      return value === undefined ? d.message : `invalid label value ${goQuote(value)}`;
    }
    case "histogram-negative-count":
      return /_count\b/.test(sampleName) ? `negative count for histogram ${goQuote(familyFor(sampleName, result))}` : `negative bucket population for histogram ${goQuote(familyFor(sampleName, result))}`;
    case "help-invalid-escape":
      return `invalid escape sequence '${token ?? ""}'`;
    default:
      return d.message;
  }
}

// ------------------------------------------------------------------------ to dto

function copyLabels(labels: readonly Label[]): DtoMetric["label"] {
  return labels.map((l) => ({ name: l.name, value: l.value }));
}

function timestampOf(s: Sample): bigint | undefined {
  if (s.timestamp === undefined) return undefined;
  if (s.timestampText !== undefined && /^[+-]?\d+$/.test(s.timestampText)) return BigInt(s.timestampText);
  return BigInt(Math.trunc(s.timestamp));
}

function floatLabel(labels: readonly Label[], name: string): number {
  const text = labels.find((l) => l.name === name)?.value;
  if (text === undefined) return NaN;
  const v = parseFloatGo(text);
  return typeof v === "number" ? v : NaN;
}

/** A bucket or _count value: 0.39 casts to uint64; later versions keep fractions as floats. */
function count(value: number, wrap: boolean): { uint?: bigint; float?: number } {
  if (wrap || (Number.isInteger(value) && value >= 0 && value < 2 ** 64)) return { uint: goFloatToUint64(value) };
  return { float: value };
}

function summaryMetric(family: MetricFamily, metric: MetricFamily["metrics"][number]): DtoMetric {
  const summary: DtoSummary = { quantile: [] };
  const m: DtoMetric = { label: copyLabels(metric.labels), summary };
  for (const s of metric.samples) {
    if (s.name === `${family.name}_count`) summary.sampleCount = goFloatToUint64(s.value);
    else if (s.name === `${family.name}_sum`) summary.sampleSum = s.value;
    else {
      const q = floatLabel(s.labels, "quantile");
      if (!Number.isNaN(q)) summary.quantile.push({ quantile: q, value: s.value });
    }
    const ts = timestampOf(s);
    if (ts !== undefined) m.timestampMs = ts;
  }
  return m;
}

function histogramMetric(family: MetricFamily, metric: MetricFamily["metrics"][number], wrap: boolean): DtoMetric {
  const histogram: DtoHistogram = { bucket: [] };
  const m: DtoMetric = { label: copyLabels(metric.labels), histogram };
  for (const s of metric.samples) {
    if (s.name === `${family.name}_count`) {
      const c = count(s.value, wrap);
      if (c.uint !== undefined) histogram.sampleCount = c.uint;
      else histogram.sampleCountFloat = c.float as number;
    } else if (s.name === `${family.name}_sum`) histogram.sampleSum = s.value;
    else {
      const le = floatLabel(s.labels, "le");
      if (!Number.isNaN(le)) {
        const c = count(s.value, wrap);
        histogram.bucket.push(c.uint !== undefined ? { upperBound: le, cumulativeCount: c.uint } : { upperBound: le, cumulativeCountFloat: c.float as number });
      }
    }
    const ts = timestampOf(s);
    if (ts !== undefined) m.timestampMs = ts;
  }
  return m;
}

/** One Metric per sample line, in line order (a counter, gauge or untyped family). */
function simpleMetrics(family: MetricFamily, field: "counter" | "gauge" | "untyped"): DtoMetric[] {
  const samples = family.metrics.flatMap((m) => m.samples).sort((a, b) => a.offset - b.offset);
  return samples.map((s) => {
    const m: DtoMetric = { label: copyLabels(s.labels), [field]: s.value };
    const ts = timestampOf(s);
    if (ts !== undefined) m.timestampMs = ts;
    return m;
  });
}

/** HELP and TYPE lines that 0.39 gives to a gauge histogram's `x_bucket`/`x_count`/`x_sum` (which promtext folds into `x`), and `x`'s own HELP. */
interface GaugeHistogramMetadata {
  children: Map<string, { type?: "counter" | "gauge" | "untyped"; help?: string }>;
  ownHelp: Map<string, string>;
  /** Lines whose metadata errors promtext reports but 0.39 does not (the line names a child family, not `x`). */
  acceptedLines: Set<number>;
}

/** Promtext's families as expfmt's dto families. */
export function toDtoFamilies(families: readonly MetricFamily[], b: VersionBehaviour, meta?: GaugeHistogramMetadata): DtoFamily[] {
  const out: DtoFamily[] = [];
  const byName = new Map<string, DtoFamily>();
  const add = (f: DtoFamily) => {
    const known = byName.get(f.name);
    if (known) known.metric.push(...f.metric);
    else {
      byName.set(f.name, f);
      out.push(f);
    }
  };
  const wrap = b.expfmt039.wrapsNegativeHistogramCounts;
  for (const family of families) {
    const base: Omit<DtoFamily, "type" | "metric"> = family.help === undefined ? { name: family.name } : { name: family.name, help: family.help };
    switch (family.type) {
      case "counter":
        add({ ...base, type: "COUNTER", metric: simpleMetrics(family, "counter") });
        break;
      case "gauge":
        add({ ...base, type: "GAUGE", metric: simpleMetrics(family, "gauge") });
        break;
      case "summary":
        add({ ...base, type: "SUMMARY", metric: family.metrics.map((m) => summaryMetric(family, m)) });
        break;
      case "histogram":
        add({ ...base, type: "HISTOGRAM", metric: family.metrics.map((m) => histogramMetric(family, m, wrap)) });
        break;
      case "gaugehistogram":
        if (!b.expfmt039.gaugeHistogramWithoutValues) {
          add({ ...base, type: "GAUGE_HISTOGRAM", metric: family.metrics.map((m) => histogramMetric(family, m, wrap)) });
          break;
        }
        // 0.39: a bare sample is a Metric with no value; x_bucket, x_count, x_sum are families of their own
        {
          const samples = family.metrics.flatMap((m) => m.samples).sort((a, b) => a.offset - b.offset);
          const own = samples.filter((s) => s.name === family.name);
          const help = meta ? meta.ownHelp.get(family.name) : family.help;
          if (own.length > 0) {
            add({
              name: family.name,
              ...(help === undefined ? {} : { help }),
              type: "GAUGE_HISTOGRAM",
              metric: own.map((s) => {
                const m: DtoMetric = { label: copyLabels(s.labels) };
                const ts = timestampOf(s);
                if (ts !== undefined) m.timestampMs = ts;
                return m;
              }),
            });
          }
          for (const s of samples) {
            if (s.name === family.name) continue;
            const child = meta?.children.get(s.name);
            const type = child?.type ?? "untyped";
            const m: DtoMetric = { label: copyLabels(s.labels), [type]: s.value };
            const ts = timestampOf(s);
            if (ts !== undefined) m.timestampMs = ts;
            add({ name: s.name, ...(child?.help === undefined ? {} : { help: child.help }), type: type === "counter" ? "COUNTER" : type === "gauge" ? "GAUGE" : "UNTYPED", metric: [m] });
          }
        }
        break;
      default:
        add({ ...base, type: "UNTYPED", metric: simpleMetrics(family, "untyped") });
    }
  }
  return out;
}

// ------------------------------------------------------------------------ the body

/** Lines of the samples of gauge-histogram families (where 0.39 sees no structure). */
function gaugeHistogramLines(result: ParseResult): Set<number> {
  const lines = new Set<number>();
  for (const f of result.families) if (f.type === "gaugehistogram") for (const m of f.metrics) for (const s of m.samples) lines.add(s.line);
  return lines;
}

const GAUGE_HISTOGRAM_STRUCTURE = new Set(["invalid-le", "histogram-negative-count", "histogram-le-missing"]);

/**
 * 0.39 does not see `x_bucket`, `x_count`, `x_sum` as parts of a gauge histogram `x`: their
 * HELP and TYPE lines start families of their own (a TYPE only before their first sample).
 */
function gaugeHistogramMetadata(result: ParseResult): GaugeHistogramMetadata {
  const meta: GaugeHistogramMetadata = { children: new Map(), ownHelp: new Map(), acceptedLines: new Set() };
  const gauges = result.families.filter((f) => f.type === "gaugehistogram");
  if (gauges.length === 0) return meta;
  const firstSample = new Map<string, number>();
  for (const f of gauges) for (const m of f.metrics) for (const s of m.samples) if (!firstSample.has(s.name) || (firstSample.get(s.name) as number) > s.line) firstSample.set(s.name, s.line);
  const lines = result.text.split("\n");
  lines.forEach((line, i) => {
    const m = /^[ \t]*#[ \t]*(HELP|TYPE)[ \t]+([a-zA-Z_:][a-zA-Z0-9_:]*)[ \t]+(.*)$/s.exec(line);
    if (m === null) return;
    const [, keyword, name, rest] = m as unknown as [string, string, string, string];
    const lineNo = i + 1;
    if (keyword === "HELP" && gauges.some((g) => g.name === name)) {
      if (!meta.ownHelp.has(name)) meta.ownHelp.set(name, unescape(rest, false).text);
      return;
    }
    const parent = gauges.find((g) => ["_bucket", "_count", "_sum"].some((x) => g.name + x === name));
    if (parent === undefined) return;
    const child = meta.children.get(name) ?? {};
    if (keyword === "HELP") {
      if (child.help !== undefined) return;
      child.help = unescape(rest, false).text;
    } else {
      const type = rest.toLowerCase();
      if (child.type !== undefined || (firstSample.get(name) ?? Infinity) < lineNo || (type !== "counter" && type !== "gauge" && type !== "untyped")) return;
      child.type = type;
    }
    meta.children.set(name, child);
    meta.acceptedLines.add(lineNo);
  });
  return meta;
}

/**
 * An `le` or `quantile` given twice on a family where it is an ordinary label (le outside a
 * histogram, quantile outside a summary): expfmt refuses the duplicate label name, promtext's
 * parser (which cannot know the family yet) only warns.
 */
function duplicateStructuralLabels(result: ParseResult, b: VersionBehaviour): Found[] {
  const found: Found[] = [];
  for (const d of result.diagnostics) {
    if (d.code !== "duplicate-le-or-quantile") continue;
    const label = /`(le|quantile)`/.exec(d.message)?.[1];
    const family = result.families.find((f) => f.metrics.some((m) => m.samples.some((s) => s.line === d.line)));
    if (label === undefined || family === undefined) continue;
    const structural =
      label === "le" ? family.type === "histogram" || (family.type === "gaugehistogram" && !b.expfmt039.gaugeHistogramWithoutValues) : family.type === "summary";
    if (!structural) found.push({ line: d.line, at: d.column - 1, message: `duplicate label names for metric ${goQuote(family.name)}` });
  }
  return found;
}

/** Reads a text push body; `error` is set when the gateway's parser refuses it. */
export function readTextBody(bytes: Uint8Array, b: VersionBehaviour): TextBody {
  const result = parse(bytes, { format: "prometheus", target: "pushgateway" });
  const legacyGauges = b.expfmt039.gaugeHistogramWithoutValues;
  const gaugeLines = legacyGauges ? gaugeHistogramLines(result) : new Set<number>();
  const meta = legacyGauges ? gaugeHistogramMetadata(result) : undefined;
  const errors: Found[] = [];
  for (const d of result.diagnostics) {
    if (d.severity !== "error") continue;
    if (d.code === "histogram-negative-count" && b.expfmt039.wrapsNegativeHistogramCounts) continue;
    if (gaugeLines.has(d.line) && GAUGE_HISTOGRAM_STRUCTURE.has(d.code)) continue;
    if (meta?.acceptedLines.has(d.line) && (d.code === "duplicate-type" || d.code === "type-after-samples" || d.code === "duplicate-help")) continue;
    errors.push({ line: d.line, at: d.column - 1, message: expfmtMessage(d, result, bytes) });
  }
  errors.push(...expfmt039Errors(result.text, b.expfmt039), ...duplicateStructuralLabels(result, b));
  errors.sort((x, y) => x.line - y.line || x.at - y.at);
  const first = errors[0];
  if (first !== undefined) return { families: [], error: { line: first.line, message: first.message }, diagnostics: result.diagnostics };
  return { families: toDtoFamilies(result.families, b, meta), diagnostics: result.diagnostics };
}
