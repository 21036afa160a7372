import type { InputFormat, Severity } from "../diagnostics/codes.js";
import type { Target } from "../diagnostics/targets.js";
import type { FamilyPart, MetricFamily } from "../model/types.js";

export type { FamilyPart } from "../model/types.js";

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
  /**
   * Which part of its family `checkFamily` sees. A stream hands a family of many series on in
   * parts (see ParseEvent); everywhere else a family is one part, first and last.
   * Findings at the family itself (its name) are kept from the first part that makes them.
   */
  part: FamilyPart;
  /**
   * A tally of the running rule that lives across the parts of one family: made by `make` on
   * the family's first part, the same object on its later ones. A rule that sums a family up
   * (a count, a first occurrence) adds to it on every part and reports on the last.
   */
  carried<T>(make: () => T): T;
}

/** A family that is not split: its only part. */
export const WHOLE_FAMILY: FamilyPart = Object.freeze({ first: true, last: true });

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
