import { isValidLegacyLabelName, isValidLegacyMetricName } from "../serialize/escaping.js";
import type { Label } from "../model/types.js";

function quote(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

/**
 * A series as Prometheus identifies it: the name and the labels sorted by name, written as the
 * text format writes them (`http_requests_total{code="200",method="get"}`). Equal series give
 * equal strings, whatever the label order in the exposition.
 */
export function seriesKey(name: string, labels: readonly Label[]): string {
  const sorted = [...labels].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const parts = sorted.map((l) => `${isValidLegacyLabelName(l.name) ? l.name : quote(l.name)}=${quote(l.value)}`);
  if (isValidLegacyMetricName(name)) return parts.length === 0 ? name : `${name}{${parts.join(",")}}`;
  return `{${[quote(name), ...parts].join(",")}}`;
}

/**
 * The length of the series part of a sample line starting at `offset`: the name and the label
 * set, without the value, timestamp and exemplar. Quotes and escapes are respected; the scan
 * stops at the end of the line.
 */
export function seriesLength(text: string, offset: number): number {
  let i = offset;
  let depth = 0;
  let quoted = false;
  for (; i < text.length; i++) {
    const c = text[i];
    if (c === "\n") break;
    if (quoted) {
      if (c === "\\") i++;
      else if (c === '"') quoted = false;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === "{") depth++;
    else if (c === "}") {
      depth--;
      if (depth <= 0) {
        i++;
        break;
      }
    } else if ((c === " " || c === "\t") && depth === 0) break;
  }
  return Math.max(1, i - offset);
}

/**
 * What identifies the line a finding is on, across scrapes whose lines move and whose values
 * change: a comment line as it is, a sample line by its series part only.
 */
export function lineIdentity(lineText: string): string {
  const trimmed = lineText.replace(/^[ \t]+/, "");
  if (trimmed.startsWith("#") || trimmed === "") return trimmed;
  return trimmed.slice(0, seriesLength(trimmed, 0));
}
