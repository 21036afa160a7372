import { UsageError } from "./inputs.js";

const SIZE_UNITS: Record<string, number> = { "": 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, gib: 1024 ** 3 };

/** `10MB`, `512KB`, `1.5MiB`, `1048576`: bytes, the units powers of 1024 as in Prometheus' body_size_limit. */
export function parseByteSize(text: string, option: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  const unit = m ? SIZE_UNITS[(m[2] ?? "").toLowerCase()] : undefined;
  if (!m || unit === undefined) throw new UsageError(`${option} takes a size such as 10MB, 512KB or 1048576; got "${text}"`);
  return Math.round(Number(m[1]) * unit);
}

/** A size for messages: `256 MiB`, `1.5 KiB`, `100 bytes`. */
export function describeByteSize(bytes: number): string {
  for (const [size, unit] of [
    [1024 ** 3, "GiB"],
    [1024 ** 2, "MiB"],
    [1024, "KiB"],
  ] as const) {
    if (bytes >= size) return `${Number((bytes / size).toFixed(2))} ${unit}`;
  }
  return `${bytes} bytes`;
}

/** The cap on an HTTP response body read by promtext (a scrape, a gateway's answer), as `--max-bytes` sets it. */
export const DEFAULT_MAX_BODY_BYTES = 256 * 1024 ** 2;
export const DEFAULT_MAX_BODY_TEXT = "256MiB";
