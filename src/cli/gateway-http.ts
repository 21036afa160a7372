import { BodyTooLarge, readBody } from "./body.js";
import { DEFAULT_MAX_BODY_BYTES } from "./byte-size.js";
import { displayUrl, withoutCredentials } from "./display-url.js";
import { UsageError } from "./inputs.js";
import { describeFetchError, hasHeader, parseHeader } from "./scrape.js";

/** How to reach a Pushgateway: its base URL (without credentials: it is shown in messages), headers (auth), a timeout, a cap on answers. */
export interface GatewayConnection {
  base: string;
  headers: Record<string, string>;
  timeoutMs: number;
  maxBytes: number;
}

/** A failure to talk to the gateway (network, timeout, an answer over the cap): one line, exit 2. */
export class GatewayError extends UsageError {}

/** The connection for `--gateway`; a `user:password@` in it is sent as Basic authentication, as `--user` is. */
export function connection(gateway: string, headers: string[] | undefined, user: string | undefined, timeoutMs: number, maxBytes = DEFAULT_MAX_BODY_BYTES): GatewayConnection {
  if (!/^https?:\/\//i.test(gateway)) throw new UsageError(`--gateway must be an http(s):// URL; got "${displayUrl(gateway)}"`);
  const { url, authorization } = withoutCredentials(gateway);
  const all: Record<string, string> = Object.fromEntries((headers ?? []).map(parseHeader));
  if (user !== undefined) {
    if (!user.includes(":")) throw new UsageError("--user takes user:password");
    for (const name of Object.keys(all)) if (name.toLowerCase() === "authorization") delete all[name];
    all["Authorization"] = `Basic ${Buffer.from(user).toString("base64")}`;
  } else if (authorization !== undefined && !hasHeader(all, "authorization")) all["Authorization"] = authorization;
  return { base: url.replace(/\/+$/, ""), headers: all, timeoutMs, maxBytes };
}

export interface GatewayAnswer {
  status: number;
  body: string;
}

/** One request to the gateway; network failures, time-outs and answers over the cap become a GatewayError. */
export async function request(conn: GatewayConnection, method: string, path: string, body?: Uint8Array | string, contentType?: string): Promise<GatewayAnswer> {
  const url = `${conn.base}${path}`;
  try {
    const headers: Record<string, string> = { "User-Agent": "promtext", ...conn.headers };
    if (contentType !== undefined) headers["Content-Type"] = contentType;
    const init: RequestInit = { method, headers, signal: AbortSignal.timeout(conn.timeoutMs), redirect: "manual" };
    if (body !== undefined) init.body = body;
    const response = await fetch(url, init);
    return { status: response.status, body: new TextDecoder().decode(await readBody(response, conn.maxBytes)) };
  } catch (error) {
    if (error instanceof BodyTooLarge) throw new GatewayError(`the Pushgateway at ${conn.base} answered ${method} ${path}: ${error.message}`);
    throw new GatewayError(`cannot reach the Pushgateway at ${conn.base}: ${describeFetchError(error, conn.timeoutMs)}`);
  }
}
