/**
 * Numbers as the Go reference encoders write them (prometheus/common expfmt):
 * strconv.FormatFloat(f, 'g', -1, 64) with +Inf/-Inf/NaN, and OpenMetrics' variant that
 * appends ".0" to a number with neither "." nor "e".
 */
import { decimalOfNumber, type Decimal } from "../parser/decimal.js";

/** Go's shortest 'g' formatting: exponent form when the exponent is < -4 or ≥ 6 (at least two exponent digits). */
export function formatGoFloat(f: number): string {
  if (f === 0) return "0";
  if (f === 1) return "1";
  if (f === -1) return "-1";
  if (Number.isNaN(f)) return "NaN";
  if (f === Infinity) return "+Inf";
  if (f === -Infinity) return "-Inf";
  // the shortest digits that read back as f, like Go's shortest mode
  return formatGoDecimal(decimalOfNumber(f));
}

/** An exact decimal laid out as Go's 'g' format lays out its digits. */
export function formatGoDecimal(d: Decimal): string {
  const digits = d.digits;
  if (digits === "") return "0";
  const sign = d.negative ? "-" : "";
  const exp = digits.length - 1 + d.exponent;
  if (exp < -4 || exp >= 6) {
    const fraction = digits.length > 1 ? `.${digits.slice(1)}` : "";
    const magnitude = Math.abs(exp);
    return `${sign}${digits[0]}${fraction}e${exp < 0 ? "-" : "+"}${magnitude < 10 ? "0" : ""}${magnitude}`;
  }
  const point = exp + 1;
  if (point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${"0".repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** OpenMetrics float: like Go's, with ".0" added when the text has neither "." nor "e". */
export function formatOpenMetricsFloat(f: number): string {
  if (f === 0) return "0.0";
  if (f === 1) return "1.0";
  if (f === -1) return "-1.0";
  return withPoint(formatGoFloat(f));
}

/** An exact decimal as an OpenMetrics float. */
export function formatOpenMetricsDecimal(d: Decimal): string {
  return withPoint(formatGoDecimal(d));
}

function withPoint(text: string): string {
  return /[.eIN]/.test(text) ? text : `${text}.0`;
}

/** An unsigned count as Go's writeUint prints it (bucket counts, _count in OpenMetrics); a fraction keeps float form. */
export function formatCount(f: number): string {
  if (Number.isInteger(f) && f >= 0) return f < 1e21 ? BigInt(f).toString() : formatOpenMetricsFloat(f);
  return formatOpenMetricsFloat(f);
}
