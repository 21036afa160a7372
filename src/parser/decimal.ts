/**
 * Decimal numerals as exact values: `digits × 10^exponent`, so that a timestamp can move
 * between seconds and milliseconds, or be written again, without a rounding step and without
 * spelling out its exponent (`0e500000000` is three digits of work, not 500 MB of zeros).
 */

/** An exact decimal: `(negative ? -1 : 1) × digits × 10^exponent`; `digits` has no leading or trailing zeros ("" is zero). */
export interface Decimal {
  negative: boolean;
  digits: string;
  exponent: number;
}

/**
 * Exponents beyond this are all alike for a double (overflow or zero). A value's exponent is
 * clamped to it, so that `exponent + digits.length` stays a safe integer for any string length,
 * and a clamped value written and read again is the same value.
 */
const EXPONENT_LIMIT = 1e15;

const NUMERAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?)(\d+))?$/;

/** The exact value of a decimal numeral (`[+-]digits[.digits][e[+-]digits]`), or undefined for anything else. */
export function readDecimal(text: string): Decimal | undefined {
  const m = NUMERAL.exec(text);
  if (m === null) return undefined;
  const intPart = m[2] ?? "";
  const frac = m[3] ?? "";
  if (intPart === "" && frac === "") return undefined;
  const negative = m[1] === "-";
  const expDigits = (m[5] ?? "0").replace(/^0+(?=\d)/, "");
  let exponent = expDigits.length > 16 ? 10 * EXPONENT_LIMIT : Number(expDigits);
  if (m[4] === "-") exponent = -exponent;
  const d = normalize(negative, intPart + frac, exponent - frac.length);
  d.exponent = Math.min(EXPONENT_LIMIT, Math.max(-EXPONENT_LIMIT, d.exponent));
  return d;
}

/** Strips leading zeros and moves trailing zeros into the exponent. */
function normalize(negative: boolean, raw: string, exponent: number): Decimal {
  let start = 0;
  while (start < raw.length && raw.charCodeAt(start) === 48) start++;
  let end = raw.length;
  while (end > start && raw.charCodeAt(end - 1) === 48) end--;
  if (start === end) return { negative, digits: "", exponent: 0 };
  return { negative, digits: raw.slice(start, end), exponent: exponent + (raw.length - end) };
}

/** The value times 10^shift. */
export function shiftDecimal(d: Decimal, shift: number): Decimal {
  return d.digits === "" ? d : { negative: d.negative, digits: d.digits, exponent: d.exponent + shift };
}

/** The double nearest to the value (±Infinity beyond the range, ±0 below it), by one correctly rounded conversion. */
export function decimalToNumber(d: Decimal): number {
  const sign = d.negative ? -1 : 1;
  if (d.digits === "") return sign * 0;
  const magnitude = d.digits.length + d.exponent; // the value is below 10^magnitude and at least 10^(magnitude-1)
  if (magnitude > 310) return sign * Infinity;
  if (magnitude < -330) return sign * 0;
  return Number(`${d.negative ? "-" : ""}${d.digits}e${d.exponent}`);
}

/** The shortest decimal that reads back as `f` (finite): the digits JavaScript prints for it. */
export function decimalOfNumber(f: number): Decimal {
  const text = Math.abs(f).toExponential();
  const at = text.indexOf("e");
  const mantissa = text.slice(0, at).replace(".", "");
  return normalize(f < 0 || Object.is(f, -0), mantissa, Number(text.slice(at + 1)) - (mantissa.length - 1));
}

/**
 * The integer part toward −∞ (floor) as a bigint, when it lies within ±10^maxDigits; undefined
 * beyond (so a huge exponent never becomes a huge number of digits).
 */
export function floorDecimal(d: Decimal, maxDigits: number): bigint | undefined {
  if (d.digits === "") return 0n;
  const intLength = d.digits.length + d.exponent;
  if (intLength > maxDigits) return undefined;
  let magnitude: bigint;
  let fraction: boolean;
  if (d.exponent >= 0) {
    magnitude = BigInt(d.digits) * 10n ** BigInt(d.exponent);
    fraction = false;
  } else {
    magnitude = intLength > 0 ? BigInt(d.digits.slice(0, intLength)) : 0n;
    fraction = true; // normalized digits end in a nonzero digit, so a negative exponent leaves a fraction
  }
  if (!d.negative) return magnitude;
  return fraction ? -magnitude - 1n : -magnitude;
}

/** A key that is the same for two numerals exactly when they are the same value (`0100` and `100`, `1.50` and `1.5e0`). */
export function decimalKey(text: string | undefined): string {
  if (text === undefined) return "";
  const d = readDecimal(text);
  if (d === undefined) return text;
  return d.digits === "" ? "0" : `${d.negative ? "-" : ""}${d.digits}e${d.exponent}`;
}
