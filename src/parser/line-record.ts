/**
 * What one line says, before any meaning is given to it: the output of both line readers
 * (the chevrotain grammar and the fast path) and the input of the assembler. One record is
 * reused for every line, so reading a line allocates only the strings it slices.
 * Offsets are absolute (into the whole text, or the whole stream); -1 means absent. Names,
 * label values and HELP text are kept raw (still escaped, without their quotes). The line
 * itself is `source` from `sourceBase` on: the whole text, or the stream's current segment.
 */
export const enum LineKind {
  Blank,
  Comment,
  Help,
  Type,
  Unit,
  Eof,
  Sample,
}

export class LineRecord {
  kind: LineKind = LineKind.Blank;
  start = 0;
  end = 0;

  // metadata lines (HELP/TYPE/UNIT) and comments
  metaName = "";
  metaNameStart = -1;
  metaNameQuoted = false;
  /** The rest of the line after the metadata name, with its separator; or a comment's text. */
  textStart = -1;

  // sample lines
  name = "";
  nameStart = -1;
  nameQuoted = false;
  /** Where a second metric name was given, if one was. */
  secondNameAt = -1;
  braceStart = -1;
  labelCount = 0;
  labelNames: string[] = [];
  labelNameStarts: number[] = [];
  labelNameQuoted: boolean[] = [];
  labelValues: string[] = [];
  labelValueStarts: number[] = [];
  missingCommaAt = -1;
  trailingCommaAt = -1;
  valueText = "";
  /**
   * The value when it is a plain integer (digits, no leading zero, at most 15): valueText is then
   * "" and the text is String(valueInteger); else NaN (a double from the start, so that the
   * record's shape does not change at the first integer past 2³¹, which deoptimizes every
   * function that reads it).
   */
  valueInteger = NaN;
  valueStart = -1;
  timestampText = "";
  timestampStart = -1;

  /** Where the exemplar's `#` is; its labels follow the sample's in the label arrays. */
  exemplarStart = -1;
  exemplarLabelCount = 0;
  exemplarValueText = "";
  exemplarValueStart = -1;
  exemplarTimestampText = "";
  exemplarTimestampStart = -1;

  /** First gap between tokens that is not what OpenMetrics wants (one space, or none). */
  omSpaceAt = -1;
  /** Blanks at the end of a sample line. */
  trailingSpaceAt = -1;

  /**
   * The fast path's memory of names it has read and found well-formed, kept across resets: the
   * sample name of its last sample line, and the label names of that line by place. A line
   * that repeats them is read without a scan, and reuses the strings.
   */
  knownName = "";
  knownLabelNames: string[] = [];
  /**
   * The text of the fast path's last sample line with labels, from its start to the opening
   * quote of its last label's value; "" once a known name changes. A line that starts with it
   * has that line's name and labels but the last (knownPrefixLabels of them: knownLabelNames,
   * knownPrefixValues), at the same places from the line start (knownPrefixOffsets: name and
   * value of each, and of the last label too).
   */
  knownPrefix = "";
  knownPrefixLabels = 0;
  knownPrefixValues: string[] = [];
  knownPrefixOffsets: number[] = [];

  /** The string the line is in, and the absolute offset of its first character. */
  source = "";
  sourceBase = 0;

  /** The text between two absolute offsets of this line. */
  slice(from: number, to: number): string {
    return this.source.slice(from - this.sourceBase, to - this.sourceBase);
  }

  charCodeAt(at: number): number {
    return this.source.charCodeAt(at - this.sourceBase);
  }

