/**
 * expfmt's words for a body it refuses (`text format parsing error in line N: <message>`):
 * the message of the first error expfmt meets on the line promtext points at, replayed from
 * the line itself, else derived from promtext's finding, else promtext's own words.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { ParseResult } from "../parser/parse.js";
import { parseFloatGo } from "../parser/values.js";
import { LABEL_NAME_CHAR, METRIC_NAME_CHAR } from "./expfmt-039.js";
import { bytesToGoString, goQuote } from "./go-text.js";

/** The text between the first pair of backticks of a promtext message. */
function quoted(message: string): string | undefined {
  return /`([^`]*)`/s.exec(message)?.[1];
}

/** The family expfmt's parser is in for a metadata line naming `name` (a histogram or summary child names its parent). */
function familyFor(name: string, declared: ReadonlyMap<string, string | undefined>): string {
  if (declared.has(name)) return name;
  for (const suffix of ["_count", "_sum", "_bucket"]) {
    if (!name.endsWith(suffix)) continue;
    const base = name.slice(0, -suffix.length);
    const type = declared.get(base);
    if (type === "histogram" || (type === "summary" && suffix !== "_bucket")) return base;
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

/** The family a sample line's name leads to in expfmt, with its type as declared *by then*. */
type FamilyAt = (line: number, name: string) => { name: string; type: string };

export interface Context {
  result: ParseResult;
  /** Family names with their type: the first TYPE line's (lowercase), else the parsed family's. */
  declared: ReadonlyMap<string, string>;
  familyAt: FamilyAt;
  /** Whether the family of the sample on this line gets its TYPE only on a later line. */
  typedLater: (line: number) => boolean;
}

/**
 * Walks the lines as expfmt does to know which family each name leads to and when each family
 * got its TYPE (a TYPE for `x_count` goes to a summary or histogram `x` declared before it; a
 * sample creates an untyped family; a later TYPE for it is "second TYPE").
 */
export function context(result: ParseResult): Context {
  const typeLines = new Map<string, number>();
  const families = new Map<string, string | undefined>();
  result.text.split("\n").forEach((text, i) => {
    const meta = /^[ \t]*#[ \t]*(HELP|TYPE)[ \t]+([a-zA-Z_:][a-zA-Z0-9_:]*)[ \t]+(.*)$/.exec(text);
    if (meta !== null) {
      const family = familyFor(meta[2] as string, families);
      if (meta[1] === "HELP") {
        if (!families.has(family)) families.set(family, undefined);
      } else {
        // promtext's parser applies the first TYPE line even after samples; expfmt stops there
        if (!typeLines.has(family)) typeLines.set(family, i + 1);
        if (families.get(family) === undefined) families.set(family, (meta[3] as string).toLowerCase());
      }
      return;
    }
    const name = /^[ \t]*([a-zA-Z_:][a-zA-Z0-9_:]*)/.exec(text)?.[1];
    if (name === undefined) return;
    const family = familyFor(name, families);
    if (families.get(family) === undefined) families.set(family, "untyped");
  });
  const declared = new Map<string, string>();
  for (const [name, type] of families) declared.set(name, type ?? "untyped");
  const lineFamily = (line: number) => result.families.find((f) => f.metrics.some((m) => m.samples.some((s) => s.line === line)));
  const typedLater = (line: number) => {
    const f = lineFamily(line);
    return f !== undefined && (typeLines.get(f.name) ?? 0) > line;
  };
  const familyAt: FamilyAt = (line, name) => {
    const own = lineFamily(line);
    const familyName = own?.name ?? familyFor(name, declared);
    const type = typedLater(line) ? "untyped" : (own?.type ?? declared.get(familyName) ?? "untyped");
    return { name: familyName, type };
  };
  return { result, declared, familyAt, typedLater };
}

/** Structure findings that a TYPE given after the samples makes promtext report on those earlier samples (expfmt stops at the TYPE line). */
export const TYPE_DEPENDENT = new Set(["invalid-le", "invalid-quantile", "histogram-negative-count", "histogram-le-missing"]);

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
  if (last) return eof; // the rest of the line is read up to a line feed that never comes
  if (i < n) return `spurious string after timestamp: ${goQuote(line.slice(i))}`;
  return undefined;
}

/** expfmt's message for a promtext finding, where promtext can tell it; else promtext's own. */
export function expfmtMessage(d: Diagnostic, ctx: Context, bytes: Uint8Array | undefined): string {
  const { result, declared, familyAt } = ctx;
  if (bytes !== undefined) {
    const lines = bytesToGoString(bytes).split("\n");
    const line = lines[d.line - 1];
    if (line !== undefined) {
      const last = d.line === lines.length;
      const message = sampleLineError(line, last, (name) => familyAt(d.line, name));
      if (message !== undefined) return message;
      // a HELP or TYPE text is read up to a line feed: on an unterminated last line the input ends first
      const before = d.code === "duplicate-type" || d.code === "type-after-samples" || d.code === "duplicate-help" || d.code === "help-invalid-escape";
      if (last && line !== "" && /^[ \t]*#/.test(line) && !before) return "unexpected end of input stream";
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
      return `second TYPE line for metric name ${goQuote(familyFor(metaName, declared))}, or TYPE reported after samples`;
    case "duplicate-help":
      return `second HELP line for metric name ${goQuote(familyFor(metaName, declared))}`;
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
      return `duplicate label names for metric ${goQuote(familyFor(sampleName, declared))}`;
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
      return /_count\b/.test(sampleName) ? `negative count for histogram ${goQuote(familyFor(sampleName, declared))}` : `negative bucket population for histogram ${goQuote(familyFor(sampleName, declared))}`;
    case "help-invalid-escape":
      return `invalid escape sequence '${token ?? ""}'`;
    default:
      return d.message;
  }
}
