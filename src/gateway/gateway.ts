/**
 * The Pushgateway as a pure function: a state and an HTTP request in, the new state and the
 * gateway's answer out. Requests are applied one at a time, in order (the real store applies
 * pushes and deletes in arrival order in one writer loop, and a DELETE answered 202 is applied
 * before any later push). Time comes from the caller (`now`, Unix seconds).
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { gunzip, readPushBody } from "./body.js";
import { gather, mergeGroups, multiError, type MapOrder } from "./consistency.js";
import type { DtoFamily } from "./dto.js";
import { apiMetrics, encodeText, errorPage, TEXT_CONTENT_TYPE } from "./exposition.js";
import { groupingKeyPath, GroupingKeyError, parseGroupingKey, type GroupingLabels } from "./grouping-key.js";
import { predefinedHelp, presentInternalFamilies, type InternalActivity } from "./internal-families.js";
import { classify, normalizeBody } from "./replay-format.js";
import { route, type Handler } from "./router.js";
import { applyWrite, deleteGroup, recordFailure, sanitizeLabels, timestampsPresent, type Groups } from "./store.js";
import { behaviour, type GatewayVersion } from "./versions.js";

export interface GatewayState {
  readonly version: GatewayVersion;
  /** False models `--push.disable-consistency-check` (pushes answered 202, stored unchecked). */
  readonly consistencyCheck: boolean;
  readonly groups: Groups;
  /** Which of the gateway's lazily created families exist yet. */
  readonly activity: InternalActivity;
  /** Handlers (`PUT /metrics/job@base64/:job`…) that never answer again (1.5.1's leaked lock, versions.ts). */
  readonly stuckHandlers: ReadonlySet<string>;
}

export interface GatewayOptions {
  version?: GatewayVersion;
  consistencyCheck?: boolean;
  /**
   * Default `{ requestSeen: true, pushSeen: false }`: a gateway that has answered its readiness
   * probe (as replay.py's start-up and Kubernetes do) but no push yet.
   */
  activity?: Partial<InternalActivity>;
  groups?: Groups;
  stuckHandlers?: Iterable<string>;
}

/** An empty gateway, as just started with `--persistence.file=`. */
export function createGateway(options: GatewayOptions = {}): GatewayState {
  return {
    version: options.version ?? "1.5.1",
    consistencyCheck: options.consistencyCheck ?? true,
    groups: options.groups ?? new Map(),
    activity: { requestSeen: true, pushSeen: false, ...options.activity },
    stuckHandlers: new Set(options.stuckHandlers ?? []),
  };
}

export interface GatewayRequest {
  method: string;
  /** The request target as sent: percent-encoded path, optionally `?query`. */
  path: string;
  /** The Content-Type header (null or undefined: none). */
  contentType?: string | null;
  /** Other headers (Content-Encoding, Accept…); names in any case. */
  headers?: Readonly<Record<string, string>>;
  /** The bytes as sent (already gzip-compressed when Content-Encoding says so); a string is sent as UTF-8. */
  body?: Uint8Array | string | null;
}

export interface ApplyOptions {
  /** Unix seconds of the request (push_time_seconds, push_failure_time_seconds); default: now. */
  now?: number;
}

/** One reason the gateway refused a request: replay.py's class of it and the gateway's words. */
export interface GatewayProblem {
  class: string;
  message: string;
}

/** One possible answer, when Go's map order could make the gateway answer otherwise. */
export interface AnswerVariant {
  status: number;
  class: string;
  body: string;
}

export interface GatewayResult {
  state: GatewayState;
  status: number;
  /** replay.py's classify() of the answer: ok, redirect, no-route, parse-error, type-conflict… */
  class: string;
  /** The gateway's response body, byte for byte where promtext knows it. */
  body: string;
  contentType?: string;
  location?: string;
  allow?: string;
  /** For pushes and deletes whose URL parsed: the group's labels. */
  grouping?: GroupingLabels;
  /** For pushes: promtext's findings on a text body (target `pushgateway`). */
  diagnostics?: Diagnostic[];
  /** For a refused push or delete: each consistency error (or the one URL, body or timestamp error), classified. */
  problems?: GatewayProblem[];
  /** Present when walking Go's maps in the other order gives another answer (`state` follows the main answer). */
  variants?: AnswerVariant[];
}

/** Text 0.0.4 as client_python sends it (and as the gateway answers /metrics). */
export const TEXT_PUSH_CONTENT_TYPE = TEXT_CONTENT_TYPE;

/**
 * The request a client sends for a group: PUT replaces the group, POST replaces only the
 * families in the body, DELETE removes the group. The path is built by groupingKeyPath.
 */
export function groupRequest(method: "PUT" | "POST" | "DELETE", grouping: GroupingLabels, body?: Uint8Array | string, contentType: string = TEXT_PUSH_CONTENT_TYPE): GatewayRequest {
  const path = groupingKeyPath(grouping);
  if (method === "DELETE") return { method, path, contentType: null, body: body ?? null };
  return { method, path, contentType, body: body ?? "" };
}

