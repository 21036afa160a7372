/**
 * What must hold for every input, in every input format and for every target: parse() never
 * throws; every diagnostic lies inside the input, at the line and column of its offset;
 * `valid` is false exactly when a diagnostic is an error. For valid input, serializing to either
 * format never throws and is idempotent, and writing the input's own format keeps the payload:
 * the output is valid for the same targets and holds the same samples and metadata. The fast
 * path reads the input exactly as the grammar alone does: the same families and diagnostics.
 *
 * The library is passed in, so that the test suite checks src/ and `npm run fuzz` dist/.
 */
import type { Diagnostic, MetricFamily, Sample } from "../src/index.js";
import type * as Promtext from "../src/index.js";

export type Library = Pick<typeof Promtext, "parse" | "serialize">;
export type Format = "auto" | "prometheus" | "openmetrics";
export type Target = "strict" | "prometheus" | "pushgateway";

export const FORMATS: readonly Format[] = ["auto", "prometheus", "openmetrics"];
export const TARGETS: readonly Target[] = ["strict", "prometheus", "pushgateway"];
const OUTPUTS = ["prometheus", "openmetrics"] as const;

export interface Failure {
  assertion: string;
  options: { format: Format; target: Target };
  detail: string;
}

/** Every property over one input; the failures found (at most one per assertion and format). */
export function checkInput(lib: Library, input: Uint8Array, formats: readonly Format[] = FORMATS, targets: readonly Target[] = TARGETS): Failure[] {
  const failures: Failure[] = [];
  for (const format of formats) {
    const fail = (assertion: string, target: Target, detail: string) => {
      if (!failures.some((f) => f.assertion === assertion && f.options.format === format)) failures.push({ assertion, options: { format, target }, detail });
    };
    const validFor: Target[] = [];
    let families: MetricFamily[] | undefined;
    let parsedFormat: "prometheus" | "openmetrics" = "prometheus";
    for (const target of targets) {
      let result: ReturnType<Library["parse"]>;
      try {
        result = lib.parse(input, { format, target });
      } catch (e) {
        fail("parse-throws", target, errorText(e));
        continue;
      }
      const misplaced = misplacedDiagnostic(result.text, result.diagnostics);
      if (misplaced !== undefined) fail("diagnostic-position", target, misplaced);
      const hasError = result.diagnostics.some((d) => d.severity === "error");
      if (result.valid === hasError) fail("valid-inconsistent", target, `valid is ${result.valid}; errors: ${codes(result.diagnostics, "error")}`);
      const counted = countSamples(result.families);
      if (result.samples !== counted) fail("sample-count", target, `samples is ${result.samples}; the families hold ${counted}`);
      if (result.valid) validFor.push(target);
      if (target === targets[0]) {
        const disagreement = fastPathDisagreement(lib, input, format, target, result);
        if (disagreement !== undefined) fail("fast-path-differs", target, disagreement);
      }
      families ??= result.families;
      parsedFormat = result.format;
    }
    // `auto` reads as one of the explicit formats: its round trips are those of that format
    if (families === undefined || validFor.length === 0 || format === "auto") continue;
    for (const out of OUTPUTS) checkRoundTrip(lib, families, parsedFormat, out, validFor, fail);
  }
  return failures;
}

