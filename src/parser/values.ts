/**
 * Numbers and escapes as the reference parsers read them.
 */
import { decimalToNumber, readDecimal, shiftDecimal } from "./decimal.js";

/** The result of reading a float: the number, or why it is not one. */
export type FloatResult = number | "syntax" | "range";

/** 10^0 … 10^15, each exact in a double. */
const POWERS_OF_TEN = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Go's strconv.ParseFloat without hex floats and underscores (both Go parsers reject `p`, `P`
 * and `_` first): decimal with optional sign, fraction and exponent, or Inf/Infinity/NaN in
 * any case (a sign is allowed on Inf, not on NaN). Overflow is an error, as in Go.
 */
export function parseFloatGo(text: string): FloatResult {
  const n = text.length;
  let i = 0;
  let c = text.charCodeAt(0);
  if (c === 43 || c === 45) {
    i = 1;
    c = text.charCodeAt(1);
  }
  if (i >= n) return "syntax";
  if (!isDigit(c) && c !== 46) {
    const word = text.slice(i).toLowerCase();
    if (word === "inf" || word === "infinity") return text.charCodeAt(0) === 45 ? -Infinity : Infinity;
    if (word === "nan" && i === 0) return NaN;
    return "syntax";
  }
  let digits = 0;
  let integer = 0;
  let fractionDigits = 0;
  while (i < n && isDigit((c = text.charCodeAt(i)))) {
    integer = integer * 10 + (c - 48);
    i++;
    digits++;
  }
  if (i < n && text.charCodeAt(i) === 46) {
    i++;
    const fractionStart = i;
    while (i < n && isDigit((c = text.charCodeAt(i)))) {
      integer = integer * 10 + (c - 48);
      i++;
      digits++;
    }
    fractionDigits = i - fractionStart;
  }
  // most values have at most 15 digits and no exponent: the digits, summed as an integer, are
  // exact in a double, and one division by an exact power of ten (by 1 for an integer) is
  // correctly rounded, the double nearest to the decimal, as Number() gives (Clinger's fast path)
  if (i === n && digits > 0 && digits <= 15) {
    const value = integer / (POWERS_OF_TEN[fractionDigits] as number);
    return text.charCodeAt(0) === 45 ? -value : value;
  }
  if (digits === 0) return "syntax";
  if (i < n) {
    c = text.charCodeAt(i);
    if (c !== 101 && c !== 69) return "syntax";
    i++;
    c = text.charCodeAt(i);
    if (c === 43 || c === 45) i++;
    let expDigits = 0;
    while (i < n && isDigit(text.charCodeAt(i))) {
      i++;
      expDigits++;
    }
    if (expDigits === 0 || i < n) return "syntax";
  }
  const value = Number(text);
  if (!Number.isFinite(value)) return "range";
  return value;
}

/** A text-format timestamp: a decimal int64 of milliseconds, with an optional sign (expfmt's ParseInt). */
export function parseIntTimestamp(text: string): { ms: number; signed: boolean } | undefined {
  const signed = text.charCodeAt(0) === 43 || text.charCodeAt(0) === 45;
  const start = signed ? 1 : 0;
  if (text.length === start || text.length - start > 19) return undefined;
  for (let i = start; i < text.length; i++) if (!isDigit(text.charCodeAt(i))) return undefined;
  const big = BigInt(text);
  if (big > 9223372036854775807n || big < -9223372036854775808n) return undefined;
  return { ms: Number(text), signed };
}

/**
 * OpenMetrics timestamps are seconds as a real number. Converted to milliseconds exactly, by
 * moving the exponent of the decimal in the text and rounding once, so `1520879607.789` is
 * exactly 1520879607789; beyond a double's range the result is ±Infinity (or ±0).
 */
export function secondsTextToMs(text: string): number {
  const d = readDecimal(text);
  return d === undefined ? Number(text) * 1000 : decimalToNumber(shiftDecimal(d, 3));
}

/** The result of unescaping: the text, and the offset (within the raw text) of the first escape not in `allowed`. */
export interface Unescaped {
  text: string;
  badEscapeAt: number;
}

/**
 * Decodes `\\`, `\n` and, when `quote` is set, `\"`. Any other escape is kept as written and
 * its position returned, for the consumers that reject it.
 */
export function unescape(raw: string, quote: boolean): Unescaped {
  let at = raw.indexOf("\\");
  if (at === -1) return { text: raw, badEscapeAt: -1 };
  let out = "";
  let from = 0;
  let badEscapeAt = -1;
  while (at !== -1) {
    out += raw.slice(from, at);
    const next = raw[at + 1];
    if (next === "\\") out += "\\";
    else if (next === "n") out += "\n";
    else if (next === '"' && quote) out += '"';
    else {
      if (badEscapeAt === -1) badEscapeAt = at;
      out += next === undefined ? "\\" : `\\${next}`;
    }
    from = at + 2;
    at = from < raw.length ? raw.indexOf("\\", from) : -1;
  }
  if (from < raw.length) out += raw.slice(from);
  return { text: out, badEscapeAt };
}
