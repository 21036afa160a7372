import { CODES, type Code, type InputFormat, type Severity } from "./codes.js";
import { joinTargetNames, TARGETS, type Target } from "./targets.js";

/**
 * A problem found in the input. Lines and columns are 1-based, columns count UTF-16 code
 * units (what JavaScript strings index); `offset` is 0-based into the parsed text.
 * `endLine`/`endColumn` point just past the last character of the span.
 */
export interface Diagnostic {
  /** A format code (docs/diagnostics.md) or a lint rule id (docs/rules.md). */
  code: Code | (string & {});
  severity: Severity;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  offset: number;
  length: number;
  /** The consumers that refuse the input because of this problem. */
  rejectedBy: readonly Target[];
  hint?: string;
}

/** The severity of `code` under `target`, and the consumers that reject it. */
export function judge(code: Code, format: InputFormat, target: Target): { severity: Severity; rejectedBy: readonly Target[] } {
  const info = CODES[code];
  const rejectedBy = info.rejectedBy[format];
  if (rejectedBy.includes(target)) return { severity: "error", rejectedBy };
  if (rejectedBy.length > 0) return { severity: "warning", rejectedBy };
  return { severity: info.otherwise, rejectedBy };
}

/** "accepted by Prometheus, rejected by the Pushgateway and promtool", for a lenient target's warning. */
export function verdictNote(rejectedBy: readonly Target[]): string {
  if (rejectedBy.length === 0 || rejectedBy.length === TARGETS.length) return "";
  const accepting = TARGETS.filter((t) => !rejectedBy.includes(t));
  return `accepted by ${joinTargetNames(accepting)}, rejected by ${joinTargetNames(rejectedBy)}`;
}