function checkRoundTrip(
  lib: Library,
  families: MetricFamily[],
  inputFormat: "prometheus" | "openmetrics",
  out: "prometheus" | "openmetrics",
  validFor: readonly Target[],
  fail: (assertion: string, target: Target, detail: string) => void,
): void {
  const target = validFor[0] as Target;
  let first: string;
  let again: string;
  let read: ReturnType<Library["parse"]>;
  try {
    first = lib.serialize(families, { format: out }).text;
  } catch (e) {
    fail(`serialize-throws-${out}`, target, errorText(e));
    return;
  }
  try {
    read = lib.parse(first, { format: out, target });
    again = lib.serialize(read.families, { format: out }).text;
  } catch (e) {
    fail(`serialized-${out}-throws`, target, `${errorText(e)}\nserialized:\n${first}`);
    return;
  }
  // A conversion is idempotent for input that follows the specification; what only a lenient
  // consumer accepts may have no form in the other format (an OpenMetrics family `x_bucket`
  // beside a histogram `x`: text 0.0.4 reads all `x_bucket` lines into one family).
  if (again !== first && (out === inputFormat || validFor.includes("strict"))) fail(`fmt-not-idempotent-${out}`, target, `first:\n${first}\nsecond:\n${again}`);
  if (out !== inputFormat) return;
  for (const t of validFor) {
    const back = t === target ? read : lib.parse(first, { format: out, target: t });
    if (!back.valid) {
      fail("roundtrip-invalid", t, `serialized:\n${first}\nerrors: ${codes(back.diagnostics, "error")}`);
      return;
    }
  }
  const before = sampleKeys(families);
  const after = sampleKeys(read.families);
  const difference = firstDifference(before, after);
  if (difference !== undefined) fail("roundtrip-samples", target, `${difference}\nserialized:\n${first}`);
  const metaBefore = metadataKeys(families, out);
  const metaAfter = metadataKeys(read.families, out);
  const metaDifference = firstDifference(metaBefore, metaAfter);
  if (metaDifference !== undefined) fail("roundtrip-metadata", target, `${metaDifference}\nserialized:\n${first}`);
}

/** Where parse() with the grammar alone reads the input otherwise than `fast` did, if it does. */
function fastPathDisagreement(lib: Library, input: Uint8Array, format: Format, target: Target, fast: ReturnType<Library["parse"]>): string | undefined {
  let slow: ReturnType<Library["parse"]>;
  try {
    slow = lib.parse(input, { format, target, fastPath: false });
  } catch (e) {
    return `the grammar alone throws: ${errorText(e)}`;
  }
  const diagnostics = (r: ReturnType<Library["parse"]>) => r.diagnostics.map((d) => `${d.offset} ${d.code} ${d.message}`).join("\n");
  if (diagnostics(fast) !== diagnostics(slow)) return `diagnostics:\n${diagnostics(fast)}\nwith the grammar alone:\n${diagnostics(slow)}`;
  const families = JSON.stringify(fast.families);
  if (families !== JSON.stringify(slow.families)) return `families differ: ${families.slice(0, 400)}`;
  return undefined;
}

function errorText(e: unknown): string {
  return e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e);
}

function codes(diagnostics: readonly Diagnostic[], severity: string): string {
  return diagnostics
    .filter((d) => d.severity === severity)
    .map((d) => `${d.code}@${d.line}:${d.column}`)
    .join(", ");
}

function countSamples(families: readonly MetricFamily[]): number {
  let n = 0;
  for (const f of families) for (const m of f.metrics) n += m.samples.length;
  return n;
}

/** The first diagnostic whose span leaves the text or whose line and column are not those of its offsets. */
function misplacedDiagnostic(text: string, diagnostics: readonly Diagnostic[]): string | undefined {
  if (diagnostics.length === 0) return undefined;
  const newlines: number[] = [];
  for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) newlines.push(at);
  const position = (offset: number) => {
    let lo = 0;
    let hi = newlines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((newlines[mid] as number) < offset) lo = mid + 1;
      else hi = mid;
    }
    return { line: lo + 1, column: offset - (lo === 0 ? 0 : (newlines[lo - 1] as number) + 1) + 1 };
  };
  for (const d of diagnostics) {
    const where = `${d.code} offset ${d.offset} length ${d.length} at ${d.line}:${d.column}–${d.endLine}:${d.endColumn} in a text of ${text.length}`;
    if (!Number.isInteger(d.offset) || !Number.isInteger(d.length) || d.offset < 0 || d.length < 1) return `bad span: ${where}`;
    const end = d.offset + d.length;
    if (text.length === 0 ? d.offset !== 0 : end > text.length) return `outside the input: ${where}`;
    if (text.length === 0) continue;
    const start = position(d.offset);
    const last = position(end - 1);
    if (d.line !== start.line || d.column !== start.column) return `line/column not those of the offset (${start.line}:${start.column}): ${where}`;
    if (d.endLine !== last.line || d.endColumn !== last.column + 1) return `end not that of offset+length (${last.line}:${last.column + 1}): ${where}`;
  }
  return undefined;
}

