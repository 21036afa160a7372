import { formatHuman } from "./human.js";
import { formatJson } from "./json.js";
import type { FileReport } from "./types.js";

export const REPORT_FORMATS = ["human", "json"];

export interface ReportOptions {
  color: boolean;
}

/** The report in the chosen format. */
export function formatReport(format: string, reports: readonly FileReport[], options: ReportOptions): string {
  switch (format) {
    case "json":
      return formatJson(reports);
    default:
      return formatHuman(reports, options);
  }
}
