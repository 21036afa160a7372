/** What diagnostics need of a text: lines and columns of offsets, and the lines themselves. */
export interface Positions {
  readonly lineCount: number;
  position(offset: number): { line: number; column: number; offset: number };
  lineStart(line: number): number;
  lineText(line: number): string;
}

/** Line starts of a text, to turn 0-based offsets into 1-based lines and columns on demand. */
export class LineIndex implements Positions {
  /** Given, or found in the text when first needed (most parses report nothing). */
  private found: number[] | undefined;

  constructor(readonly text: string, starts?: number[]) {
    this.found = starts;
  }

  private get starts(): number[] {
    if (this.found !== undefined) return this.found;
    const found = [0];
    const text = this.text;
    let at = text.indexOf("\n");
    while (at !== -1) {
      found.push(at + 1);
      at = text.indexOf("\n", at + 1);
    }
    return (this.found = found);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** 1-based line of an offset. */
  lineOf(offset: number): number {
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  lineStart(line: number): number {
    return this.starts[line - 1] ?? this.text.length;
  }

  position(offset: number): { line: number; column: number; offset: number } {
    const line = this.lineOf(offset);
    return { line, column: offset - this.lineStart(line) + 1, offset };
  }

  /** The text of a 1-based line, without its line feed. */
  lineText(line: number): string {
    const start = this.lineStart(line);
    const next = this.starts[line];
    const end = next === undefined ? this.text.length : next - 1;
    return this.text.slice(start, end);
  }
}
