import { decimalOfNumber, decimalToNumber, floorDecimal, readDecimal, shiftDecimal, type Decimal } from "../parser/decimal.js";
import { formatOpenMetricsDecimal, formatOpenMetricsFloat } from "./float.js";

const INTEGER = /^[+-]?\d+$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * A timestamp's exact value in milliseconds. The model keeps the double (`ms`) and the text as
 * written: milliseconds in text 0.0.4, seconds in OpenMetrics. While the text still reads as
 * `ms` it is the exact value (a double cannot hold 2^53 + 1 ms or 1e307 s); otherwise, after an
 * edit of `ms` or for a model built by hand, the double is. Undefined for a non-finite `ms` that
 * no text explains.
 */
export function exactMilliseconds(ms: number, text: string | undefined): Decimal | undefined {
  if (text !== undefined) {
    const written = readDecimal(text);
    if (written !== undefined) {
      if (INTEGER.test(text) && Number.isFinite(ms) && Number(text) === ms) return written;
      const fromSeconds = shiftDecimal(written, 3);
      if (decimalToNumber(fromSeconds) === ms) return fromSeconds;
    }
  }
  return Number.isFinite(ms) ? decimalOfNumber(ms) : undefined;
}

/** OpenMetrics seconds: the exact value moved by three places, in Go's float format; reads back as the same timestamp. */
export function openMetricsSeconds(ms: number, text: string | undefined): string {
  const exact = exactMilliseconds(ms, text);
  return exact === undefined ? formatOpenMetricsFloat(ms / 1000) : formatOpenMetricsDecimal(shiftDecimal(exact, -3));
}

/**
 * Text 0.0.4 milliseconds: an int64, cut to whole milliseconds (toward −∞) when the value has a
 * fraction; undefined when the value is no int64.
 */
export function textMilliseconds(ms: number, text: string | undefined): { text: string; cut: boolean } | undefined {
  const exact = exactMilliseconds(ms, text);
  if (exact === undefined) return undefined;
  const whole = floorDecimal(exact, 19);
  if (whole === undefined || whole < INT64_MIN || whole > INT64_MAX) return undefined;
  return { text: whole.toString(), cut: exact.exponent < 0 };
}
