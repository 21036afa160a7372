/**
 * How Go spells things in the Pushgateway's answers, and Go strings in JavaScript.
 *
 * Go strings are bytes. A grouping label value taken from the URL (`%FF`, or `@base64/-_8`) can
 * be invalid UTF-8, and the gateway stores it as it is (notes §7.1). Here such a string is a JS
 * string in which every byte that is not part of valid UTF-8 is the lone surrogate
 * U+DC00+byte ("surrogateescape"): lossless, and a valid UTF-8 string never contains one.
 */
import { formatGoFloat } from "../serialize/float.js";

const ESCAPED_BYTE = 0xdc00;

/** Bytes → Go string (invalid UTF-8 bytes become U+DC80…U+DCFF, one per byte, as utf8.DecodeRune steps over them). */
export function bytesToGoString(bytes: Uint8Array): string {
  let out = "";
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b0 = bytes[i] as number;
    if (b0 < 0x80) {
      out += String.fromCharCode(b0);
      i++;
      continue;
    }
    const need = b0 >= 0xc2 && b0 <= 0xdf ? 1 : b0 >= 0xe0 && b0 <= 0xef ? 2 : b0 >= 0xf0 && b0 <= 0xf4 ? 3 : 0;
    let cp = need === 1 ? b0 & 0x1f : need === 2 ? b0 & 0x0f : b0 & 0x07;
    let ok = need > 0 && i + need < n;
    for (let k = 1; ok && k <= need; k++) {
      const b = bytes[i + k];
      if (b === undefined || (b & 0xc0) !== 0x80) ok = false;
      else {
        // the second byte's range excludes overlongs, surrogates and code points above U+10FFFF
        if (k === 1) {
          if (b0 === 0xe0 && b < 0xa0) ok = false;
          if (b0 === 0xed && b > 0x9f) ok = false;
          if (b0 === 0xf0 && b < 0x90) ok = false;
          if (b0 === 0xf4 && b > 0x8f) ok = false;
        }
        cp = (cp << 6) | (b & 0x3f);
      }
    }
    if (!ok) {
      out += String.fromCharCode(ESCAPED_BYTE + b0);
      i++;
      continue;
    }
    out += String.fromCodePoint(cp);
    i += need + 1;
  }
  return out;
}

/** Go string → bytes (the inverse of bytesToGoString; other lone surrogates become U+FFFD). */
export function goStringToBytes(s: string): Uint8Array {
  const out: number[] = [];
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (cp >= 0xdc80 && cp <= 0xdcff) out.push(cp - ESCAPED_BYTE);
    else if (cp >= 0xd800 && cp <= 0xdfff) out.push(0xef, 0xbf, 0xbd);
    else if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  }
  return Uint8Array.from(out);
}

/** utf8.ValidString: no escaped byte (no lone surrogate) in the string. */
export function isValidUtf8(s: string): boolean {
  return !/[\ud800-\udfff]/u.test(s);
}

/** Go's `<` on strings: byte order, which for UTF-8 is code point order (escaped bytes sort as their byte). */
export function compareGoStrings(a: string, b: string): number {
  if (a === b) return 0;
  const x = goStringToBytes(a);
  const y = goStringToBytes(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
  return x.length - y.length;
}

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** strconv.Quote (also fmt's %q and %#v of a string): printable runes as they are, the rest escaped. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (cp >= 0xdc80 && cp <= 0xdcff) out += `\\x${(cp - ESCAPED_BYTE).toString(16).padStart(2, "0")}`;
    else if (ch === '"' || ch === "\\") out += `\\${ch}`;
    else if (PRINTABLE.test(ch)) out += ch;
    else if (cp === 7) out += "\\a";
    else if (cp === 8) out += "\\b";
    else if (cp === 12) out += "\\f";
    else if (cp === 10) out += "\\n";
    else if (cp === 13) out += "\\r";
    else if (cp === 9) out += "\\t";
    else if (cp === 11) out += "\\v";
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, "0")}`;
    else if (cp >= 0xd800 && cp <= 0xdfff) out += "\\ufffd";
    else if (cp < 0x10000) out += `\\u${cp.toString(16).padStart(4, "0")}`;
    else out += `\\U${cp.toString(16).padStart(8, "0")}`;
  }
  return `${out}"`;
}

/** fmt's %v of a float64 (fmt.Sprint): shortest 'g', `+Inf`, `-Inf`, `NaN`, and `-0` for negative zero. */
export function goFloatV(f: number): string {
  if (Object.is(f, -0)) return "-0";
  return formatGoFloat(f);
}

/**
 * A float64 converted to uint64 as Go 1.19 does it on amd64 (the parser's `uint64(value)` for
 * counts): truncation toward zero, negative values wrap around, and NaN, ±Inf and values that
 * do not fit give 2^63.
 */
export function goFloatToUint64(f: number): bigint {
  const TWO63 = 2n ** 63n;
  const TWO64 = 2n ** 64n;
  const cutoff = 2 ** 63;
  if (f < cutoff) {
    const t = Math.trunc(f);
    if (!Number.isFinite(t) || t < -cutoff) return TWO63;
    const v = BigInt(t);
    return v < 0n ? v + TWO64 : v;
  }
  const y = f - cutoff;
  if (!(y < cutoff)) return TWO63; // NaN, +Inf, ≥ 2^64: the indefinite integer, OR-ed with 2^63
  return BigInt(Math.trunc(y)) | TWO63;
}
