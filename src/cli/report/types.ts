import type { FrameLines } from "../../diagnostics/code-frame.js";
import type { InputFormat } from "../../diagnostics/codes.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { Target } from "../../diagnostics/targets.js";
import type { ParseResult } from "../../parser/parse.js";

/** Where a scraped input came from. */
export interface ScrapeSource {
  url: string;
  status: number;
  contentType: string | undefined;
  bytes: number;
  durationMs: number;
}

/** Diagnostics found but not kept, past the cap (--max-diagnostics), by severity. */
export interface LeftOut {
  errors: number;
  warnings: number;
  infos: number;
}

/** What a report shows of one linted input: a whole parse or a stream's summary. */
export interface LintedInput {
  format: InputFormat;
  formatDetected: boolean;
  target: Target;
  /** False exactly when a diagnostic, kept or left out, has severity `error`. */
  valid: boolean;
  /** The diagnostics kept, in the order of the text. */
  diagnostics: Diagnostic[];
  leftOut: LeftOut;
  familyCount: number;
  samples: number;
  /** The lines of the diagnostics, for code frames. */
  lines: FrameLines;
}

export interface FileReport {
  /** The path, `<stdin>`, or the URL. */
  file: string;
  result: LintedInput;
  source?: ScrapeSource;
}

export const NOTHING_LEFT_OUT: LeftOut = { errors: 0, warnings: 0, infos: 0 };

/** A whole parse's result as a report shows it, keeping at most `cap` diagnostics. */
export function linted(result: ParseResult, cap = Number.POSITIVE_INFINITY): LintedInput {
  const kept = result.diagnostics.length > cap ? result.diagnostics.slice(0, cap) : result.diagnostics;
  const leftOut = { ...NOTHING_LEFT_OUT };
  for (let i = kept.length; i < result.diagnostics.length; i++) countInto(leftOut, result.diagnostics[i] as Diagnostic);
  return { format: result.format, formatDetected: result.formatDetected, target: result.target, valid: result.valid, diagnostics: kept, leftOut, familyCount: result.families.length, samples: result.samples, lines: result.lines };
}

export function countInto(leftOut: LeftOut, d: Diagnostic): void {
  if (d.severity === "error") leftOut.errors++;
  else if (d.severity === "warning") leftOut.warnings++;
  else leftOut.infos++;
}

/** Errors and warnings of an input, kept and left out. */
export function severityCounts(result: LintedInput): { errors: number; warnings: number } {
  let errors = result.leftOut.errors;
  let warnings = result.leftOut.warnings;
  for (const d of result.diagnostics) {
    if (d.severity === "error") errors++;
    else if (d.severity === "warning") warnings++;
  }
  return { errors, warnings };
}

/** `; 1,234 more diagnostics left out (12 errors, 1,222 warnings; --max-diagnostics)`, or "". */
export function leftOutNote(leftOut: LeftOut): string {
  const total = leftOut.errors + leftOut.warnings + leftOut.infos;
  if (total === 0) return "";
  const parts = [
    [leftOut.errors, "error"],
    [leftOut.warnings, "warning"],
    [leftOut.infos, "info"],
  ]
    .filter(([n]) => (n as number) > 0)
    .map(([n, what]) => `${(n as number).toLocaleString("en")} ${what}${n === 1 || what === "info" ? "" : "s"}`);
  return `${total.toLocaleString("en")} more ${total === 1 ? "diagnostic" : "diagnostics"} left out (${parts.join(", ")}; --max-diagnostics)`;
}
