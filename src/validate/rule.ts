import type { InputFormat, Severity } from "../diagnostics/codes.js";
import type { Target } from "../diagnostics/targets.js";
import type { MetricFamily } from "../model/types.js";

/** How a rule is configured: `warn` and `error` set its severity, `off` disables it. */
export type RuleSetting = "off" | "info" | "warn" | "error";

export interface RuleThresholds {
  /** Series per family above which `family-cardinality` warns (counted as promtool --extended counts). */
  maxSeriesPerFamily: number;
  /** Buckets (with +Inf) below which `histogram-few-buckets` warns. */
  minHistogramBuckets: number;
}

export const DEFAULT_THRESHOLDS: RuleThresholds = { maxSeriesPerFamily: 1000, minHistogramBuckets: 3 };

/** Where a finding points: any model node (family, metric, sample); at a family, its name. */
export interface At {
  offset: number;
  line: number;
  nameOffset?: number;
}

export interface RuleContext {
  format: InputFormat;
  target: Target;
  thresholds: RuleThresholds;
  /** Reports a finding of the running rule at a node; `length` is how many characters to underline. */
  report(at: At, message: string, length?: number): void;
}

/**
 * A lint rule: a pure check over the model. `checkFamily` sees one family at a time;
 * `checkPayload` the whole payload (for rules across families). Tool authors add rules of
 * this same shape (see `validate`'s `rules` option).
 */
export interface Rule {
  /** Stable kebab-case id: the diagnostic `code`, the key in configuration. */
  id: string;
  /** Severity when the configuration does not say. */
  severity: Severity;
  /** `promlint` for the rules `promtool check metrics` has, `promtext` for ours. */
  origin: "promlint" | "promtext";
  /** One line: what the rule finds. */
  summary: string;
  /** A paragraph: why it matters. */
  why: string;
  /** promlint's exact message, for the parity rules. */
  promlintMessage?: string;
  /** The consumers that refuse a payload with this finding (a diagnostic's `rejectedBy`); none if omitted. */
  rejectedBy?: readonly Target[];
  checkFamily?(family: MetricFamily, context: RuleContext): void;
  checkPayload?(families: readonly MetricFamily[], context: RuleContext): void;
  /**
   * Whether the rule stays silent on this payload, judged on all of it (on a stream's family
   * outlines, see lintStream): in a stream its findings wait for the end.
   */
  exempts?(families: readonly MetricFamily[]): boolean;
}

/** The first sample's position in a family, or the family's own. */
export function firstSampleOf(family: MetricFamily): At {
  const metric = family.metrics[0];
  return metric ?? family;
}