const INCONSISTENT = "pushed metrics are invalid or inconsistent with existing metrics: ";

function headerOf(request: GatewayRequest, name: string): string | undefined {
  for (const [k, v] of Object.entries(request.headers ?? {})) if (k.toLowerCase() === name) return v;
  return undefined;
}

function bodyBytes(body: GatewayRequest["body"]): Uint8Array {
  if (body === undefined || body === null) return new Uint8Array();
  return typeof body === "string" ? new TextEncoder().encode(body) : body;
}

/** A handler's answer: the result without the state and the class replay.py gives it. */
type Answer = Omit<GatewayResult, "state" | "class">;

function problems(messages: readonly string[]): GatewayProblem[] {
  return messages.map((message) => ({ class: classify(400, message), message }));
}

/** What a push check finds, in one map order. */
function checkPush(state: GatewayState, labels: GroupingLabels, families: Map<string, DtoFamily>, replace: boolean, now: number, order: MapOrder): string[] {
  const b = behaviour(state.version);
  if (timestampsPresent(families.values())) return ["pushed metrics must not have timestamps"];
  const test = applyWrite(state.groups, { labels, families, replace, now });
  const internal = presentInternalFamilies(b.internalFamilies, state.activity);
  return gather(internal, mergeGroups(test, predefinedHelp(b.internalFamilies), order), b).errors;
}

/** The handlers' reading of the URL; on failure, the 400 answer (and 1.5.1's leaked lock). */
function groupingOf(
  state: GatewayState,
  h: Extract<Handler, { kind: "push" | "delete" }>,
): { ok: true; labels: GroupingLabels } | { ok: false; state: GatewayState; answer: Answer } {
  try {
    return { ok: true, labels: parseGroupingKey(h.job, h.labels, h.jobBase64) };
  } catch (error) {
    if (!(error instanceof GroupingKeyError)) throw error;
    const stuck = error.part === "job-base64" && behaviour(state.version).handlerLockLeak;
    return {
      ok: false,
      state: stuck ? { ...state, stuckHandlers: new Set([...state.stuckHandlers, h.id]) } : state,
      answer: { status: 400, body: `${error.message}\n`, problems: problems([error.message]) },
    };
  }
}

function handlePush(
  state: GatewayState,
  h: Extract<Handler, { kind: "push" }>,
  bytes: Uint8Array | { error: string },
  contentType: string | undefined,
  now: number,
): { state: GatewayState; answer: Answer } {
  const b = behaviour(state.version);
  const parsed = groupingOf(state, h);
  if (!parsed.ok) return parsed;
  const labels = parsed.labels;
  if ("error" in bytes) return { state, answer: { status: 400, body: `${bytes.error}\n`, grouping: labels, problems: problems([bytes.error]) } };
  const body = readPushBody(bytes, contentType, b);
  if (!body.ok) return { state, answer: { status: 400, body: `${body.message}\n`, grouping: labels, diagnostics: body.diagnostics, problems: problems([body.message]) } };
  const families = new Map(body.families.map((f) => [f.name, sanitizeLabels(f, labels)]));
  const base = { grouping: labels, diagnostics: body.diagnostics };

  if (!state.consistencyCheck) {
    // Unchecked: always 202; a push with timestamps is dropped and recorded as a failure.
    const groups = timestampsPresent(families.values()) ? recordFailure(state.groups, labels, now) : applyWrite(state.groups, { labels, families, replace: h.replace, now });
    return { state: { ...state, groups }, answer: { status: 202, body: "", ...base } };
  }

  const errors = checkPush(state, labels, families, h.replace, now, "forward");
  const answerFor = (errs: string[]): AnswerVariant => {
    if (errs.length === 0) return { status: 200, body: "", class: "ok" };
    const text = `${INCONSISTENT}${multiError(errs)}\n`;
    return { status: 400, body: text, class: classify(400, normalizeBody("PUT", "", 400, text)) };
  };
  const main = answerFor(errors);
  const other = answerFor(checkPush(state, labels, families, h.replace, now, "reverse"));
  const variants = other.status !== main.status || other.class !== main.class || other.body !== main.body ? [other] : undefined;
  if (errors.length > 0) {
    return {
      state: { ...state, groups: recordFailure(state.groups, labels, now) },
      answer: { status: 400, body: main.body, ...base, problems: problems(errors), ...(variants ? { variants } : {}) },
    };
  }
  return { state: { ...state, groups: applyWrite(state.groups, { labels, families, replace: h.replace, now }) }, answer: { status: 200, body: "", ...base, ...(variants ? { variants } : {}) } };
}

/** GET /metrics: the Gather over the state, then the encoder. */
export function scrapeMetrics(state: GatewayState, order: MapOrder = "forward"): { status: number; body: string; contentType: string; complete: boolean } {
  const b = behaviour(state.version);
  const internal = presentInternalFamilies(b.internalFamilies, state.activity);
  const gathered = gather(internal, mergeGroups(state.groups, predefinedHelp(b.internalFamilies), order), b);
  if (gathered.errors.length > 0) return { status: 500, body: errorPage(multiError(gathered.errors)), contentType: "text/plain; charset=utf-8", complete: true };
  const { text, complete } = encodeText(gathered.families, b);
  return { status: 200, body: text, contentType: TEXT_CONTENT_TYPE, complete };
}

