/**
 * A text 0.0.4 push body as the gateway's expfmt TextParser reads it: promtext's parser
 * (`target: "pushgateway"`, which mirrors upstream expfmt) for the verdict and the samples,
 * the version's expfmt 0.39 differences (versions.ts) on top, and the result laid out as
 * expfmt's dto families. A refused body gives expfmt's message (`text format parsing error in
 * line N: …`) where promtext can tell it, else promtext's own words after the same prefix.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { parse, type ParseResult } from "../parser/parse.js";
import type { DtoFamily } from "./dto.js";
import { expfmt039Errors, untypeGaugeHistograms, type Found } from "./expfmt-039.js";
import { context, expfmtMessage, TYPE_DEPENDENT } from "./expfmt-messages.js";
import { goQuote } from "./go-text.js";
import { toDtoFamilies } from "./to-dto.js";
import type { VersionBehaviour } from "./versions.js";

export { toDtoFamilies };

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

/**
 * An `le` or `quantile` given twice on a family where it is an ordinary label (le outside a
 * histogram, quantile outside a summary): expfmt refuses the duplicate label name, promtext's
 * parser (which cannot know the family yet) only warns.
 */
function duplicateStructuralLabels(result: ParseResult): Found[] {
  const found: Found[] = [];
  for (const d of result.diagnostics) {
    if (d.code !== "duplicate-le-or-quantile") continue;
    const label = /`(le|quantile)`/.exec(d.message)?.[1];
    const family = result.families.find((f) => f.metrics.some((m) => m.samples.some((s) => s.line === d.line)));
    if (label === undefined || family === undefined) continue;
    const structural = label === "le" ? family.type === "histogram" || family.type === "gaugehistogram" : family.type === "summary";
    if (!structural) found.push({ line: d.line, at: d.column - 1, message: `duplicate label names for metric ${goQuote(family.name)}`, rank: 1 });
  }
  return found;
}

/** Reads a text push body; `error` is set when the gateway's parser refuses it. */
export function readTextBody(bytes: Uint8Array, b: VersionBehaviour): TextBody {
  const gauges = b.expfmt039.gaugeHistogramWithoutValues ? untypeGaugeHistograms(bytes) : { bytes, names: new Set<string>() };
  const result = parse(gauges.bytes, { format: "prometheus", target: "pushgateway" });
  const ctx = context(result);
  const errors: Found[] = [];
  for (const d of result.diagnostics) {
    if (d.severity !== "error") continue;
    if (TYPE_DEPENDENT.has(d.code) && ctx.typedLater(d.line)) continue;
    if (d.code === "histogram-negative-count" && b.expfmt039.wrapsNegativeHistogramCounts) continue;
    errors.push({ line: d.line, at: d.column - 1, message: expfmtMessage(d, ctx, gauges.bytes), rank: 1 });
  }
  errors.push(...expfmt039Errors(result.text, b.expfmt039), ...duplicateStructuralLabels(result));
  errors.sort((x, y) => x.line - y.line || x.rank - y.rank || x.at - y.at);
  const first = errors[0];
  if (first !== undefined) return { families: [], error: { line: first.line, message: first.message }, diagnostics: result.diagnostics };
  const families = toDtoFamilies(result.families, b).map((f) =>
    gauges.names.has(f.name) ? { ...f, type: "GAUGE_HISTOGRAM" as const, metric: f.metric.map((m) => ({ label: m.label, ...(m.timestampMs === undefined ? {} : { timestampMs: m.timestampMs }) })) } : f,
  );
  return { families, diagnostics: result.diagnostics };
}
