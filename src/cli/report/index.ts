import { formatGithub } from "./github.js";
import { formatHuman } from "./human.js";
import { formatJson } from "./json.js";
import { formatSarif } from "./sarif.js";
import type { FileReport } from "./types.js";
import { VERSION } from "../version.js";

export const REPORT_FORMATS = ["human", "json", "sarif", "github"];

export interface ReportOptions {
  color: boolean;
}


/** The report in the chosen format. */
export function formatReport(format: string, reports: readonly FileReport[], options: ReportOptions): string {
  switch (format) {
    case "json":
      return formatJson(reports);
    case "sarif":
      return formatSarif(reports, { toolVersion: VERSION });
    case "github":
      return formatGithub(reports);
    default:
      return formatHuman(reports, options);
  }
}
