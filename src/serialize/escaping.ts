/**
 * Prometheus 3 metric and label name escaping, ported from prometheus/common `model/metric.go`
 * (`EscapeName`, `UnescapeName`, `ValidationScheme.IsValidMetricName`/`IsValidLabelName`,
 * `EscapeMetricFamily`; snapshot d2417e2cbb82). See `../shared/notes/formats.md` §C2–C3.
 *
 * Go works on UTF-8 bytes and ranges over runes; these functions work on JavaScript strings and
 * iterate code points, so an emoji (two UTF-16 units, one rune) is one character here too.
 *
 * Invalid UTF-8: a JavaScript string cannot hold invalid bytes; its analogue is a lone surrogate
 * (what `TextEncoder` would write as U+FFFD). Each lone surrogate is treated as one invalid byte,
 * i.e. as the rune Go's `range` loop yields for it, U+FFFD (`utf8.RuneError`).
 */

/** The `escaping=` values of content negotiation (Go: `NoEscaping`, `UnderscoreEscaping`, `DotsEscaping`, `ValueEncodingEscaping`). */
export type EscapingScheme = "allow-utf-8" | "underscores" | "dots" | "values";

export const ESCAPING_SCHEMES: readonly EscapingScheme[] = Object.freeze(["allow-utf-8", "underscores", "dots", "values"] as const);

const LEGACY_METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LEGACY_LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const LONE_SURROGATE = /\p{Cs}/u;
const UTF8_DECODER = new TextDecoder("utf-8", { fatal: true });

/** The replacement character Go's `range` yields for each invalid UTF-8 byte. */
const RUNE_ERROR = 0xfffd;
const UNDERSCORE = 0x5f;
const DOT = 0x2e;

/** Legacy metric-name validity (`LegacyValidation.IsValidMetricName`): `[a-zA-Z_:][a-zA-Z0-9_:]*`. */
export function isValidLegacyMetricName(name: string): boolean {
  return LEGACY_METRIC_NAME.test(name);
}

/** Legacy label-name validity (`LegacyValidation.IsValidLabelName`): `[a-zA-Z_][a-zA-Z0-9_]*` (no colon). */
export function isValidLegacyLabelName(name: string): boolean {
  return LEGACY_LABEL_NAME.test(name);
}

/**
 * UTF-8 validity (`UTF8Validation`), the same for metric and label names: non-empty and valid
 * UTF-8. A string is valid when it has no lone surrogate; bytes are valid when they decode as
 * UTF-8 without error (overlong forms, encoded surrogates and code points above U+10FFFF are
 * rejected, as Go's `utf8.ValidString` rejects them).
 */
export function isValidUtf8Name(name: string | Uint8Array): boolean {
  if (name.length === 0) return false;
  if (typeof name === "string") return !LONE_SURROGATE.test(name);
  try {
    UTF8_DECODER.decode(name);
    return true;
  } catch {
    return false;
  }
}

/** Go's `isValidLegacyRune`: a letter, `_`, `:`, or a digit anywhere but first. */
function isLegacyRune(cp: number, first: boolean): boolean {
  return (
    (cp >= 0x61 && cp <= 0x7a) || // a-z
    (cp >= 0x41 && cp <= 0x5a) || // A-Z
    cp === UNDERSCORE ||
    cp === 0x3a || // :
    (cp >= 0x30 && cp <= 0x39 && !first)
  );
}

/** Code points of `s` as Go's `range` would yield them: lone surrogates become U+FFFD. */
function* runes(s: string): Generator<number> {
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? RUNE_ERROR;
    yield cp >= 0xd800 && cp <= 0xdfff ? RUNE_ERROR : cp;
  }
}

/** Go's `utf8.ValidRune`: in range and not a surrogate. */
function isValidRune(cp: number): boolean {
  return cp >= 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff);
}

function badScheme(scheme: never): never {
  throw new TypeError(`invalid escaping scheme ${String(scheme)}`);
}

/**
 * Escapes a name with `scheme` (Go `EscapeName`); does not validate it. The empty string is
 * returned as is.
 *
 * - `allow-utf-8`: unchanged.
 * - `underscores`: legacy-valid names unchanged; otherwise every code point outside the legacy
 *   set (and a leading digit) becomes one `_`. Lossy.
 * - `dots`: applied even to legacy-valid names: `_` → `__`, `.` → `_dot_`, any other invalid code
 *   point (or leading digit) → `__`.
 * - `values`: legacy-valid names unchanged; otherwise `U__` + the name with `_` → `__` and each
 *   invalid code point → `_<lowercase hex>_` (`mysystem.prod` → `U__mysystem_2e_prod`).
 *   Invalid UTF-8 (a lone surrogate here) comes out as `_fffd_`: Go's `range` turns an invalid
 *   byte into U+FFFD, a valid rune, so its `_FFFD_` branch is never reached for strings.
 */
