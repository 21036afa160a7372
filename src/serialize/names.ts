/** Names and escaped strings as the Go encoders write them. */

const LEGACY_METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

export function isLegacyMetricName(name: string): boolean {
  return LEGACY_METRIC_NAME.test(name);
}

/** `\` → `\\`, line feed → `\n`, and `"` → `\"` when `quote` (label values, quoted names, OpenMetrics HELP). */
export function escapeString(value: string, quote: boolean): string {
  let out = "";
  let from = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    const replacement = c === 92 ? "\\\\" : c === 10 ? "\\n" : c === 34 && quote ? '\\"' : undefined;
    if (replacement === undefined) continue;
    out += value.slice(from, i) + replacement;
    from = i + 1;
  }
  return from === 0 ? value : out + value.slice(from);
}

/** A metric name: bare when it is a legacy metric name, else quoted. */
export function formatName(name: string): string {
  return isLegacyMetricName(name) ? name : `"${escapeString(name, true)}"`;
}

const LEGACY_LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * A label name: bare when it is a legacy label name, else quoted. (expfmt checks label names
 * with the metric-name rule and writes `a:b` bare, which no parser reads back; a parsed model
 * never holds such a name, so this differs from Go only on hand-built models.)
 */
export function formatLabelName(name: string): string {
  return LEGACY_LABEL_NAME.test(name) ? name : `"${escapeString(name, true)}"`;
}
