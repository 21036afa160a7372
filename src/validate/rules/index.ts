import type { Rule } from "../rule.js";
import { counterLikeName } from "./counter-like-name.js";
import { familyCardinality } from "./family-cardinality.js";
import { helpUninformative } from "./help-uninformative.js";
import { histogramFewBuckets, summaryNoQuantiles } from "./histogram-shape.js";
import { labelReservedPrefix, mixedLabelNames, targetLabelInPayload } from "./label-names.js";
import { labelValueEmpty, labelValueUnbounded } from "./label-values.js";
import { duplicateSeries } from "./promlint-duplicates.js";
import { helpMissing } from "./promlint-help.js";
import { camelcaseLabelName, camelcaseMetricName, nameColon } from "./promlint-names.js";
import { counterTotalSuffix, nonCounterTotalSuffix, reservedLabelRules, reservedSuffixRules, typeInName } from "./promlint-types.js";
import { unitAbbreviation, unitNonBase } from "./promlint-units.js";
import { pushTimestamp } from "./push-timestamp.js";
import { unitMixedCase } from "./unit-mixed-case.js";

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
  // ours
  helpUninformative,
  unitMixedCase,
  counterLikeName,
  labelReservedPrefix,
  targetLabelInPayload,
  labelValueEmpty,
  labelValueUnbounded,
  mixedLabelNames,
  histogramFewBuckets,
  summaryNoQuantiles,
  familyCardinality,
  pushTimestamp,
];
