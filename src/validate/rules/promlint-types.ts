import type { MetricFamily } from "../../model/types.js";
import type { Rule } from "../rule.js";

/** promlint's view of a type: OpenMetrics `unknown` is its untyped. */
function untyped(family: MetricFamily): boolean {
  return family.type === "untyped" || family.type === "unknown";
}

export const counterTotalSuffix: Rule = {
  id: "counter-total-suffix",
  severity: "warning",
  origin: "promlint",
  summary: "A counter whose name does not end in `_total`.",
  why: "The `_total` suffix tells every reader (and rate()) that the value only goes up. In OpenMetrics the suffix is on the samples, not the family, and the format itself requires it; this rule applies to the text format.",
  promlintMessage: 'counter metrics should have "_total" suffix',
  checkFamily(family, context) {
    if (context.format === "prometheus" && family.type === "counter" && !family.name.endsWith("_total")) {
      context.report(family, `counter \`${family.name}\` should end in \`_total\``, family.name.length);
    }
  },
};

export const nonCounterTotalSuffix: Rule = {
  id: "non-counter-total-suffix",
  severity: "warning",
  origin: "promlint",
  summary: "A gauge, histogram or summary whose name ends in `_total`.",
  why: "`_total` promises a counter; a gauge named so is read with rate() and gives nonsense.",
  promlintMessage: 'non-counter metrics should not have "_total" suffix',
  checkFamily(family, context) {
    if (family.type !== "counter" && !untyped(family) && family.name.endsWith("_total")) {
      context.report(family, `${family.type} \`${family.name}\` should not end in \`_total\``, family.name.length);
    }
  },
};

const RESERVED_SUFFIXES = [
  { id: "reserved-suffix-bucket", suffix: "_bucket", allowed: ["histogram"], message: 'non-histogram metrics should not have "_bucket" suffix' },
  { id: "reserved-suffix-count", suffix: "_count", allowed: ["histogram", "summary"], message: 'non-histogram and non-summary metrics should not have "_count" suffix' },
  { id: "reserved-suffix-sum", suffix: "_sum", allowed: ["histogram", "summary"], message: 'non-histogram and non-summary metrics should not have "_sum" suffix' },
];

export const reservedSuffixRules: Rule[] = RESERVED_SUFFIXES.map(({ id, suffix, allowed, message }) => ({
  id,
  severity: "warning",
  origin: "promlint",
  summary: `A family that is not a ${allowed.join(" or ")} whose name ends in \`${suffix}\`.`,
  why: `\`${suffix}\` names the samples of ${allowed.join(" and ")} families; a ${"`"}x${suffix}${"`"} of another type collides with them (client_golang's registry and the Pushgateway refuse such pairs) and misleads readers.`,
  promlintMessage: message,
  checkFamily(family, context) {
    if (!untyped(family) && !allowed.includes(family.type) && family.name.endsWith(suffix)) {
      context.report(family, `${family.type} \`${family.name}\` should not end in \`${suffix}\``, family.name.length);
    }
  },
}));

const RESERVED_LABELS = [
  { id: "reserved-label-le", label: "le", allowed: "histogram", message: 'non-histogram metrics should not have "le" label' },
  { id: "reserved-label-quantile", label: "quantile", allowed: "summary", message: 'non-summary metrics should not have "quantile" label' },
];

export const reservedLabelRules: Rule[] = RESERVED_LABELS.map(({ id, label, allowed, message }) => ({
  id,
  severity: "warning",
  origin: "promlint",
  summary: `A label \`${label}\` on a family that is not a ${allowed}.`,
  why: `\`${label}\` is the ${allowed}'s own label; elsewhere it confuses histogram_quantile() and every reader. promtool reports every series that carries it.`,
  promlintMessage: message,
  checkFamily(family, context) {
    if (untyped(family) || family.type === allowed) return;
    for (const metric of family.metrics) {
      if (metric.labels.some((l) => l.name === label)) {
        context.report(metric, `${family.type} \`${family.name}\` has a \`${label}\` label`, family.name.length);
      }
    }
  },
}));

/** The type names promlint looks for in metric names. */
const TYPE_WORDS: Partial<Record<string, string>> = {
  counter: "counter",
  gauge: "gauge",
  histogram: "histogram",
  summary: "summary",
  gaugehistogram: "gauge_histogram",
};

export const typeInName: Rule = {
  id: "type-in-name",
  severity: "warning",
  origin: "promlint",
  summary: "The family's own type in its name (`requests_counter`, `temperature_gauge`).",
  why: "The type is metadata; in the name it is noise and goes stale when the type changes. The newest promlint (client_golang ≥ 1.20, promtool ≥ 2.55) checks only the family's own type; older promtool looked for every type name.",
  promlintMessage: "metric name should not include type '<type>'",
  checkFamily(family, context) {
    const word = TYPE_WORDS[family.type];
    if (word === undefined) return;
    const name = family.name.toLowerCase();
    if (name.includes(`_${word}_`) || name.endsWith(`_${word}`)) {
      context.report(family, `\`${family.name}\` includes its type '${word}'`, family.name.length);
    }
  },
};
