import type { Code, InputFormat } from "./codes.js";
import { judge, verdictNote, type Diagnostic } from "./diagnostic.js";
import type { LineIndex } from "./line-index.js";
import type { Target } from "./targets.js";

/** Collects diagnostics for one input, judged for one target. */
export class Reporter {
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    readonly index: LineIndex,
    readonly format: InputFormat,
    readonly target: Target,
  ) {}

  report(code: Code, offset: number, length: number, message: string, hint?: string): void {
    const { severity, rejectedBy } = judge(code, this.format, this.target);
    const start = this.index.position(offset);
    const end = this.index.position(offset + Math.max(length, 1) - 1);
    const note = severity === "error" ? "" : verdictNote(rejectedBy);
    const diagnostic: Diagnostic = {
      code,
      severity,
      message: note ? `${message} (${note})` : message,
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column + 1,
      offset,
      length: Math.max(length, 1),
      rejectedBy,
    };
    if (hint) diagnostic.hint = hint;
    this.diagnostics.push(diagnostic);
  }
}
