import type { InputFormat } from "../diagnostics/codes.js";
import type { Label, MetricFamily, Sample } from "../model/types.js";
import { parse, type ParseResult } from "../parser/parse.js";
import { readLineWithGrammar } from "../parser/grammar.js";
import { LineRecord } from "../parser/line-record.js";
import { parseFloatGo, parseIntTimestamp, secondsTextToMs, unescape } from "../parser/values.js";
import { formatGoFloat, formatOpenMetricsFloat } from "./float.js";
import { escapeString, formatLabelName, formatName, isLegacyMetricName } from "./names.js";
import { openMetricsSeconds, textMilliseconds } from "./timestamp.js";

/**
 * Lossless writing: the text as it was read, with only the lines the model's edits touch
 * rewritten. Every line keeps its own spelling (value text, label order, spacing, comments,
 * blank lines) unless the sample or metadata it holds changed; a sample removed from the
 * model removes its line; a sample added to a family goes after the family's last line.
 */
export function serializeLossless(result: ParseResult, families: readonly MetricFamily[] = result.families): string {
  const format = result.format;
  const samplesByLine = new Map<number, Sample>();
  const added = new Map<MetricFamily, Sample[]>();
  const lastLineOf = new Map<MetricFamily, number>();
  const familyByName = new Map(families.map((f) => [f.name, f]));
  for (const family of families) {
    let last = 0;
    for (const metric of family.metrics) {
      for (const sample of metric.samples) {
        if (sample.line >= 1 && sample.line <= result.lines.lineCount && !samplesByLine.has(sample.line)) {
          samplesByLine.set(sample.line, sample);
          last = Math.max(last, sample.line);
        } else {
          added.set(family, [...(added.get(family) ?? []), sample]);
        }
      }
    }
    lastLineOf.set(family, last);
  }

  const text = result.text;
  const endsWithNewline = text.endsWith("\n");
  const lineCount = endsWithNewline ? result.lines.lineCount - 1 : result.lines.lineCount;
  const out: string[] = [];
  // what the text said before any edit: lines that never made a sample or family stay as written
  const original = parse(text, { format, target: result.target });
  const originalFamilies = new Map(original.families.map((f) => [f.name, f]));
  const originalNames = new Set(originalFamilies.keys());
  const originalSampleLines = new Set<number>();
  for (const f of original.families) for (const m of f.metrics) for (const smp of m.samples) originalSampleLines.add(smp.line);
  const newFamilies = families.filter((f) => !originalNames.has(f.name));
  const afterLine = new Map<number, MetricFamily[]>();
  for (const [family, samples] of added) {
    const at = lastLineOf.get(family) ?? 0;
    if (at > 0 && originalNames.has(family.name)) afterLine.set(at, [...(afterLine.get(at) ?? []), family]);
  }

  for (let line = 1; line <= lineCount; line++) {
    const written = result.lines.lineText(line);
    const kind = lineKind(written);
    if (kind === "sample" && originalSampleLines.has(line)) {
      const now = samplesByLine.get(line);
      if (now !== undefined) out.push(sameSample(written, now, format) ? written : sampleLine(now, format));
    } else if (kind === "metadata") {
      const kept = metadataLine(written, familyByName, originalFamilies, format);
      if (kept !== undefined) out.push(kept);
    } else if (kind === "eof" && format === "openmetrics") {
      for (const family of newFamilies.splice(0)) out.push(...familyLines(family, format));
      out.push(written);
    } else {
      out.push(written);
    }
    for (const family of afterLine.get(line) ?? []) for (const s of added.get(family) ?? []) out.push(sampleLine(s, format));
  }
  for (const family of newFamilies) out.push(...familyLines(family, format));
  const body = out.join("\n");
  return endsWithNewline || (out.length > lineCount && body !== "") ? `${body}\n` : body;
}

function lineKind(line: string): "sample" | "metadata" | "eof" | "other" {
  const t = line.replace(/^[ \t]+/, "");
  if (t === "") return "other";
  if (t.startsWith("#")) {
    const rest = t.slice(1).replace(/^[ \t]+/, "");
    if (/^EOF(?![^ \t])/.test(rest)) return "eof";
    return /^(HELP|TYPE|UNIT)[ \t]/.test(rest) ? "metadata" : "other";
  }
  return "sample";
}

/** The sample an original line holds, read on its own. */
function readSample(line: string, format: InputFormat): Sample | undefined {
  const parsed = parse(format === "openmetrics" ? `${line}\n# EOF\n` : `${line}\n`, { format });
  return parsed.families[0]?.metrics[0]?.samples[0];
}

function sameLabels(a: Label[], b: Label[]): boolean {
  return a.length === b.length && a.every((l, i) => l.name === b[i]!.name && l.value === b[i]!.value);
}

