import type { MetricFamily } from "../../model/types.js";
import type { FormatCheck, FormatCheckContext } from "./context.js";
import { checkHistogram } from "./histogram.js";
import { checkOpenMetricsTypes } from "./openmetrics-types.js";
import { checkSeries } from "./series.js";
import { checkSummary } from "./summary.js";

export type { FormatCheck, FormatCheckContext } from "./context.js";

/** The checks that the formats themselves define, run over every assembled family. */
export const formatChecks: readonly FormatCheck[] = [checkHistogram, checkSummary, checkOpenMetricsTypes, checkSeries];

export function runFormatChecks(families: readonly MetricFamily[], context: FormatCheckContext): void {
  for (const family of families) for (const check of formatChecks) check(family, context);
}
