import type { Rule } from "../rule.js";
import { duplicateSeries } from "./promlint-duplicates.js";
import { helpMissing } from "./promlint-help.js";
import { camelcaseLabelName, camelcaseMetricName, nameColon } from "./promlint-names.js";
import { counterTotalSuffix, nonCounterTotalSuffix, reservedLabelRules, reservedSuffixRules, typeInName } from "./promlint-types.js";
import { unitAbbreviation, unitNonBase } from "./promlint-units.js";

/** Every built-in lint rule, promtool's first, in the order they run. */
export const RULES: readonly Rule[] = [
  helpMissing,
  unitNonBase,
  counterTotalSuffix,
  nonCounterTotalSuffix,
  ...reservedSuffixRules,
  ...reservedLabelRules,
  typeInName,
  nameColon,
  camelcaseMetricName,
  camelcaseLabelName,
  unitAbbreviation,
  duplicateSeries,
];
