import type { Exemplar, MetricFamily } from "../model/types.js";
import { formatCount, formatOpenMetricsFloat } from "./float.js";
import { linesOf, seriesOf, type ConversionNote } from "./lines.js";
import { escapeString, formatLabelName, formatName } from "./names.js";
import { nameAndLabels, textFamilyName } from "./text.js";
import { openMetricsSeconds } from "./timestamp.js";

const OM_TYPE: Record<string, string> = { untyped: "unknown" };

function exemplarText(e: Exemplar): string {
  const labels = e.labels.map((l) => `${formatLabelName(l.name)}="${escapeString(l.value, true)}"`).join(",");
  return ` # {${labels}} ${formatOpenMetricsFloat(e.value)}${e.timestamp === undefined ? "" : ` ${openMetricsSeconds(e.timestamp, e.timestampText)}`}`;
}

/**
 * The OpenMetrics family name and type. As in expfmt, a counter whose samples are not named
 * `…_total` cannot be an OpenMetrics counter: it is written as `unknown` under its own name.
 * So is a text counter `x_total` when the payload has a family `x`: two families named `x`
 * would read back as one.
 */
export function openMetricsFamily(family: MetricFamily, familyNames: ReadonlySet<string>): { name: string; type: string } {
  if (family.type === "counter") {
    const text = textFamilyName(family);
    const name = text.slice(0, -6);
    if (text.endsWith("_total") && !(name !== family.name && familyNames.has(name))) return { name, type: "counter" };
    // `x_created` is a sample of a counter `x`, not of an unknown `x`: such a family came from OpenMetrics and stays a counter
    if (!text.endsWith("_total") && hasSample(family, `${family.name}_created`)) return { name: family.name, type: "counter" };
    return { name: text, type: "unknown" };
  }
  return { name: family.name, type: OM_TYPE[family.type] ?? family.type };
}

function hasSample(family: MetricFamily, name: string): boolean {
  return family.metrics.some((m) => m.samples.some((s) => s.name === name));
}

/** One family in OpenMetrics 1.0, as expfmt's MetricFamilyToOpenMetrics writes it (HELP, TYPE, UNIT, samples). */
export function familyToOpenMetrics(family: MetricFamily, notes: ConversionNote[], familyNames: ReadonlySet<string>): string {
  const { name, type } = openMetricsFamily(family, familyNames);
  if (family.type === "counter" && type === "unknown") {
    const message = name.endsWith("_total")
      ? `written as unknown under its own name: the payload has another family named ${name.slice(0, -6)}`
      : "a counter not named …_total is written as unknown, as expfmt does";
    notes.push({ family: family.name, message });
  }
  let out = "";
  if (family.help !== undefined) out += `# HELP ${formatName(name)} ${escapeString(family.help, true)}\n`;
  // a family of metadata alone is unknown without a TYPE line; declaring it could clash with another family's sample names
  const implied = type === "unknown" && family.metrics.length === 0 && (family.help !== undefined || !!family.unit);
  if (!implied) out += `# TYPE ${formatName(name)} ${type}\n`;
  if (family.unit !== undefined && family.unit !== "") out += `# UNIT ${formatName(name)} ${family.unit}\n`;
  for (const metric of seriesOf(family)) {
    for (const line of linesOf(family, metric, { openMetrics: true, notes })) {
      out += `${nameAndLabels(line, formatOpenMetricsFloat)} ${line.isCount ? formatCount(line.value) : formatOpenMetricsFloat(line.value)}`;
      if (line.timestamp !== undefined) out += ` ${openMetricsSeconds(line.timestamp, line.timestampText)}`;
      if (line.exemplar) out += exemplarText(line.exemplar);
      out += "\n";
    }
  }
  return out;
}
