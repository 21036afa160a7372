/**
 * Replays a script of requests (replay.py's steps.json shape) against the model and reports
 * what `replay.py --predict` reads: per step status, class and body, then the final
 * GET /metrics — normalized as replay.py normalizes a real gateway's answers unless `raw`.
 */
import { gzipSync } from "node:zlib";
import { applyRequest, createGateway, scrapeMetrics, type GatewayState } from "./gateway.js";
import { normalizeBody, normalizeMetrics } from "./replay-format.js";

export interface ScriptStep {
  method: string;
  path: string;
  contentType?: string | null;
  body?: string | null;
  bodyBase64?: string | null;
  gzip?: boolean;
  headers?: Record<string, string>;
}

export interface SimulatedStep {
  status: number;
  class: string;
  body: string;
  location?: string;
  /** Other answers Go's map order could give (normalized like body). */
  variants?: { status: number; class: string; body: string }[];
}

export interface Simulation {
  steps: SimulatedStep[];
  finalStatus: number;
  finalMetrics: string;
  /** The final GET /metrics in the other map order, when it differs (e.g. which group's HELP wins). */
  finalVariants?: { status: number; metrics: string }[];
}

export class ScriptError extends Error {}

function isStringRecord(v: unknown): v is Record<string, string> {
  return v !== null && typeof v === "object" && !Array.isArray(v) && Object.values(v).every((x) => typeof x === "string");
}

/** Checks a parsed script; throws ScriptError naming the first bad step. */
export function validateScript(script: unknown): ScriptStep[] {
  if (!Array.isArray(script)) throw new ScriptError("the script must be a JSON array of steps");
  script.forEach((step: unknown, i) => {
    const where = `step ${i + 1}`;
    if (step === null || typeof step !== "object" || Array.isArray(step)) throw new ScriptError(`${where}: must be an object`);
    const s = step as Record<string, unknown>;
    if (typeof s["method"] !== "string" || !/^[A-Za-z]+$/.test(s["method"])) throw new ScriptError(`${where}: "method" must be an HTTP method name`);
    if (typeof s["path"] !== "string" || s["path"] === "") throw new ScriptError(`${where}: "path" must be a non-empty string`);
    for (const key of ["contentType", "body", "bodyBase64"]) {
      if (s[key] !== undefined && s[key] !== null && typeof s[key] !== "string") throw new ScriptError(`${where}: "${key}" must be a string or null`);
    }
    if (typeof s["bodyBase64"] === "string" && !/^[A-Za-z0-9+/]*={0,2}$/.test(s["bodyBase64"].replace(/\s/g, ""))) throw new ScriptError(`${where}: "bodyBase64" is not base64`);
    if (s["gzip"] !== undefined && typeof s["gzip"] !== "boolean") throw new ScriptError(`${where}: "gzip" must be true or false`);
    if (s["headers"] !== undefined && s["headers"] !== null && !isStringRecord(s["headers"])) throw new ScriptError(`${where}: "headers" must be an object of strings`);
  });
  return script as ScriptStep[];
}

export interface SimulateOptions {
  /** The state to start from (default: an empty 1.5.1 gateway). */
  state?: GatewayState;
  /** Unix seconds; called once per step (kept strictly increasing). Default: the wall clock. */
  clock?: () => number;
  /** Bodies as the gateway sent them, not normalized. */
  raw?: boolean;
}

/** The bytes and headers replay.py would send for a step. */
export function stepRequest(step: ScriptStep): { body: Uint8Array; headers: Record<string, string> } {
  let body: Uint8Array = new Uint8Array();
  if (typeof step.bodyBase64 === "string") body = new Uint8Array(Buffer.from(step.bodyBase64, "base64"));
  else if (typeof step.body === "string") body = new TextEncoder().encode(step.body);
  const headers: Record<string, string> = { ...(step.headers ?? {}) };
  if (step.gzip) {
    body = new Uint8Array(gzipSync(body));
    headers["Content-Encoding"] = "gzip";
  }
  return { body, headers };
}

export function simulate(steps: readonly ScriptStep[], options: SimulateOptions = {}): Simulation {
  let state = options.state ?? createGateway();
  const clock = options.clock ?? (() => (performance.timeOrigin + performance.now()) / 1000);
  let last = -Infinity;
  const out: SimulatedStep[] = [];
  for (const step of steps) {
    const now = Math.max(clock(), last + 1e-6);
    last = now;
    const { body, headers } = stepRequest(step);
    const r = applyRequest(state, { method: step.method, path: step.path, contentType: step.contentType ?? null, headers, body }, { now });
    state = r.state;
    const norm = (status: number, text: string) => (options.raw ? text : normalizeBody(step.method, step.path, status, text));
    const s: SimulatedStep = { status: r.status, class: r.class, body: norm(r.status, r.body) };
    if (r.location !== undefined) s.location = r.location;
    if (r.variants) s.variants = r.variants.map((v) => ({ status: v.status, class: v.class, body: norm(v.status, v.body) }));
    out.push(s);
  }
  const final = scrapeMetrics(state);
  const other = scrapeMetrics(state, "reverse");
  const result: Simulation = { steps: out, finalStatus: final.status, finalMetrics: options.raw ? final.body : normalizeMetrics(final.body) };
  if (other.status !== final.status || other.body !== final.body) {
    result.finalVariants = [{ status: other.status, metrics: options.raw ? other.body : normalizeMetrics(other.body) }];
  }
  return result;
}