export function escapeName(name: string, scheme: EscapingScheme): string {
  if (name.length === 0) return name;
  switch (scheme) {
    case "allow-utf-8":
      return name;
    case "underscores": {
      if (isValidLegacyMetricName(name)) return name;
      let out = "";
      let first = true;
      for (const cp of runes(name)) {
        out += isLegacyRune(cp, first) ? String.fromCodePoint(cp) : "_";
        first = false;
      }
      return out;
    }
    case "dots": {
      let out = "";
      let first = true;
      for (const cp of runes(name)) {
        if (cp === UNDERSCORE) out += "__";
        else if (cp === DOT) out += "_dot_";
        else if (isLegacyRune(cp, first)) out += String.fromCodePoint(cp);
        else out += "__";
        first = false;
      }
      return out;
    }
    case "values": {
      if (isValidLegacyMetricName(name)) return name;
      let out = "U__";
      let first = true;
      for (const cp of runes(name)) {
        if (cp === UNDERSCORE) out += "__";
        else if (isLegacyRune(cp, first)) out += String.fromCodePoint(cp);
        else out += `_${cp.toString(16)}_`;
        first = false;
      }
      return out;
    }
    default:
      return badScheme(scheme);
  }
}

/** The value of one hex digit, as Go's `lower(c)` + range checks compute it, or -1. */
function hexDigit(unit: number): number {
  // Go lowers with `c | ('x' - 'X')`, so the control characters U+0010–U+0019 also pass as
  // digits 0–9 (and `A`–`F` as `a`–`f`); ported as is.
  const r = unit | 0x20;
  if (r >= 0x30 && r <= 0x39) return r - 0x30;
  if (r >= 0x61 && r <= 0x66) return r - 0x61 + 10;
  return -1;
}

/**
 * Reverses {@link escapeName} where possible (Go `UnescapeName`); on any malformed input the
 * name is returned unchanged.
 *
 * - `allow-utf-8`, `underscores`: unchanged (underscore replacement cannot be undone).
 * - `dots`: `_dot_` → `.`, then `__` → `_` (lossy for other replaced characters).
 * - `values`: only names starting with `U__`; after the prefix `__` → `_` and `_<hex>_` → that
 *   code point (hex digits in either case). Malformed → the input: a single `_` not followed by
 *   `_` or hex, a code without its closing `_` (`U__my__hack_2e`), six or more hex digits (so
 *   U+100000–U+10FFFF, which escape to six digits, do not round-trip, as in Go), a surrogate
 *   or out-of-range code point. A legacy-valid name that starts with `U__` is unescaped too.
 */
export function unescapeName(name: string, scheme: EscapingScheme): string {
  if (name.length === 0) return name;
  switch (scheme) {
    case "allow-utf-8":
    case "underscores":
      return name;
    case "dots":
      return name.replaceAll("_dot_", ".").replaceAll("__", "_");
    case "values": {
      if (!name.startsWith("U__")) return name;
      const escaped = name.slice(3);
      let out = "";
      let i = 0;
      // Works on UTF-16 units: everything but `_` and the hex digits after it is copied verbatim,
      // as Go copies bytes, so surrogate pairs (and lone surrogates) pass through unchanged.
      while (i < escaped.length) {
        const unit = escaped.charCodeAt(i);
        if (unit !== UNDERSCORE) {
          out += escaped[i];
          i++;
          continue;
        }
        i++;
        if (i >= escaped.length) return name;
        if (escaped.charCodeAt(i) === UNDERSCORE) {
          out += "_";
          i++;
          continue;
        }
        let value = 0;
        let closed = false;
        for (let digits = 0; i < escaped.length; digits++) {
          // More hex digits than Go's loop allows (it stops at six, before looking for `_`).
          if (digits >= 6) return name;
          if (escaped.charCodeAt(i) === UNDERSCORE) {
            if (!isValidRune(value)) return name;
            out += String.fromCodePoint(value);
            i++;
            closed = true;
            break;
          }
          const d = hexDigit(escaped.charCodeAt(i));
          if (d < 0) return name;
          value = value * 16 + d;
          i++;
        }
        if (!closed) return name;
      }
      return out;
    }
    default:
      return badScheme(scheme);
  }
}

/**
 * Escapes a name the way Go's `EscapeMetricFamily` treats names at exposition time: names that
 * pass the legacy *metric-name* rule are kept as they are, others go through {@link escapeName}.
 *
 * Go applies that metric-name rule to label names too, so a label name with a colon (`a:b`,
 * not a valid legacy label name) is passed through unescaped; this function does the same. It
 * also means that under `dots` a legacy-valid name keeps its single underscores here, whereas
 * `escapeName(name, "dots")` doubles them. The same rule applies to the family name and the
 * `__name__` label value, so this function serves for those as well.
 */
export function escapeLabelName(name: string, scheme: EscapingScheme): string {
  if (scheme === "allow-utf-8" || isValidLegacyMetricName(name)) return name;
  return escapeName(name, scheme);
}
