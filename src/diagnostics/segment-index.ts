import type { Positions } from "./line-index.js";

/** A run of whole lines of a stream, and where each of them starts (absolute offsets). */
interface Segment {
  text: string;
  base: number;
  /** Where the segment ends: past `text` for a line too long to keep, of which `text` is the beginning. */
  end: number;
  firstLine: number;
  starts: number[];
}

/**
 * Lines and columns for a stream: it holds only the recent segments of the text (those the
 * parser may still report on) and forgets the rest, so its size follows the open family, not
 * the input. Lines pinned by number (the starts of families kept as metadata) are answered
 * after their segment is gone.
 */
export class SegmentIndex implements Positions {
  private segments: Segment[] = [];
  private readonly pinned = new Map<number, number>();
  private lines = 0;

  get lineCount(): number {
    return this.lines;
  }

  /** Adds the next segment; `starts` is filled by the reader as it reads its lines. */
  add(text: string, base: number): number[] {
    const starts: number[] = [];
    this.segments.push({ text, base, end: base + text.length, firstLine: this.lines + 1, starts });
    return starts;
  }

  /** A line of `length` characters (with its line feed) at `base`, of which only `head` is kept. */
  addLongLine(head: string, base: number, length: number): void {
    this.segments.push({ text: head, base, end: base + length, firstLine: this.lines + 1, starts: [base] });
    this.lines++;
  }

  /** Call after the reader has read the segment's lines. */
  counted(): void {
    const last = this.segments[this.segments.length - 1];
    if (last) this.lines = last.firstLine - 1 + last.starts.length;
  }

  /** Forgets the segments that end before `offset`, keeping the last one. */
  forgetBefore(offset: number): void {
    let drop = 0;
    while (drop < this.segments.length - 1) {
      const s = this.segments[drop] as Segment;
      if (s.end > offset) break;
      drop++;
    }
    if (drop > 0) this.segments = this.segments.slice(drop);
  }

  pin(line: number, start: number): void {
    this.pinned.set(line, start);
  }

  position(offset: number): { line: number; column: number; offset: number } {
    const segment = this.segmentOfOffset(offset);
    if (segment === undefined) return { line: 1, column: offset + 1, offset };
    const starts = segment.starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: segment.firstLine + lo, column: offset - (starts[lo] ?? segment.base) + 1, offset };
  }

  lineStart(line: number): number {
    const segment = this.segmentOfLine(line);
    if (segment !== undefined) return segment.starts[line - segment.firstLine] as number;
    return this.pinned.get(line) ?? Number.NaN;
  }

  /** Whether the index still holds the line's text. */
  holds(line: number): boolean {
    return this.segmentOfLine(line) !== undefined;
  }

  /** The text of a line the index still holds, or "". */
  lineText(line: number): string {
    const segment = this.segmentOfLine(line);
    if (segment === undefined) return "";
    const i = line - segment.firstLine;
    const start = (segment.starts[i] as number) - segment.base;
    const next = segment.starts[i + 1];
    let end = next === undefined ? segment.text.length : next - segment.base - 1;
    if (next === undefined && segment.end === segment.base + segment.text.length && segment.text.charCodeAt(end - 1) === 10) end--;
    return segment.text.slice(start, end);
  }

  private segmentOfOffset(offset: number): Segment | undefined {
    for (let i = this.segments.length - 1; i >= 0; i--) {
      const s = this.segments[i] as Segment;
      if (s.base <= offset && s.starts.length > 0) return s;
    }
    return undefined;
  }

  private segmentOfLine(line: number): Segment | undefined {
    for (let i = this.segments.length - 1; i >= 0; i--) {
      const s = this.segments[i] as Segment;
      if (line >= s.firstLine && line < s.firstLine + s.starts.length) return s;
    }
    return undefined;
  }
}
