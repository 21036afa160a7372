import type { InputFormat } from "../diagnostics/codes.js";
import { UsageError } from "./inputs.js";

/** The Accept header of a Prometheus scrape (prometheus/prometheus scrape.go, as its TestAcceptHeader asserts). */
export const PROMETHEUS_ACCEPT =
  "application/openmetrics-text;version=1.0.0;escaping=underscores;q=0.6,application/openmetrics-text;version=0.0.1;q=0.5,text/plain;version=1.0.0;escaping=underscores;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2";

export interface Scrape {
  url: string;
  status: number;
  contentType: string | undefined;
  /** The format the Content-Type selects, as Prometheus 3 chooses its parser; undefined when it selects none. */
  format: InputFormat | undefined;
  bytes: Uint8Array;
  durationMs: number;
}

export interface ScrapeOptions {
  timeoutMs: number;
  headers: Record<string, string>;
}

/** The parser Prometheus 3 picks for a Content-Type: by media type only, parameters ignored. */
export function formatOfContentType(contentType: string | undefined): InputFormat | undefined {
  if (contentType === undefined) return undefined;
  const media = contentType.split(";")[0]?.trim().toLowerCase();
  if (media === "application/openmetrics-text") return "openmetrics";
  if (media === "text/plain") return "prometheus";
  return undefined;
}

/** `Name: value` from the command line. */
export function parseHeader(header: string): [string, string] {
  const at = header.indexOf(":");
  if (at <= 0) throw new UsageError(`-H ${header}: expected "Name: value"`);
  return [header.slice(0, at).trim(), header.slice(at + 1).trim()];
}

/** An error with the scrape itself (network, timeout, HTTP status): one line, exit 2. */
export class ScrapeError extends UsageError {}

/** Fetches a target as a Prometheus 3 scrape does: its Accept header, gzip, a timeout. */
export async function scrape(url: string, options: ScrapeOptions): Promise<Scrape> {
  const started = performance.now();
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { Accept: PROMETHEUS_ACCEPT, "Accept-Encoding": "gzip", "User-Agent": "promtext", ...options.headers },
      signal: AbortSignal.timeout(options.timeoutMs),
      redirect: "follow",
    });
  } catch (error) {
    throw new ScrapeError(`cannot scrape ${url}: ${describeFetchError(error, options.timeoutMs)}`);
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    throw new ScrapeError(`cannot read the response of ${url}: ${describeFetchError(error, options.timeoutMs)}`);
  }
  if (response.status < 200 || response.status > 299) {
    throw new ScrapeError(`cannot scrape ${url}: HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}`);
  }
  const contentType = response.headers.get("content-type") ?? undefined;
  return { url, status: response.status, contentType, format: formatOfContentType(contentType), bytes, durationMs: performance.now() - started };
}

/** Why a fetch failed, in a few words: a time-out, a refused connection, an unknown host… */
export function describeFetchError(error: unknown, timeoutMs: number): string {
  const e = error as Error & { cause?: { code?: string; message?: string } };
  if (e.name === "TimeoutError" || e.name === "AbortError") return `no complete answer within ${timeoutMs} ms (--timeout)`;
  const code = e.cause?.code;
  if (code === "ECONNREFUSED") return "connection refused";
  if (code === "ENOTFOUND") return "host not found";
  if (code === "ECONNRESET") return "connection reset";
  return e.cause?.message ?? e.message;
}
