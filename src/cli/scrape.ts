import type { InputFormat } from "../diagnostics/codes.js";
import { BodyTooLarge, bodyChunks } from "./body.js";
import { displayUrl, withoutCredentials } from "./display-url.js";
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
  /** The cap on the body, counted after gzip decompression (default 256 MiB). */
  maxBytes?: number;
  /** The option that sets the cap, named in the error (default --max-bytes). */
  maxBytesOption?: string;
}

/** The parser Prometheus 3 picks for a Content-Type: by media type only, parameters ignored. */
export function formatOfContentType(contentType: string | undefined): InputFormat | undefined {
  if (contentType === undefined) return undefined;
  const media = contentType.split(";")[0]?.trim().toLowerCase();
  if (media === "application/openmetrics-text") return "openmetrics";
  if (media === "text/plain") return "prometheus";
  return undefined;
}

/** `Name: value` from the command line. A malformed one is not echoed: it may hold a secret. */
export function parseHeader(header: string): [string, string] {
  const at = header.indexOf(":");
  if (at <= 0) throw new UsageError(`-H takes "Name: value", e.g. "Authorization: Bearer …"; got a value without a header name`);
  return [header.slice(0, at).trim(), header.slice(at + 1).trim()];
}

/** An error with the scrape itself (network, timeout, HTTP status, size, redirects): one line, exit 2. */
export class ScrapeError extends UsageError {}

/** Prometheus follows redirects as Go's HTTP client does: it stops at the 10th. */
export const MAX_REDIRECTS = 10;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const SENSITIVE_HEADERS = new Set(["authorization", "www-authenticate", "cookie", "cookie2"]);

/** Whether a header is set, under any spelling of its name (`name` in lower case). */
export function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((k) => k.toLowerCase() === name);
}

/**
 * Fetches a target as a Prometheus 3 scrape does: its Accept header, gzip, at most 10 redirects,
 * a timeout over the whole exchange (the body too), and a cap on the body, decompressed. A
 * `user:password@` in the URL is sent as Basic authentication and never shown.
 */
export async function scrape(url: string, options: ScrapeOptions): Promise<Scrape> {
  const open = await openScrape(url, options);
  const chunks: Uint8Array[] = [];
  for await (const chunk of open.body) chunks.push(chunk);
  return { url, status: open.status, contentType: open.contentType, format: open.format, bytes: Buffer.concat(chunks), durationMs: open.durationMs() };
}

/** A scrape whose answer has arrived but whose body is still to be read, chunk by chunk (with scrape's cap and timeout). */
export interface OpenScrape {
  status: number;
  contentType: string | undefined;
  format: InputFormat | undefined;
  body: AsyncIterable<Uint8Array>;
  /** Bytes of the body read so far, decompressed. */
  bytesRead(): number;
  /** Milliseconds from the request to the body's end (or until now, while it is read). */
  durationMs(): number;
}

export async function openScrape(url: string, options: ScrapeOptions): Promise<OpenScrape> {
  const started = performance.now();
  const shown = displayUrl(url);
  const signal = AbortSignal.timeout(options.timeoutMs);
  let headers: Record<string, string> = { Accept: PROMETHEUS_ACCEPT, "Accept-Encoding": "gzip", "User-Agent": "promtext", ...options.headers };
  let target = url;
  // Basic authentication from a URL's user:password@, kept while redirects stay on its host
  let authorization: string | undefined;
  let response: Response;
  for (let requests = 1; ; requests++) {
    const request = withoutCredentials(target);
    authorization = request.authorization ?? authorization;
    const sent = authorization !== undefined && !hasHeader(headers, "authorization") ? { ...headers, Authorization: authorization } : headers;
    try {
      response = await fetch(request.url, { headers: sent, signal, redirect: "manual" });
    } catch (error) {
      throw new ScrapeError(`cannot scrape ${shown}: ${describeFetchError(error, options.timeoutMs)}`);
    }
    const location = REDIRECT_STATUSES.has(response.status) ? response.headers.get("location") : null;
    if (location === null) break;
    await response.body?.cancel();
    if (requests === MAX_REDIRECTS) throw new ScrapeError(`cannot scrape ${shown}: stopped after ${MAX_REDIRECTS} redirects (Prometheus follows at most ${MAX_REDIRECTS})`);
    let next: URL;
    try {
      next = new URL(location, request.url);
    } catch {
      throw new ScrapeError(`cannot scrape ${shown}: HTTP ${response.status} redirects to an invalid Location`);
    }
    if (next.host !== new URL(request.url).host) {
      // as Go's client does: credentials go only to the host they were given for
      headers = Object.fromEntries(Object.entries(headers).filter(([name]) => !SENSITIVE_HEADERS.has(name.toLowerCase())));
      authorization = undefined;
    }
    target = next.href;
  }
  if (response.status < 200 || response.status > 299) {
    await response.body?.cancel();
    throw new ScrapeError(`cannot scrape ${shown}: HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}`);
  }
  let read = 0;
  let finished: number | undefined;
  async function* body(answer: Response): AsyncGenerator<Uint8Array> {
    try {
      for await (const chunk of bodyChunks(answer, options.maxBytes, options.maxBytesOption)) {
        read += chunk.byteLength;
        yield chunk;
      }
      finished = performance.now();
    } catch (error) {
      if (error instanceof BodyTooLarge) throw new ScrapeError(`cannot scrape ${shown}: ${error.message}`);
      throw new ScrapeError(`cannot read the response of ${shown}: ${describeFetchError(error, options.timeoutMs)}`);
    }
  }
  const contentType = response.headers.get("content-type") ?? undefined;
  return {
    status: response.status,
    contentType,
    format: formatOfContentType(contentType),
    body: body(response),
    bytesRead: () => read,
    durationMs: () => (finished ?? performance.now()) - started,
  };
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
