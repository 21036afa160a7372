import type { Code, InputFormat } from "./codes.js";
import { judge, verdictNote, type Diagnostic } from "./diagnostic.js";
import type { Positions } from "./line-index.js";
import { safeMessage } from "./message.js";
import type { Target } from "./targets.js";

interface Position {
  line: number;
  column: number;
  offset: number;
}

/** Collects diagnostics for one input, judged for one target. */
export class Reporter {
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    readonly index: Positions,
    readonly format: InputFormat,
    readonly target: Target,
  ) {}

  report(code: Code, offset: number, length: number, message: string, hint?: string): void {
    this.add(code, this.index.position(offset), this.index.position(offset + Math.max(length, 1) - 1), length, message, hint);
  }

  /** A report on a line known by number (at `column`, by default its start), which a stream may no longer hold. */
  reportOnLine(code: Code, offset: number, line: number, length: number, message: string, column = 1): void {
    const width = Math.max(length, 1);
    this.add(code, { line, column, offset }, { line, column: column + width - 1, offset: offset + width - 1 }, length, message);
  }

  private add(code: Code, start: Position, end: Position, length: number, message: string, hint?: string): void {
    const { severity, rejectedBy } = judge(code, this.format, this.target);
    const offset = start.offset;
    const note = severity === "error" ? "" : verdictNote(rejectedBy);
    const diagnostic: Diagnostic = {
      code,
      severity,
      message: safeMessage(note ? `${message} (${note})` : message),
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
