import { githubAnnotations } from "./github.js";
import { humanReport } from "./human.js";
import { jsonReport } from "./json.js";
import { sarifLog } from "./sarif.js";
import type { FileReport } from "./types.js";
import { VERSION } from "../version.js";

export const REPORT_FORMATS = ["human", "json", "sarif", "github"];

export interface ReportOptions {
  color: boolean;
}

/** The report in the chosen format, in pieces. */
export function formatReport(format: string, reports: readonly FileReport[], options: ReportOptions): Iterable<string> {
  switch (format) {
    case "json":
      return jsonReport(reports);
    case "sarif":
      return sarifLog(reports, { toolVersion: VERSION });
    case "github":
      return githubAnnotations(reports);
    default:
      return humanReport(reports, options);
  }
}