function sameSample(line: string, sample: Sample, format: InputFormat): boolean {
  const was = readSample(line, format);
  if (was === undefined) return false;
  const sameValue = was.valueText === sample.valueText && (Object.is(was.value, sample.value) || (Number.isNaN(was.value) && Number.isNaN(sample.value)));
  const sameExemplar =
    was.exemplar === sample.exemplar ||
    (was.exemplar !== undefined &&
      sample.exemplar !== undefined &&
      sameLabels(was.exemplar.labels, sample.exemplar.labels) &&
      was.exemplar.valueText === sample.exemplar.valueText &&
      sameTimestamp(was.exemplar, sample.exemplar));
  return was.name === sample.name && sameLabels(was.labels, sample.labels) && sameValue && sameTimestamp(was, sample) && sameExemplar;
}

/** The same timestamp as read: the same text, and a number not edited since. */
function sameTimestamp(was: { timestamp?: number; timestampText?: string }, now: { timestamp?: number; timestampText?: string }): boolean {
  return was.timestampText === now.timestampText && Object.is(was.timestamp, now.timestamp);
}

/** A value's own text while it still reads as the value, else the canonical text. */
function valueText(value: number, text: string | undefined, format: InputFormat): string {
  if (text !== undefined) {
    const read = parseFloatGo(text);
    if (typeof read === "number" && (Object.is(read, value) || (Number.isNaN(read) && Number.isNaN(value)))) return text;
  }
  return format === "openmetrics" ? formatOpenMetricsFloat(value) : formatGoFloat(value);
}

/** A timestamp's own text while it still reads as the timestamp in this format, else the canonical text (none when text 0.0.4 cannot hold it). */
function timestampText(ms: number, text: string | undefined, format: InputFormat): string | undefined {
  if (text !== undefined && ownsTimestamp(ms, text, format)) return text;
  return format === "openmetrics" ? openMetricsSeconds(ms, undefined) : textMilliseconds(ms, undefined)?.text;
}

function ownsTimestamp(ms: number, text: string, format: InputFormat): boolean {
  if (format === "openmetrics") {
    const seconds = parseFloatGo(text);
    return typeof seconds === "number" && Number.isFinite(seconds) && secondsTextToMs(text) === ms;
  }
  return parseIntTimestamp(text)?.ms === ms;
}

function labelsText(labels: Label[]): string {
  return labels.map((l) => `${formatLabelName(l.name)}="${escapeString(l.value, true)}"`).join(",");
}

/** One sample line in the input's format. */
function sampleLine(sample: Sample, format: InputFormat): string {
  const legacy = isLegacyMetricName(sample.name);
  const labels = labelsText(sample.labels);
  const head = legacy ? (labels ? `${sample.name}{${labels}}` : sample.name) : `{${formatName(sample.name)}${labels ? `,${labels}` : ""}}`;
  let line = `${head} ${valueText(sample.value, sample.valueText, format)}`;
  if (sample.timestamp !== undefined) {
    const ts = timestampText(sample.timestamp, sample.timestampText, format);
    if (ts !== undefined) line += ` ${ts}`;
  }
  const e = sample.exemplar;
  if (e !== undefined && format === "openmetrics") {
    line += ` # {${labelsText(e.labels)}} ${valueText(e.value, e.valueText, format)}`;
    if (e.timestamp !== undefined) line += ` ${timestampText(e.timestamp, e.timestampText, format)}`;
  }
  return line;
}

/**
 * A HELP/TYPE/UNIT line: kept as written while the family says what it said when read,
 * rewritten when the edit changed it, dropped with its family.
 */
function metadataLine(line: string, families: Map<string, MetricFamily>, originals: Map<string, MetricFamily>, format: InputFormat): string | undefined {
  const m = /^[ \t]*#[ \t]*(HELP|TYPE|UNIT)/.exec(line);
  const rec = new LineRecord();
  if (m === null || readLineWithGrammar(line, 0, rec) !== undefined || rec.metaNameStart === -1) return line;
  const name = rec.metaNameQuoted ? unescape(rec.metaName, true).text : rec.metaName;
  const was = originals.get(name);
  if (was === undefined) return line;
  const family = families.get(name);
  if (family === undefined) return undefined;
  const quoted = formatName(family.name);
  if (m[1] === "HELP") {
    if (family.help === was.help) return line;
    return family.help === undefined ? undefined : `# HELP ${quoted} ${escapeString(family.help, format === "openmetrics")}`;
  }
  if (m[1] === "TYPE") return family.type === was.type ? line : `# TYPE ${quoted} ${family.type}`;
  if (family.unit === was.unit) return line;
  return family.unit === undefined ? undefined : `# UNIT ${quoted} ${family.unit}`;
}

/** All lines of a family that was not in the input. */
function familyLines(family: MetricFamily, format: InputFormat): string[] {
  const name = formatName(family.name);
  const lines: string[] = [];
  if (family.help !== undefined) lines.push(`# HELP ${name} ${escapeString(family.help, format === "openmetrics")}`);
  lines.push(`# TYPE ${name} ${family.type}`);
  if (format === "openmetrics" && family.unit) lines.push(`# UNIT ${name} ${family.unit}`);
  for (const metric of family.metrics) for (const s of metric.samples) lines.push(sampleLine(s, format));
  return lines;
}
