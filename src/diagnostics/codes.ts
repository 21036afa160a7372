import type { Target } from "./targets.js";

export type InputFormat = "prometheus" | "openmetrics";
export type Severity = "error" | "warning" | "info";

/**
 * One entry per diagnostic code. `rejectedBy` lists, for each input format, the consumers
 * that refuse the input because of this problem; a consumer that is not listed accepts it.
 * Under a target that rejects, the diagnostic is an error; under one that accepts, it is a
 * warning when some other consumer rejects it, and `otherwise` when nobody does.
 */
export interface CodeInfo {
  summary: string;
  rejectedBy: Record<InputFormat, readonly Target[]>;
  otherwise: Severity;
}

const ALL: readonly Target[] = ["strict", "prometheus", "promtool", "pushgateway"];
const S: readonly Target[] = ["strict"];
const SP: readonly Target[] = ["strict", "prometheus"];
const SG: readonly Target[] = ["strict", "promtool", "pushgateway"];
/** expfmt's readers: promtool and the Pushgateway refuse the same bytes. */
const G: readonly Target[] = ["promtool", "pushgateway"];
const GATEWAY: readonly Target[] = ["pushgateway"];
const P: readonly Target[] = ["prometheus"];
const NONE: readonly Target[] = [];

function both(targets: readonly Target[], summary: string, otherwise: Severity = "warning"): CodeInfo {
  return { summary, rejectedBy: { prometheus: targets, openmetrics: targets }, otherwise };
}
function split(
  text: readonly Target[],
  om: readonly Target[],
  summary: string,
  otherwise: Severity = "warning",
): CodeInfo {
  return { summary, rejectedBy: { prometheus: text, openmetrics: om }, otherwise };
}
/** OpenMetrics-only rules. promtool and the Pushgateway do not read OpenMetrics; for OpenMetrics input they are judged by the specification. */
function om(targets: readonly Target[], summary: string): CodeInfo {
  const withGateway = targets.includes("strict") ? [...targets, "promtool" as const, "pushgateway" as const] : targets;
  return { summary, rejectedBy: { prometheus: NONE, openmetrics: withGateway }, otherwise: "warning" };
}

