import type { Severity } from "../../diagnostics/codes.js";
import { reportPath } from "./sarif.js";
import type { FileReport } from "./types.js";

const COMMAND: Record<Severity, "error" | "warning" | "notice"> = { error: "error", warning: "warning", info: "notice" };

/** A workflow command's message (the part after `::`): `%`, CR and LF are escaped. */
export function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** A workflow command's property value: as the message, and `:` and `,` too. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/**
 * GitHub Actions workflow commands, one line per diagnostic, which the runner turns into
 * annotations: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=<code>::<message>`
 * (`::warning` for warnings, `::notice` for infos). Files are named relative to the working
 * directory with forward slashes, standard input as `stdin`, URLs as given. Nothing else is
 * written; with no diagnostics the output is empty.
 */
export function* githubAnnotations(reports: readonly FileReport[], options: { cwd?: string } = {}): Generator<string> {
  for (const { file, result } of reports) {
    const path = reportPath(file, options.cwd).path;
    for (const d of result.diagnostics) {
      const properties = [
        `file=${escapeProperty(path)}`,
        `line=${d.line}`,
        `col=${d.column}`,
        `endLine=${d.endLine}`,
        `endColumn=${d.endColumn}`,
        `title=${escapeProperty(d.code)}`,
      ];
      yield `::${COMMAND[d.severity]} ${properties.join(",")}::${escapeData(d.message)}\n`;
    }
  }
}

export function formatGithub(reports: readonly FileReport[], options: { cwd?: string } = {}): string {
  return [...githubAnnotations(reports, options)].join("");
}
