import type { Reporter } from "../../diagnostics/reporter.js";
import type { MetricFamily } from "../../model/types.js";

/** What a format check reads: the families, the input's format, and where to report. */
export interface FormatCheckContext {
  reporter: Reporter;
  openMetrics: boolean;
}

export type FormatCheck = (family: MetricFamily, context: FormatCheckContext) => void;
