import { LineKind, plainInteger, type LineRecord } from "./line-record.js";

/**
 * A hand-written reader for the well-formed lines that make up nearly every real payload:
 * `name{label="value",…} value [timestamp]`, `# HELP name text`, `# TYPE name type`,
 * `# UNIT name unit`, `# EOF` and empty lines, all with single spaces. It fills the record
 * exactly as the grammar would (a property test checks this) and returns false, having
 * decided nothing, on any line it does not fully understand; such lines go to the grammar,
 * which stays the one definition of what is valid.
 */
export function readLineFast(text: string, start: number, end: number, rec: LineRecord): boolean {
  if (start === end) {
    rec.kind = LineKind.Blank;
    return true;
  }
  const c = text.charCodeAt(start);
  if (c === 35 /* # */) return readMetadata(text, start, end, rec);
  let i: number;
  if (rec.knownPrefix !== "" && text.startsWith(rec.knownPrefix, start)) {
    i = readAfterKnownPrefix(text, start, end, rec);
    if (i < 0) return false;
  } else {
    i = afterKnown(text, start, end, rec.knownName);
    if (i === -1) {
      if (!isNameStart(c)) return false;
      i = start + 1;
      while (i < end && isNameChar(text.charCodeAt(i))) i++;
      rec.knownName = text.slice(start, i);
      rec.knownPrefix = "";
    }
    if (i < end && text.charCodeAt(i) === 123 /* { */) {
      rec.braceStart = i;
      i = readLabels(text, i + 1, end, rec, -1);
      if (i < 0) return false;
      rememberPrefix(text, start, rec);
    }
  }
  rec.kind = LineKind.Sample;
  rec.name = rec.knownName;
  rec.nameStart = start;
  if (i >= end || text.charCodeAt(i) !== 32) return false;
  i++;
  const valueStart = i;
  if (rec.braceStart === -1 && text.charCodeAt(i) === 123) return false; // `name {…}`: a label set after a blank
  // a scan, not indexOf: a line's value is short, and the next space may be far into the next line
  let space = valueStart;
  while (space < end) {
    const ch = text.charCodeAt(space);
    if (ch === 32) break;
    if (ch === 9) return false;
    space++;
  }
  if (space === valueStart) return false;
  // most values are plain integers: kept as the number, their text made again only if it is asked for
  const integer = plainInteger(text, valueStart, space);
  if (Number.isNaN(integer)) rec.valueText = text.slice(valueStart, space);
  else rec.valueInteger = integer;
  rec.valueStart = valueStart;
  if (space === end) return true;
  const tsStart = space + 1;
  if (tsStart >= end) return false;
  const first = text.charCodeAt(tsStart);
  if (first === 35 || first === 32 || first === 9) return false;
  const timestampText = text.slice(tsStart, end);
  if (timestampText.includes(" ") || timestampText.includes("\t")) return false;
  rec.timestampText = timestampText;
  rec.timestampStart = tsStart;
  return true;
}

/**
 * The line starts with the known prefix (see LineRecord.knownPrefix): its name (knownName)
 * and all its labels but the last are those of the line the prefix was taken from, and its
 * last label's name too. Fills in the labels and reads on from that label's value; returns the
 * offset after `}`, or -1.
 */
function readAfterKnownPrefix(text: string, start: number, end: number, rec: LineRecord): number {
  rec.braceStart = start + rec.knownName.length;
  const offsets = rec.knownPrefixOffsets;
  const before = rec.knownPrefixLabels;
  for (let k = 0; k < before; k++) {
    rec.addLabel(rec.knownLabelNames[k] as string, start + (offsets[2 * k] as number), false, rec.knownPrefixValues[k] as string, start + (offsets[2 * k + 1] as number));
  }
  const after = readLabels(text, start + (offsets[2 * before] as number), end, rec, start + rec.knownPrefix.length - 1);
  if (after >= 0 && (rec.labelCount !== before + 1 || rec.knownPrefix === "")) rememberPrefix(text, start, rec);
  return after;
}

/**
 * After a sample line with labels that the fast path read: its text up to the value of its
 * last label becomes the known prefix, unless it is that already.
 */
function rememberPrefix(text: string, start: number, rec: LineRecord): void {
  const last = rec.labelCount - 1;
  if (last < 0) return; // `name{}`
  const quote = rec.labelValueStarts[last] as number;
  const prefix = rec.knownPrefix;
  if (prefix.length === quote + 1 - start && rec.knownPrefixLabels === last && text.startsWith(prefix, start)) return;
  rec.knownPrefix = text.slice(start, quote + 1);
  rec.knownPrefixLabels = last;
  for (let k = 0; k <= last; k++) {
    rec.knownPrefixOffsets[2 * k] = (rec.labelNameStarts[k] as number) - start;
    rec.knownPrefixOffsets[2 * k + 1] = (rec.labelValueStarts[k] as number) - start;
    if (k < last) rec.knownPrefixValues[k] = rec.labelValues[k] as string;
  }
}

