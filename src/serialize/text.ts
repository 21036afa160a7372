import type { MetricFamily } from "../model/types.js";
import { formatGoFloat } from "./float.js";
import { linesOf, seriesOf, type ConversionNote, type SampleLine } from "./lines.js";
import { escapeString, formatLabelName, formatName, isLegacyMetricName } from "./names.js";
import { textMilliseconds } from "./timestamp.js";

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
  const has = (sampleName: string) => family.metrics.some((m) => m.samples.some((s) => s.name === sampleName));
  // an OpenMetrics counter `x` has samples `x_total` and `x_created` (or none yet); a text counter is named like its samples
  if (family.type === "counter" && (has(`${name}_total`) || !has(name))) return `${name}_total`;
  if (family.type === "info" && has(`${name}_info`)) return `${name}_info`;
  return name;
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

/**
 * One family in text 0.0.4, as expfmt's MetricFamilyToText writes it. `families` has every
 * family written, by textFamilyName: a line named like another of them would be read as that
 * family's (a text reader looks a sample name up among the families first), so it is left out,
 * with a note. Only OpenMetrics input gets there: a gauge histogram `x` beside a family `x_sum`,
 * whose `x_gsum` text 0.0.4 writes as `x_sum`.
 */
export function familyToText(family: MetricFamily, notes: ConversionNote[], families: ReadonlyMap<string, MetricFamily>): string {
  const name = textFamilyName(family);
  const type = TEXT_TYPE[family.type] ?? "untyped";
  if (type !== family.type && !(family.type === "unknown")) {
    notes.push({ family: family.name, message: `type ${family.type} has no text 0.0.4 equivalent; written as ${type}` });
  }
  const lineNotes: ConversionNote[] = [];
  let body = "";
  let exemplars = 0;
  let fractional = 0;
  let unwritable = 0;
  const claimed = new Map<string, number>();
  for (const metric of seriesOf(family)) {
    for (const line of linesOf(family, metric, { openMetrics: false, notes: lineNotes })) {
      const owner = line.name === name ? undefined : families.get(line.name);
      if (owner !== undefined && owner !== family) {
        claimed.set(line.name, (claimed.get(line.name) ?? 0) + 1);
        continue;
      }
      if (line.exemplar) exemplars++;
      body += `${nameAndLabels(line, formatGoFloat)} ${formatGoFloat(line.value)}`;
      if (line.timestamp !== undefined) {
        const ms = textMilliseconds(line.timestamp, line.timestampText);
        if (ms === undefined) unwritable++;
        else {
          if (ms.cut) fractional++;
          body += ` ${ms.text}`;
        }
      }
      body += "\n";
    }
  }
  if (body === "") {
    notes.push({ family: family.name, message: "no samples: left out (text 0.0.4 keeps no family without samples; expfmt refuses to write one)" });
    return "";
  }
  if (family.unit !== undefined && family.unit !== "") notes.push({ family: family.name, message: `UNIT ${family.unit} left out: text 0.0.4 has no UNIT line` });
  notes.push(...lineNotes);
  if (exemplars > 0) notes.push({ family: family.name, message: `${exemplars} exemplar(s) left out: text 0.0.4 has none` });
  if (fractional > 0) notes.push({ family: family.name, message: `${fractional} timestamp(s) cut to whole milliseconds` });
  if (unwritable > 0) notes.push({ family: family.name, message: `${unwritable} timestamp(s) left out: beyond the int64 milliseconds of text 0.0.4` });
  for (const [sampleName, count] of claimed) {
    notes.push({ family: family.name, message: `${count} \`${sampleName}\` line(s) left out: in text 0.0.4 they would be read as samples of the family \`${sampleName}\`` });
  }
  let head = "";
  // text readers drop the blanks that start a HELP text, and a HELP line with no text
  const help = family.help?.replace(/^[ \t]+/, "");
  if (help) head += `# HELP ${formatName(name)} ${escapeString(help, false)}\n`;
  return `${head}# TYPE ${formatName(name)} ${type}\n${body}`;
}