  /** Moves every offset by `delta`: the readers work in `source`, the assembler in absolute offsets. */
  shift(delta: number): void {
    this.start += delta;
    this.end += delta;
    if (this.metaNameStart !== -1) this.metaNameStart += delta;
    if (this.textStart !== -1) this.textStart += delta;
    if (this.nameStart !== -1) this.nameStart += delta;
    if (this.secondNameAt !== -1) this.secondNameAt += delta;
    if (this.braceStart !== -1) this.braceStart += delta;
    for (let i = 0, n = this.labelCount + this.exemplarLabelCount; i < n; i++) {
      this.labelNameStarts[i] = (this.labelNameStarts[i] as number) + delta;
      this.labelValueStarts[i] = (this.labelValueStarts[i] as number) + delta;
    }
    if (this.missingCommaAt !== -1) this.missingCommaAt += delta;
    if (this.trailingCommaAt !== -1) this.trailingCommaAt += delta;
    if (this.valueStart !== -1) this.valueStart += delta;
    if (this.timestampStart !== -1) this.timestampStart += delta;
    if (this.exemplarStart !== -1) this.exemplarStart += delta;
    if (this.exemplarValueStart !== -1) this.exemplarValueStart += delta;
    if (this.exemplarTimestampStart !== -1) this.exemplarTimestampStart += delta;
    if (this.omSpaceAt !== -1) this.omSpaceAt += delta;
    if (this.trailingSpaceAt !== -1) this.trailingSpaceAt += delta;
  }

  reset(start: number, end: number): void {
    this.kind = LineKind.Blank;
    this.start = start;
    this.end = end;
    this.metaName = "";
    this.metaNameStart = -1;
    this.metaNameQuoted = false;
    this.textStart = -1;
    this.name = "";
    this.nameStart = -1;
    this.nameQuoted = false;
    this.secondNameAt = -1;
    this.braceStart = -1;
    this.labelCount = 0;
    this.missingCommaAt = -1;
    this.trailingCommaAt = -1;
    this.valueText = "";
    this.valueInteger = NaN;
    this.valueStart = -1;
    this.timestampText = "";
    this.timestampStart = -1;
    this.exemplarStart = -1;
    this.exemplarLabelCount = 0;
    this.exemplarValueText = "";
    this.exemplarValueStart = -1;
    this.exemplarTimestampText = "";
    this.exemplarTimestampStart = -1;
    this.omSpaceAt = -1;
    this.trailingSpaceAt = -1;
  }

  addLabel(name: string, nameStart: number, quoted: boolean, value: string, valueStart: number): void {
    const i = this.labelCount + this.exemplarLabelCount;
    this.labelNames[i] = name;
    this.labelNameStarts[i] = nameStart;
    this.labelNameQuoted[i] = quoted;
    this.labelValues[i] = value;
    this.labelValueStarts[i] = valueStart;
    if (this.exemplarStart === -1) this.labelCount++;
    else this.exemplarLabelCount++;
  }

  /** Sets the sample's value as written: a plain integer is kept as its number (see valueInteger). */
  setValueText(text: string): void {
    const integer = plainInteger(text, 0, text.length);
    if (Number.isNaN(integer)) this.valueText = text;
    else this.valueInteger = integer;
  }

  /** The sample's value as written. */
  textOfValue(): string {
    return Number.isNaN(this.valueInteger) ? this.valueText : String(this.valueInteger);
  }

  /** A plain object with what the line says, for tests comparing the two readers. */
  snapshot(): Record<string, unknown> {
    const labels = [];
    for (let i = 0; i < this.labelCount + this.exemplarLabelCount; i++) {
      labels.push([this.labelNames[i], this.labelNameStarts[i], this.labelNameQuoted[i], this.labelValues[i], this.labelValueStarts[i]]);
    }
    const scalars: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(this)) if (!Array.isArray(value) && !key.startsWith("known") && key !== "source" && key !== "sourceBase") scalars[key] = value;
    return { ...scalars, labels };
  }
}

/**
 * `text` from `from` to `to` as a plain integer, or NaN: digits only, no leading zero, at most
 * 15 of them, so that the number is exact and String() writes the text again.
 */
export function plainInteger(text: string, from: number, to: number): number {
  const n = to - from;
  if (n === 0 || n > 15 || (n > 1 && text.charCodeAt(from) === 48)) return NaN;
  let integer = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return NaN;
    integer = integer * 10 + (c - 48);
  }
  return integer;
}
