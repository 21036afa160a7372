/**
 * Why a text that JSON.parse refused is not JSON, in one line with its position: "unexpected `x`
 * at line 3 column 5", "it ends inside an array, at line 1 column 29". V8's own message quotes
 * the input across several lines and, in Node 20, names no position. Line and column are
 * 1-based, the column in UTF-16 code units. The scan keeps its nesting in an array, not on the
 * call stack, so no depth of brackets overflows it. Undefined for a text that is JSON.
 */
export function jsonSyntaxError(text: string): string | undefined {
  const fault = firstError(text);
  if (fault === undefined) return undefined;
  const { offset, inside } = fault;
  const { line, column } = lineAndColumn(text, offset);
  if (offset >= text.length) return `it ends ${inside === undefined ? "before any value" : `inside ${inside}`}, at line ${line} column ${column}`;
  const found = String.fromCodePoint(text.codePointAt(offset) as number);
  return `unexpected ${found === "`" ? '"`"' : `\`${found}\``} at line ${line} column ${column}`;
}

const OBJECT = 123;
const ARRAY = 91;

interface SyntaxErrorAt {
  offset: number;
  /** What the text ends inside of, when it ends too early. */
  inside?: string;
}

function firstError(text: string): SyntaxErrorAt | undefined {
  const open: number[] = [];
  let i = 0;
  let inString = false;
  const code = () => text.charCodeAt(i);
  const skipSpace = () => {
    for (let c = code(); c === 32 || c === 9 || c === 10 || c === 13; c = code()) i++;
  };
  const error = (): SyntaxErrorAt => {
    const top = open[open.length - 1];
    const inside = inString ? "a string" : top === OBJECT ? "an object" : top === ARRAY ? "an array" : undefined;
    return inside === undefined ? { offset: i } : { offset: i, inside };
  };
  /** A string from its opening quote; false where it breaks off (i is then at the fault). */
  const string = (): boolean => {
    inString = true;
    i++;
    for (;;) {
      const c = code();
      if (Number.isNaN(c) || c < 0x20) return false;
      i++;
      if (c === 34) {
        inString = false;
        return true;
      }
      if (c !== 92) continue;
      const e = code();
      if (e === 117) {
        i++;
        for (let k = 0; k < 4; k++, i++) if (!/[0-9a-fA-F]/.test(text[i] ?? "")) return false;
      } else if ('"\\/bfnrt'.includes(text[i] ?? "x")) i++;
      else return false;
    }
  };
  const digits = (): boolean => {
    const from = i;
    for (let c = code(); c >= 48 && c <= 57; c = code()) i++;
    return i > from;
  };
  const number = (): boolean => {
    if (code() === 45) i++;
    if (code() === 48) i++;
    else if (!digits()) return false;
    if (code() === 46) {
      i++;
      if (!digits()) return false;
    }
    if (code() === 101 || code() === 69) {
      i++;
      if (code() === 43 || code() === 45) i++;
      if (!digits()) return false;
    }
    return true;
  };
  /** A key and its colon; false where that breaks off. */
  const key = (): boolean => {
    skipSpace();
    if (code() !== 34 || !string()) return false;
    skipSpace();
    if (code() !== 58) return false;
    i++;
    return true;
  };

  for (;;) {
    skipSpace();
    const c = code();
    if (c === OBJECT || c === ARRAY) {
      open.push(c);
      i++;
      skipSpace();
      if (code() === (c === OBJECT ? 125 : 93)) {
        open.pop();
        i++;
      } else if (c === OBJECT && !key()) return error();
      else continue;
    } else if (c === 34) {
      if (!string()) return error();
    } else if (c === 45 || (c >= 48 && c <= 57)) {
      if (!number()) return error();
    } else if (text.startsWith("true", i) || text.startsWith("null", i)) i += 4;
    else if (text.startsWith("false", i)) i += 5;
    else return error();

    for (;;) {
      skipSpace();
      const top = open[open.length - 1];
      if (top === undefined) return i < text.length ? error() : undefined;
      const next = code();
      if (next === 44) {
        i++;
        if (top === OBJECT && !key()) return error();
        break;
      }
      if (next !== (top === OBJECT ? 125 : 93)) return error();
      open.pop();
      i++;
    }
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let at = text.indexOf("\n"); at !== -1 && at < offset; at = text.indexOf("\n", at + 1)) {
    line++;
    start = at + 1;
  }
  return { line, column: offset - start + 1 };
}
