import type { Exemplar, MetricFamily } from "../model/types.js";
import { formatCount, formatOpenMetricsFloat } from "./float.js";
import { linesOf, type ConversionNote } from "./lines.js";
import { escapeString, formatLabelName, formatName } from "./names.js";
import { nameAndLabels, textFamilyName } from "./text.js";

const OM_TYPE: Record<string, string> = { untyped: "unknown" };

/** Milliseconds as OpenMetrics seconds: float64(ms)/1000 in Go's float format, as expfmt writes them. */
function seconds(ms: number): string {
  return formatOpenMetricsFloat(ms / 1000);
}

function exemplarText(e: Exemplar): string {
  const labels = e.labels.map((l) => `${formatLabelName(l.name)}="${escapeString(l.value, true)}"`).join(",");
  return ` # {${labels}} ${formatOpenMetricsFloat(e.value)}${e.timestamp === undefined ? "" : ` ${seconds(e.timestamp)}`}`;
}

/**
 * The OpenMetrics family name and type. As in expfmt, a counter whose samples are not named
 * `…_total` cannot be an OpenMetrics counter: it is written as `unknown` under its own name.
 */
export function openMetricsFamily(family: MetricFamily): { name: string; type: string; base: string } {
  if (family.type === "counter") {
    const text = textFamilyName(family);
    if (!text.endsWith("_total")) return { name: text, type: "unknown", base: text };
    return { name: text.slice(0, -6), type: "counter", base: text };
  }
  return { name: family.name, type: OM_TYPE[family.type] ?? family.type, base: family.name };
}

/** One family in OpenMetrics 1.0, as expfmt's MetricFamilyToOpenMetrics writes it (HELP, TYPE, UNIT, samples). */
export function familyToOpenMetrics(family: MetricFamily, notes: ConversionNote[]): string {
  const { name, type, base } = openMetricsFamily(family);
  if (family.type === "counter" && type === "unknown") notes.push({ family: family.name, message: "a counter not named …_total is written as unknown, as expfmt does" });
  let out = "";
  if (family.help !== undefined) out += `# HELP ${formatName(name)} ${escapeString(family.help, true)}\n`;
  out += `# TYPE ${formatName(name)} ${type}\n`;
  if (family.unit !== undefined && family.unit !== "") out += `# UNIT ${formatName(name)} ${family.unit}\n`;
  for (const metric of family.metrics) {
    for (const line of linesOf(family, metric, { openMetrics: true, base, notes })) {
      out += `${nameAndLabels(line, formatOpenMetricsFloat)} ${line.isCount ? formatCount(line.value) : formatOpenMetricsFloat(line.value)}`;
      if (line.timestamp !== undefined) out += ` ${seconds(line.timestamp)}`;
      if (line.exemplar) out += exemplarText(line.exemplar);
      out += "\n";
    }
  }
  return out;
}