/** Values as what they mean: NaN equals NaN, and -0 is 0 (expfmt writes both as 0). */
function numberKey(v: number | undefined): string {
  if (v === undefined) return "-";
  return Number.isNaN(v) ? "NaN" : v === 0 ? "0" : String(v);
}

/** The bound label the serializer rewrites as a Go float in this family, for this sample name. */
function boundLabel(family: MetricFamily, sample: Sample): string | undefined {
  if ((family.type === "histogram" || family.type === "gaugehistogram") && sample.name === `${family.name}_bucket`) return "le";
  if (family.type === "summary" && sample.name === family.name) return "quantile";
  return undefined;
}

function labelValueKey(value: string, isBound: boolean): string {
  if (!isBound) return value;
  const t = value.toLowerCase();
  const v = /^[+]?inf(inity)?$/.test(t) ? Infinity : /^-inf(inity)?$/.test(t) ? -Infinity : /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(t) ? Number(value) : NaN;
  return Number.isNaN(v) && t !== "nan" ? value : numberKey(v);
}

/** Every sample as a sorted list of keys: name, labels (as a set), value, timestamp, exemplar. */
function sampleKeys(families: readonly MetricFamily[]): string[] {
  const keys: string[] = [];
  for (const f of families) {
    for (const m of f.metrics) {
      for (const s of m.samples) {
        const bound = boundLabel(f, s);
        const labels = s.labels.map((l) => JSON.stringify([l.name, labelValueKey(l.value, l.name === bound)])).sort();
        const e = s.exemplar;
        const exemplar = e === undefined ? null : [e.labels.map((l) => [l.name, l.value]), numberKey(e.value), numberKey(e.timestamp)];
        keys.push(JSON.stringify([s.name, labels, numberKey(s.value), numberKey(s.timestamp), exemplar]));
      }
    }
  }
  return keys.sort();
}

/**
 * Name, type, HELP and UNIT of each family, as far as the format carries them: text 0.0.4 keeps
 * no family without samples, and has no gauge histogram (expfmt reads `gaugehistogram`, and
 * writes `histogram`). An OpenMetrics counter is a family `x` of samples `x_total`; one whose
 * samples are named like the family (and none `x_created`) is the text format's, written as expfmt
 * writes it: `x_total` becomes the counter `x` (unless another family is named `x`), any other
 * name `unknown`.
 */
function metadataKeys(families: readonly MetricFamily[], format: "prometheus" | "openmetrics"): string[] {
  const text = format === "prometheus";
  const names = new Set(families.map((f) => f.name));
  const nameAndType = (f: MetricFamily): [string, string] => {
    if (text) return [f.name, f.type === "gaugehistogram" ? "histogram" : f.type];
    const named = (name: string) => f.metrics.some((m) => m.samples.some((s) => s.name === name));
    if (f.type !== "counter" || !named(f.name) || named(`${f.name}_total`) || named(`${f.name}_created`)) return [f.name, f.type];
    const stripped = f.name.slice(0, -"_total".length);
    return f.name.endsWith("_total") && !names.has(stripped) ? [stripped, "counter"] : [f.name, "unknown"];
  };
  return families
    .filter((f) => !text || countSamples([f]) > 0)
    .map((f) => JSON.stringify([...nameAndType(f), f.help ?? null, f.unit ?? null]))
    .sort();
}

function firstDifference(before: readonly string[], after: readonly string[]): string | undefined {
  const a = new Map<string, number>();
  for (const k of before) a.set(k, (a.get(k) ?? 0) + 1);
  for (const k of after) a.set(k, (a.get(k) ?? 0) - 1);
  const lost = [...a].filter(([, n]) => n > 0).map(([k]) => k);
  const gained = [...a].filter(([, n]) => n < 0).map(([k]) => k);
  if (lost.length === 0 && gained.length === 0) return undefined;
  return `${before.length} → ${after.length}; lost ${lost.slice(0, 3).join(" ")}${lost.length > 3 ? " …" : ""}; gained ${gained.slice(0, 3).join(" ")}${gained.length > 3 ? " …" : ""}`;
}
