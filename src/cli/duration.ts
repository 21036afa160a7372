import { UsageError } from "./inputs.js";

/** `10s`, `500ms`, `1m`, `1.5s` or a bare number of seconds, in milliseconds. */
export function parseDuration(text: string, option: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) throw new UsageError(`${option} takes a duration such as 10s, 500ms or 1m; got "${text}"`);
  const n = Number(m[1]);
  const unit = m[2] ?? "s";
  return Math.round(n * (unit === "ms" ? 1 : unit === "s" ? 1000 : unit === "m" ? 60_000 : 3_600_000));
}