/**
 * Reads `label="value",…}` from just after `{`; returns the offset after `}`, or -1. With
 * `valueQuote` (not -1) it begins within a label, at the opening quote of its value: the label
 * is the next one, its name the known name of its place, written at `i`.
 */
function readLabels(text: string, i: number, end: number, rec: LineRecord, valueQuote: number): number {
  if (valueQuote === -1 && i < end && text.charCodeAt(i) === 125 /* } */) return i + 1;
  const known = rec.knownLabelNames;
  for (;;) {
    const nameStart = i;
    const k = rec.labelCount;
    let name = known[k];
    let valueStart = valueQuote;
    if (valueStart !== -1) valueQuote = -1;
    else {
      i = name === undefined ? -1 : afterKnown(text, i, end, name);
      if (i === -1) {
        i = nameStart;
        if (i >= end || !isLabelNameStart(text.charCodeAt(i))) return -1;
        i++;
        while (i < end && isLabelNameChar(text.charCodeAt(i))) i++;
        name = known[k] = text.slice(nameStart, i);
        rec.knownPrefix = "";
      }
      if (i + 1 >= end || text.charCodeAt(i) !== 61 /* = */ || text.charCodeAt(i + 1) !== 34 /* " */) return -1;
      valueStart = i + 1;
    }
    i = closingQuote(text, valueStart + 1, end);
    if (i === -1) return -1;
    rec.addLabel(name as string, nameStart, false, sliceAgain(text, valueStart + 1, i, rec.labelValues[k]), valueStart);
    i++;
    if (i >= end) return -1;
    const sep = text.charCodeAt(i);
    if (sep === 125) return i + 1;
    if (sep !== 44 /* , */) return -1;
    i++;
    if (i < end && text.charCodeAt(i) === 125) return -1; // trailing comma: the grammar reports it
  }
}

/** The offset of the `"` that ends a quoted string whose text starts at `from`, before `end`; -1 if none. A backslash escapes the character after it. */
function closingQuote(text: string, from: number, end: number): number {
  for (let q = text.indexOf('"', from); q !== -1 && q < end; q = text.indexOf('"', q + 1)) {
    let backslashes = 0;
    while (q - backslashes - 1 >= from && text.charCodeAt(q - backslashes - 1) === 92 /* \ */) backslashes++;
    if ((backslashes & 1) === 0) return q;
  }
  return -1;
}

function readMetadata(text: string, start: number, end: number, rec: LineRecord): boolean {
  if (end - start < 5 || text.charCodeAt(start + 1) !== 32) return false;
  const k = start + 2;
  if (text.startsWith("EOF", k) && k + 3 === end) {
    rec.kind = LineKind.Eof;
    return true;
  }
  let kind: LineKind;
  if (text.startsWith("HELP ", k)) kind = LineKind.Help;
  else if (text.startsWith("TYPE ", k)) kind = LineKind.Type;
  else if (text.startsWith("UNIT ", k)) kind = LineKind.Unit;
  else return false;
  const nameStart = k + 5;
  let i = nameStart;
  while (i < end) {
    const ch = text.charCodeAt(i);
    if (ch === 32 || ch === 9 || ch === 34) break;
    i++;
  }
  if (i === nameStart) return false;
  if (i < end && text.charCodeAt(i) !== 32) return false;
  rec.kind = kind;
  rec.metaName = text.slice(nameStart, i);
  rec.metaNameStart = nameStart;
  if (i < end) rec.textStart = i;
  return true;
}

/**
 * The offset after `name` when the text at `at` is that name, ending there (the next character
 * is none of a name's); else -1. `name` is one the fast path read and found well-formed.
 */
function afterKnown(text: string, at: number, end: number, name: string): number {
  const after = at + name.length;
  if (name === "" || after > end || !text.startsWith(name, at)) return -1;
  return after < end && isNameChar(text.charCodeAt(after)) ? -1 : after;
}

/**
 * `text.slice(start, end)`, or `previous` (the string the record held at this place for the
 * line before) when it is the same text: consecutive lines repeat names and label values, and
 * reusing the string saves an allocation per label.
 */
function sliceAgain(text: string, start: number, end: number, previous: string | undefined): string {
  return previous !== undefined && previous.length === end - start && text.startsWith(previous, start) ? previous : text.slice(start, end);
}

function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 58;
}
function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57);
}
function isLabelNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}
function isLabelNameChar(c: number): boolean {
  return isLabelNameStart(c) || (c >= 48 && c <= 57);
}