/** The body of GET /metrics (pushed series only; the 500 page when the state is broken). */
export function exposeMetrics(state: GatewayState): string {
  return scrapeMetrics(state).body;
}

function handle(state: GatewayState, h: Handler, request: GatewayRequest, bytes: Uint8Array | { error: string }, now: number): { state: GatewayState; answer: Answer } {
  const contentType = request.contentType ?? headerOf(request, "content-type") ?? undefined;
  switch (h.kind) {
    case "push":
      return handlePush(state, h, bytes, contentType, now);
    case "delete": {
      const parsed = groupingOf(state, h);
      if (!parsed.ok) return parsed;
      return { state: { ...state, groups: deleteGroup(state.groups, parsed.labels) }, answer: { status: 202, body: "", grouping: parsed.labels } };
    }
    case "metrics": {
      const scrape = scrapeMetrics(state);
      const answer: Answer = { status: scrape.status, body: scrape.body, contentType: scrape.contentType };
      const other = scrapeMetrics(state, "reverse");
      if (other.body !== scrape.body || other.status !== scrape.status) {
        answer.variants = [{ status: other.status, body: other.body, class: classify(other.status, normalizeBody("GET", "/metrics", other.status, other.body), "GET") }];
      }
      return { state, answer };
    }
    case "api-metrics":
      return { state, answer: { status: 200, body: apiMetrics(state.groups), contentType: "application/json" } };
    case "api-status":
      return { state, answer: { status: 200, body: '{"status":"success","data":{}}', contentType: "application/json" } };
    case "api-options":
      return { state, answer: { status: 200, body: "" } };
    case "ready":
    case "healthy":
      return { state, answer: { status: 200, body: "OK" } };
    case "status-page":
      return { state, answer: { status: 200, body: "<!DOCTYPE html>\n", contentType: "text/html; charset=utf-8" } };
    case "static":
    case "pprof":
      return { state, answer: { status: 200, body: "" } };
    case "quit":
      return { state, answer: h.method === "GET" ? { status: 405, body: "Only POST or PUT requests allowed." } : { status: 403, body: "Lifecycle API is not enabled." } };
  }
}

/** Handlers wrapped in InstrumentWithCounter (all but the scrape, pprof and quit); the push handler also feeds the push summaries. */
function activityAfter(activity: InternalActivity, h: Handler): InternalActivity {
  const counted = !(h.kind === "metrics" || h.kind === "pprof" || h.kind === "quit");
  const pushed = h.kind === "push";
  if ((!counted || activity.requestSeen) && (!pushed || activity.pushSeen)) return activity;
  return { requestSeen: activity.requestSeen || counted, pushSeen: activity.pushSeen || pushed };
}

/**
 * Applies one HTTP request to the gateway. Never throws on bad input: a bad path, header or
 * body gives the status and message the Pushgateway would give.
 */
export function applyRequest(state: GatewayState, request: GatewayRequest, options: ApplyOptions = {}): GatewayResult {
  const now = options.now ?? Date.now() / 1000;
  const routed = route(request.method, request.path);
  const bytes = bodyBytes(request.body);
  let next = state;
  let answer: Answer;

  const encoding = headerOf(request, "content-encoding");
  const gz = routed.behindGunzip && encoding === "gzip" ? gunzip(bytes) : undefined;
  if (gz !== undefined && !gz.ok && gz.atHeader) {
    answer = { status: 400, body: `${gz.message}\n` };
  } else if ("answer" in routed) {
    answer = { ...routed.answer };
  } else if ((routed.handler.kind === "push" || routed.handler.kind === "delete") && state.stuckHandlers.has(routed.handler.id)) {
    // the handler waits forever for its lock: no answer, nothing changes
    answer = { status: 0, body: "" };
  } else {
    // a gzip stream that breaks off after its header fails the push while the body is read
    const body: Uint8Array | { error: string } = gz === undefined ? bytes : gz.ok ? gz.bytes : { error: gz.message };
    const handled = handle(state, routed.handler, request, body, now);
    next = { ...handled.state, activity: activityAfter(handled.state.activity, routed.handler) };
    answer = handled.answer;
  }
  return finish(next, request, answer);
}

function finish(state: GatewayState, request: GatewayRequest, answer: Answer): GatewayResult {
  const normalized = normalizeBody(request.method, request.path, answer.status, answer.body);
  const result: GatewayResult = { state, status: answer.status, class: classify(answer.status, normalized, request.method), body: answer.body };
  for (const key of ["contentType", "location", "allow", "grouping", "diagnostics", "problems", "variants"] as const) {
    if (answer[key] !== undefined) (result as unknown as Record<string, unknown>)[key] = answer[key];
  }
  if (result.variants) {
    result.variants = result.variants.map((v) => ({ ...v, class: classify(v.status, normalizeBody(request.method, request.path, v.status, v.body), request.method) }));
  }
  return result;
}