export const CODES = {
  // ---- syntax: every consumer refuses these lines
  "content-type-unsupported": both(P, "A scraped target answered without a Content-Type that selects a parser (text/plain or application/openmetrics-text); Prometheus 3 fails such scrapes unless fallback_scrape_protocol is set."),
  "gateway-rejected": both(GATEWAY, "The Pushgateway would refuse this push into the given group, against what it holds (--gateway-group with --gateway-state or --gateway)."),
  "json-invalid": both(ALL, "JSON input that is not prom2json's shape (an array of {name, help, type, metrics})."),
  "unexpected-character": both(ALL, "A character that cannot start any token at this place."),
  "syntax-error": both(ALL, "The line does not follow the grammar: a token is missing or out of place."),
  "label-value-unterminated": both(ALL, "A quoted label value or name has no closing quote on its line."),
  "invalid-value": both(ALL, "The sample value is not a number (Go ParseFloat syntax without hex or underscores)."),
  "value-out-of-range": both(ALL, "The sample value overflows a 64-bit float."),
  "invalid-timestamp": both(ALL, "The timestamp is not a number of the kind the format allows."),
  "invalid-metric-name": both(ALL, "The metric name is not a valid name."),
  "invalid-label-name": both(ALL, "The label name is not a valid name."),
  "metric-name-missing": both(ALL, "A sample has braces but no metric name in them or before them."),
  "multiple-metric-names": both(ALL, "A sample names its metric twice."),
  "invalid-utf8": both(ALL, "The input is not valid UTF-8."),
  "empty-input": both(NONE, "The input is empty: no families and no samples. Every consumer takes it (a push of nothing empties its group).", "info"),
  "nul-input": both(ALL, "The input is nothing but NUL bytes: a zeroed, sparse or truncated file rather than an exposition."),
  "stream-series-apart": both(
    NONE,
    "A series of a histogram or summary whose samples are not together, in a family of more than 10,000 series read as a stream: promtext checks a family that large in parts, and this series' samples as two series (parse() of the whole text checks them as one).",
    "info",
  ),
  "line-too-long": both(ALL, "A line longer than promtext reads from a stream (16 MiB by default): it is skipped unchecked, so the input cannot be called valid."),
  "invalid-utf8-in-help": split(SP, SP, "HELP text that is not valid UTF-8; expfmt takes the bytes as they are."),
  "invalid-utf8-in-comment": split(S, SP, "A comment that is not valid UTF-8; Prometheus and expfmt skip comments unread."),
  "unknown-type": both(ALL, "The TYPE line names a type the format does not have."),
  "type-not-lowercase": split(SP, SP, "The type is not written in lowercase; only expfmt reads it case-insensitively."),
  "gaugehistogram-in-text-format": split(SP, NONE, "gaugehistogram is an OpenMetrics type; only expfmt reads it in text 0.0.4."),
  "exemplar-in-text-format": split(ALL, NONE, "Exemplars are OpenMetrics syntax; the text format 0.0.4 has none."),
  "utf8-name": both(G, "A quoted name outside the legacy character set: Prometheus 3 reads it; promtool and the Pushgateway (unless started with --push.enable-utf8-names) refuse it."),
  "duplicate-label-name": both(ALL, "The same label name appears twice in one sample."),
  "duplicate-le-or-quantile": both(SP, "The le or quantile label appears twice in one sample; expfmt keeps one of them."),

  // ---- where the consumers of Prometheus text 0.0.4 disagree
  "missing-final-newline": split(SG, NONE, "The last line does not end with a line feed.", "info"),
  "trailing-whitespace": split(G, NONE, "Blanks after the value or timestamp, before the end of the line."),
  "label-missing-comma": split(SG, SP, "Two label pairs without a comma between them."),
  "label-value-invalid-escape": split(SG, NONE, "A backslash escape other than \\\\, \\\" and \\n in a label value or quoted name."),
  "help-invalid-escape": split(SG, NONE, "A backslash escape other than \\\\ and \\n in a HELP text."),
  "negative-timestamp": split(P, NONE, "A negative (or explicitly signed) millisecond timestamp."),
  "metadata-missing-name": split(SP, SP, "A HELP, TYPE or UNIT line with no metric name."),
  "metadata-missing-text": split(NONE, SP, "A HELP or UNIT line with a name but no separator and text after it."),
  "type-missing": split(SP, SP, "A TYPE line with a name but no type; expfmt ignores the line."),
  "duplicate-help": split(SG, S, "A second HELP line for the same metric family."),
  "duplicate-type": split(SG, S, "A second TYPE line for the same metric family."),
  "duplicate-unit": split(NONE, S, "A second UNIT line for the same metric family."),
  "type-after-samples": split(SG, S, "The TYPE line comes after samples of its family."),
  "help-after-samples": split(NONE, S, "The HELP line comes after samples of its family.", "info"),
  "interleaved-family": split(S, S, "The lines of one family are split by lines of another family: its samples resume after them, or come apart from its HELP and TYPE lines."),
  "metadata-without-samples": split(NONE, NONE, "HELP or TYPE for a metric that has no samples; expfmt drops it.", "info"),
  "reserved-label-name": split(SG, S, "The label name __name__ is reserved."),
  "comment-looks-like-metadata": both(NONE, "A comment that one consumer reads as HELP or TYPE and another as a plain comment."),

  // ---- histogram and summary structure
  "invalid-le": split(SG, S, "An le label of a histogram family is not a number."),
  "histogram-le-missing": split(S, S, "A histogram bucket without an le label, or with le=\"NaN\"."),
  "invalid-quantile": split(SG, S, "A quantile label of a summary family is not a number."),
  "summary-quantile-missing": split(S, S, "A summary sample without _sum/_count suffix and without a quantile label."),
  "quantile-out-of-range": split(S, S, "A quantile outside [0, 1]."),
  "histogram-missing-inf-bucket": split(S, S, "A histogram without the le=\"+Inf\" bucket."),
  "histogram-bucket-order": split(S, S, "Histogram buckets are not in increasing order of le."),
  "histogram-not-cumulative": split(S, S, "A bucket count is smaller than the count of a lower bucket."),
  "histogram-count-mismatch": split(S, S, "_count differs from the le=\"+Inf\" bucket."),
  "histogram-negative-count": split(SG, S, "A negative bucket, _count or _gcount value."),
  "histogram-count-sum-pairing": split(NONE, S, "A histogram has _count without _sum or _sum without _count."),
  "histogram-sum-with-negative-bucket": split(NONE, S, "A histogram with negative buckets must not have _sum."),
  "histogram-non-integer-count": split(NONE, S, "Bucket or _count values must be integers."),
  "histogram-missing-buckets": split(NONE, S, "A histogram needs at least one bucket."),
  "summary-invalid-count": split(NONE, S, "A summary _count or _sum that is negative, NaN or not an integer."),
  "summary-negative-quantile-value": split(NONE, S, "A negative summary quantile value."),
  "repeated-series-timestamps": split(NONE, NONE, "The same series appears again with another timestamp; every consumer ingests both."),
  "repeated-series": split(S, S, "The same series (name and labels) appears twice; expfmt keeps both, the Pushgateway refuses such a push."),

  // ---- OpenMetrics only
  "om-missing-eof": om(SP, "OpenMetrics text must end with a # EOF line."),
  "om-data-after-eof": om(SP, "Nothing may follow the # EOF line."),
  "om-blank-line": om(SP, "OpenMetrics forbids blank lines."),
  "om-whitespace": om(SP, "OpenMetrics separates tokens by exactly one space; no tabs, no leading or trailing blanks, no spaces inside braces."),
  "om-invalid-comment": om(SP, "OpenMetrics has no comments other than HELP, TYPE, UNIT and EOF."),
  "om-label-trailing-comma": om(S, "OpenMetrics label sets take no trailing comma."),
  "om-untyped": om(SP, "OpenMetrics calls this type unknown; untyped is not valid."),
  "om-type-not-lowercase": om(SP, "OpenMetrics types are lowercase."),
  "om-unit-mismatch": om(SP, "The UNIT must be the suffix of the family name."),
  "om-unit-not-allowed": om(S, "Info and stateset families carry no UNIT."),
  "om-metadata-after-samples": om(S, "Metadata must come before the samples of its family."),
  "om-clashing-name": om(S, "A family name that clashes with a sample name of another family."),
  "om-sample-name": om(S, "A sample name that the family's type does not allow."),
  "om-series-not-contiguous": om(S, "The samples of one series are split by another series."),
  "om-timestamp-order": om(S, "Timestamps of a repeated series must all be present and must not decrease."),
  "om-counter-value": om(S, "A counter's _total must not be negative or NaN."),
  "om-created-value": om(S, "A _created value must be a real timestamp."),
  "om-info-value": om(S, "An info sample's value must be 1."),
  "om-stateset-value": om(S, "A stateset sample's value must be 0 or 1, labelled by the family name."),
  "om-exemplar-not-allowed": om(S, "Exemplars are allowed only on counter _total and histogram _bucket samples."),
  "om-exemplar-too-long": om(SP, "Exemplar label names and values together exceed 128 code points."),
  "om-invalid-timestamp": om(SP, "OpenMetrics timestamps are real numbers of seconds, not NaN or infinite."),
  "om-le-not-canonical": om(S, "The le or quantile value is written in a form the specification forbids, such as +INF."),
  "om-escape": om(NONE, "A backslash escape other than \\\\, \\\" and \\n (kept as written)."),
} as const satisfies Record<string, CodeInfo>;

export type Code = keyof typeof CODES;

/** Whether `id` is a format problem's code, not a lint rule's id. */
export function isCode(id: string): id is Code {
  return Object.hasOwn(CODES, id);
}

export function codeInfo(code: Code): CodeInfo {
  return CODES[code];
}
