import type { MetricFamily } from "../model/types.js";
import { formatGoFloat, formatMilliseconds } from "./float.js";
import { linesOf, type ConversionNote, type SampleLine } from "./lines.js";
import { escapeString, formatLabelName, formatName, isLegacyMetricName } from "./names.js";

const TEXT_TYPE: Record<string, string> = {
  counter: "counter",
  gauge: "gauge",
  histogram: "histogram",
  summary: "summary",
  untyped: "untyped",
  unknown: "untyped",
  gaugehistogram: "histogram",
  info: "gauge",
  stateset: "gauge",
};

/** The family's name in text 0.0.4, where a counter is named after its `_total` samples and an info after its `_info` ones. */
export function textFamilyName(family: MetricFamily): string {
  const name = family.name;
  const has = (suffix: string) => family.metrics.some((m) => m.samples.some((s) => s.name === `${name}${suffix}`));
  // an OpenMetrics counter `x` has samples `x_total` (or none yet); a text counter is named like its samples
  const empty = family.metrics.every((m) => m.samples.length === 0);
  if (family.type === "counter" && (has("_total") || (empty && !name.endsWith("_total")))) return `${name}_total`;
  if (family.type === "info" && has("_info")) return `${name}_info`;
  return name;
}

/** An integer timestamp's own digits when they are what the number says (exact beyond 2^53), else the number. */
function exactMilliseconds(ms: number, text: string | undefined): string {
  if (text !== undefined && /^[+-]?\d+$/.test(text) && Number(text) === ms) return BigInt(text).toString();
  return formatMilliseconds(ms);
}

/** `name{label="value",…,le="0.5"}`: a name that is not a legacy name goes inside the braces, quoted. */
export function nameAndLabels(line: SampleLine, bound: (f: number) => string): string {
  const parts: string[] = [];
  const inside = !isLegacyMetricName(line.name);
  if (inside) parts.push(formatName(line.name));
  for (const l of line.labels) parts.push(`${formatLabelName(l.name)}="${escapeString(l.value, true)}"`);
  if (line.bound) parts.push(`${line.bound.name}="${bound(line.bound.value)}"`);
  const head = inside ? "" : line.name;
  return parts.length === 0 ? head : `${head}{${parts.join(",")}}`;
}

/** One family in text 0.0.4, as expfmt's MetricFamilyToText writes it. */
export function familyToText(family: MetricFamily, notes: ConversionNote[]): string {
  const name = textFamilyName(family);
  const type = TEXT_TYPE[family.type] ?? "untyped";
  if (type !== family.type && !(family.type === "unknown")) {
    notes.push({ family: family.name, message: `type ${family.type} has no text 0.0.4 equivalent; written as ${type}` });
  }
  if (family.metrics.length === 0) {
    notes.push({ family: family.name, message: "no samples: left out (text 0.0.4 keeps no family without samples; expfmt refuses to write one)" });
    return "";
  }
  if (family.unit !== undefined && family.unit !== "") notes.push({ family: family.name, message: `UNIT ${family.unit} left out: text 0.0.4 has no UNIT line` });
  let out = "";
  if (family.help !== undefined) out += `# HELP ${formatName(name)} ${escapeString(family.help, false)}\n`;
  out += `# TYPE ${formatName(name)} ${type}\n`;
  let exemplars = 0;
  let fractional = 0;
  for (const metric of family.metrics) {
    for (const line of linesOf(family, metric, { openMetrics: false, base: name, notes })) {
      if (line.exemplar) exemplars++;
      out += `${nameAndLabels(line, formatGoFloat)} ${formatGoFloat(line.value)}`;
      if (line.timestamp !== undefined) {
        if (!Number.isInteger(line.timestamp)) fractional++;
        out += ` ${exactMilliseconds(line.timestamp, line.timestampText)}`;
      }
      out += "\n";
    }
  }
  if (exemplars > 0) notes.push({ family: family.name, message: `${exemplars} exemplar(s) left out: text 0.0.4 has none` });
  if (fractional > 0) notes.push({ family: family.name, message: `${fractional} timestamp(s) cut to whole milliseconds` });
  return out;
}
