import { githubAnnotations } from "./github.js";
import { humanReport } from "./human.js";
import { jsonReport } from "./json.js";
import { sarifLog } from "./sarif.js";
import type { FileReport } from "./types.js";
import { VERSION } from "../version.js";
import { displayUrl } from "../display-url.js";

export const REPORT_FORMATS = ["human", "json", "sarif", "github"];

export interface ReportOptions {
  color: boolean;
}

/** The report in the chosen format, in pieces; a URL's credentials are never shown. */
export function formatReport(format: string, reports: readonly FileReport[], options: ReportOptions): Iterable<string> {
  const shown = reports.map((r) => ({ ...r, file: displayUrl(r.file), ...(r.source ? { source: { ...r.source, url: displayUrl(r.source.url) } } : {}) }));
  switch (format) {
    case "json":
      return jsonReport(shown);
    case "sarif":
      return sarifLog(shown, { toolVersion: VERSION });
    case "github":
      return githubAnnotations(shown);
    default:
      return humanReport(shown, options);
  }
}
