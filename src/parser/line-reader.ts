import type { InputFormat } from "../diagnostics/codes.js";
import type { Positions } from "../diagnostics/line-index.js";
import { Reporter } from "../diagnostics/reporter.js";
import type { Target } from "../diagnostics/targets.js";
import { Assembler, type FamilySink } from "./assemble.js";
import { readLineFast } from "./fast-path.js";
import { readLineWithGrammar } from "./grammar.js";
import { LineRecord } from "./line-record.js";

/**
 * The one loop over lines that parse() and parseStream() share: each line is read by the fast
 * path or, failing that, the grammar, and handed to the assembler.
 */
export class LineReader {
  readonly reporter: Reporter;
  readonly assembler: Assembler;
  /** Lines read so far. */
  line = 0;
  /** Longer lines are reported as line-too-long and not read (streams only; parse() has the whole text anyway). */
  maxLineLength = Number.POSITIVE_INFINITY;
  /** Whether every character seen so far is NUL (see finish). */
  private onlyNul = true;
  private readonly rec = new LineRecord();

  constructor(
    format: InputFormat,
    target: Target,
    positions: Positions,
    private readonly fast: boolean,
    sink?: FamilySink,
  ) {
    this.reporter = new Reporter(positions, format, target);
    this.assembler = new Assembler(format, this.reporter, sink);
  }

  /** Counts a line that is not read, too long to be held (see ParseStream's maxLineLength), of which `head` was seen. */
  skipLine(lineStart: number, head: string): void {
    this.saw(head, 0, head.length);
    this.reportTooLong(lineStart, ++this.line);
  }

  /**
   * After the last line: the assembler's end-of-input checks, and what the input is when it is
   * no exposition at all: empty, or NUL bytes only. `end` is the input's length; `lastLine` the
   * text of its last line when that has no line feed.
   */
  finish(end: number, lastLine: string | undefined): void {
    this.assembler.finish(end, lastLine);
    if (end === 0) this.reporter.report("empty-input", 0, 1, "the input is empty: no families, no samples");
    else if (this.onlyNul) this.reporter.report("nul-input", 0, 1, `the input is ${end.toLocaleString("en")} NUL ${end === 1 ? "byte" : "bytes"} and nothing else (a zeroed or truncated file?)`);
  }

  private saw(text: string, from: number, to: number): void {
    if (!this.onlyNul) return;
    for (let i = from; i < to; i++) {
      if (text.charCodeAt(i) !== 0) {
        this.onlyNul = false;
        return;
      }
    }
  }

  private reportTooLong(lineStart: number, line: number): void {
    this.reporter.reportOnLine("line-too-long", lineStart, line, 1, `line ${line} is longer than ${this.maxLineLength.toLocaleString("en")} characters; promtext skips it unread (maxLineLength)`);
  }

  /**
   * Reads the lines of `text` from `from` (a line start) up to `to`, where the last line ends
   * (at a line feed, or at the end of the input). `base` is the absolute offset of `text[0]`;
   * the start of every line read is pushed onto `starts`, when given.
   */
  read(text: string, base: number, from: number, to: number, starts?: number[]): void {
    this.saw(text, from, to);
    const rec = this.rec;
    const assembler = this.assembler;
    rec.source = text;
    rec.sourceBase = base;
    let start = from;
    while (start < to) {
      let end = text.indexOf("\n", start);
      if (end === -1 || end > to) end = to;
      if (starts !== undefined) starts.push(base + start);
      const line = ++this.line;
      if (end - start > this.maxLineLength) {
        this.reportTooLong(base + start, line);
        start = end + 1;
        continue;
      }
      rec.reset(start, end);
      if (this.fast && readLineFast(text, start, end, rec)) {
        if (base !== 0) rec.shift(base);
      } else {
        rec.reset(base + start, base + end);
        const error = readLineWithGrammar(text.slice(start, end), base + start, rec);
        if (error !== undefined) {
          this.reporter.report(
            error.unterminated ? "label-value-unterminated" : error.unexpectedCharacter ? "unexpected-character" : "syntax-error",
            // "at the end of the line" is the line feed; the last line of the input may have none
            error.offset === base + end && text.charCodeAt(end) !== 10 ? error.offset - 1 : error.offset,
            error.length,
            error.message,
          );
          start = end + 1;
          continue;
        }
      }
      assembler.add(rec, line);
      start = end + 1;
    }
  }
}
