import { UsageError } from "./inputs.js";
import { describeFetchError, parseHeader } from "./scrape.js";

/** How to reach a Pushgateway: its base URL, headers (auth), a timeout. */
export interface GatewayConnection {
  base: string;
  headers: Record<string, string>;
  timeoutMs: number;
}

/** A failure to talk to the gateway (network, timeout): one line, exit 2. */
export class GatewayError extends UsageError {}

export function connection(gateway: string, headers: string[] | undefined, user: string | undefined, timeoutMs: number): GatewayConnection {
  if (!/^https?:\/\//i.test(gateway)) throw new UsageError(`--gateway must be an http(s):// URL; got "${gateway}"`);
  const all: Record<string, string> = Object.fromEntries((headers ?? []).map(parseHeader));
  if (user !== undefined) {
    if (!user.includes(":")) throw new UsageError("--user takes user:password");
    all["Authorization"] = `Basic ${Buffer.from(user).toString("base64")}`;
  }
  return { base: gateway.replace(/\/+$/, ""), headers: all, timeoutMs };
}

export interface GatewayAnswer {
  status: number;
  body: string;
}

/** One request to the gateway; network failures and time-outs become a GatewayError. */
export async function request(conn: GatewayConnection, method: string, path: string, body?: Uint8Array | string, contentType?: string): Promise<GatewayAnswer> {
  const url = `${conn.base}${path}`;
  try {
    const headers: Record<string, string> = { "User-Agent": "promtext", ...conn.headers };
    if (contentType !== undefined) headers["Content-Type"] = contentType;
    const init: RequestInit = { method, headers, signal: AbortSignal.timeout(conn.timeoutMs), redirect: "manual" };
    if (body !== undefined) init.body = body;
    const response = await fetch(url, init);
    return { status: response.status, body: await response.text() };
  } catch (error) {
    throw new GatewayError(`cannot reach the Pushgateway at ${conn.base}: ${describeFetchError(error, conn.timeoutMs)}`);
  }
}
