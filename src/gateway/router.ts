/**
 * Which handler of the Pushgateway (1.5.1 main.go) a request reaches, or what the HTTP layers
 * answer before any handler runs: Go's request-line parsing (400), net/http.ServeMux's path
 * cleaning (301), and julienschmidt/httprouter via prometheus/common/route (trailing-slash and
 * case-fixing redirects, 404, 405, automatic OPTIONS). Notes §1.
 */
import { latin1Decode } from "../runtime/bytes.js";
import { bytesToGoString, goStringToBytes } from "./go-text.js";

export type Handler =
  | { kind: "push"; replace: boolean; job: string; labels: string; jobBase64: boolean; id: string }
  | { kind: "delete"; job: string; labels: string; jobBase64: boolean; id: string }
  | { kind: "metrics" }
  | { kind: "api-metrics" }
  | { kind: "api-status" }
  | { kind: "api-options" }
  | { kind: "ready" }
  | { kind: "healthy" }
  | { kind: "status-page" }
  | { kind: "static" }
  | { kind: "pprof" }
  | { kind: "quit"; method: string };

/** An answer given without reaching a handler. */
export interface Answer {
  status: number;
  body: string;
  location?: string;
  allow?: string;
}

/**
 * The handler, or an answer given without one. `behindGunzip`: main.go's gunzipRequest wraps
 * the main router (not ServeMux's redirects, not /api/v1), so a bad gzip header fails there first.
 */
export type Routed = ({ handler: Handler } | { answer: Answer }) & { behindGunzip: boolean };

interface Route {
  method: string;
  pattern: string;
  make: (params: Record<string, string>, method: string) => Handler;
}

function pushRoutes(prefix: "/metrics/job" | "/metrics/job@base64"): Route[] {
  const jobBase64 = prefix.endsWith("@base64");
  const routes: Route[] = [];
  for (const pattern of [`${prefix}/:job/*labels`, `${prefix}/:job`]) {
    const params = (p: Record<string, string>) => ({ job: p["job"] ?? "", labels: p["labels"] ?? "", jobBase64 });
    routes.push({ method: "PUT", pattern, make: (p) => ({ kind: "push", replace: true, ...params(p), id: `PUT ${pattern}` }) });
    routes.push({ method: "POST", pattern, make: (p) => ({ kind: "push", replace: false, ...params(p), id: `POST ${pattern}` }) });
    routes.push({ method: "DELETE", pattern, make: (p) => ({ kind: "delete", ...params(p), id: `DELETE ${pattern}` }) });
  }
  return routes;
}

const MAIN_ROUTES: Route[] = [
  { method: "GET", pattern: "/-/healthy", make: () => ({ kind: "healthy" }) },
  { method: "GET", pattern: "/-/ready", make: () => ({ kind: "ready" }) },
  { method: "GET", pattern: "/metrics", make: () => ({ kind: "metrics" }) },
  ...pushRoutes("/metrics/job"),
  ...pushRoutes("/metrics/job@base64"),
  { method: "GET", pattern: "/static/*filepath", make: () => ({ kind: "static" }) },
  { method: "GET", pattern: "/status", make: () => ({ kind: "status-page" }) },
  { method: "GET", pattern: "/", make: () => ({ kind: "status-page" }) },
  { method: "GET", pattern: "/debug/pprof/*pprof", make: () => ({ kind: "pprof" }) },
  { method: "PUT", pattern: "/-/quit", make: (_, m) => ({ kind: "quit", method: m }) },
  { method: "POST", pattern: "/-/quit", make: (_, m) => ({ kind: "quit", method: m }) },
  { method: "GET", pattern: "/-/quit", make: (_, m) => ({ kind: "quit", method: m }) },
];

/** The /api/v1 router (api/v1/api.go), behind http.StripPrefix("/api/v1"). */
const API_ROUTES: Route[] = [
  { method: "OPTIONS", pattern: "/*path", make: () => ({ kind: "api-options" }) },
  { method: "GET", pattern: "/status", make: () => ({ kind: "api-status" }) },
  { method: "GET", pattern: "/metrics", make: () => ({ kind: "api-metrics" }) },
];

interface Compiled extends Route {
  exact: RegExp;
  folded: RegExp;
  names: string[];
  statics: string[];
}

function compile(route: Route): Compiled {
  const names: string[] = [];
  const statics: string[] = [];
  let source = "";
  const parts = route.pattern.split(/(:[a-z]+|\/\*[a-z]+)/);
  for (const part of parts) {
    if (part.startsWith(":")) {
      names.push(part.slice(1));
      source += "([^/]+)";
    } else if (part.startsWith("/*")) {
      names.push(part.slice(2));
      source += "(/.*)";
    } else {
      statics.push(part);
      source += part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    }
  }
  return { ...route, exact: new RegExp(`^${source}$`, "s"), folded: new RegExp(`^${source}$`, "si"), names, statics };
}

const MAIN = MAIN_ROUTES.map(compile);
const API = API_ROUTES.map(compile);

function lookup(routes: Compiled[], method: string, path: string): { route: Compiled; params: Record<string, string> } | undefined {
  for (const route of routes) {
    if (route.method !== method) continue;
    const m = route.exact.exec(path);
    if (m === null) continue;
    const params: Record<string, string> = {};
    route.names.forEach((name, i) => (params[name] = m[i + 1] as string));
    return { route, params };
  }
  return undefined;
}

/** httprouter's RedirectFixedPath: the path with the route's own spelling of its static parts. */
function fixCase(routes: Compiled[], method: string, path: string): string | undefined {
  for (const candidate of [path, path.endsWith("/") ? path.slice(0, -1) : `${path}/`]) {
    for (const route of routes) {
      if (route.method !== method) continue;
      const m = route.folded.exec(candidate);
      if (m === null) continue;
      let fixed = "";
      const parts = route.pattern.split(/(:[a-z]+|\/\*[a-z]+)/);
      let param = 1;
      for (const part of parts) fixed += part.startsWith(":") || part.startsWith("/*") ? (m[param++] as string) : part;
      if (fixed !== path) return fixed;
    }
  }
  return undefined;
}

/** httprouter's trailing-slash recommendation, as far as the Pushgateway's routes show it. */
function trailingSlashFix(routes: Compiled[], method: string, path: string): string | undefined {
  // A quirk of httprouter's tree: "/metrics/job/" is redirected for the push methods although
  // no route "/metrics/job" exists ("/metrics/job@base64/" is not) — recorded in case 017.
  if (path === "/metrics/job/" && (method === "PUT" || method === "POST" || method === "DELETE") && routes === MAIN) return "/metrics/job";
  if (path.length > 1 && path.endsWith("/") && lookup(routes, method, path.slice(0, -1))) return path.slice(0, -1);
  if (!path.endsWith("/") && lookup(routes, method, `${path}/`)) return `${path}/`;
  return undefined;
}

function allowed(routes: Compiled[], path: string, method: string): string {
  const methods = new Set<string>();
  for (const route of routes) {
    if (route.method === method || route.method === "OPTIONS") continue;
    if (lookup(routes, route.method, path)) methods.add(route.method);
  }
  if (methods.size === 0) return "";
  methods.add("OPTIONS");
  return [...methods].sort().join(", ");
}

/** url.URL{Path: p, RawQuery: q}.String(): the path escaped as Go's EscapedPath does. */
function locationOf(path: string, query: string | undefined): string {
  let out = "";
  for (const b of goStringToBytes(path)) {
    const c = String.fromCharCode(b);
    out += /[A-Za-z0-9\-_.~$&+,/:;=@]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return query === undefined ? out : `${out}?${query}`;
}

/** http.Redirect's answer: a body only for GET. */
function redirect(method: string, status: number, location: string): Answer {
  const body = method === "GET" ? `<a href="${location.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&#34;").replace(/'/g, "&#39;")}">${status === 301 ? "Moved Permanently" : "Temporary Redirect"}</a>.\n\n` : "";
  return { status, body, location };
}

const BAD_REQUEST: Answer = { status: 400, body: "400 Bad Request" };

/** path.Clean, keeping a trailing slash (ServeMux's cleanPath). */
export function cleanPath(p: string): string {
  if (p === "") return "/";
  if (!p.startsWith("/")) p = `/${p}`;
  const out: string[] = [];
  for (const part of p.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  let np = `/${out.join("/")}`;
  if (p.endsWith("/") && np !== "/") np += "/";
  return np;
}

/** Go's url unescape in path mode: `%XX` → byte (invalid escapes are an error), `+` stays. */
export function unescapePath(raw: string): string | undefined {
  const bytes: number[] = [];
  const src = new TextEncoder().encode(raw);
  for (let i = 0; i < src.length; i++) {
    const b = src[i] as number;
    if (b !== 0x25) {
      bytes.push(b);
      continue;
    }
    const hex = latin1Decode(src.subarray(i + 1, i + 3));
    if (!/^[0-9a-fA-F]{2}$/.test(hex)) return undefined;
    bytes.push(parseInt(hex, 16));
    i += 2;
  }
  return bytesToGoString(Uint8Array.from(bytes));
}

function routeWith(routes: Compiled[], method: string, path: string, query: string | undefined): Routed {
  const hit = lookup(routes, method, path);
  const behindGunzip = routes === MAIN;
  if (hit) return { handler: hit.route.make(hit.params, method), behindGunzip };
  const treeExists = routes.some((r) => r.method === method);
  if (treeExists && method !== "CONNECT" && path !== "/") {
    const code = method === "GET" ? 301 : 307;
    // behind http.StripPrefix the router redirects to its own path, without "/api/v1" (as 1.5.1 does)
    const tsr = trailingSlashFix(routes, method, path);
    if (tsr !== undefined) return { answer: redirect(method, code, locationOf(tsr, query)), behindGunzip };
    const fixed = fixCase(routes, method, cleanPath(path));
    if (fixed !== undefined) return { answer: redirect(method, code, locationOf(fixed, query)), behindGunzip };
  }
  if (method === "OPTIONS") {
    const allow = allowed(routes, path, "OPTIONS");
    if (allow !== "") return { answer: { status: 200, body: "", allow }, behindGunzip };
  } else {
    const allow = allowed(routes, path, method);
    if (allow !== "") return { answer: { status: 405, body: method === "HEAD" ? "" : "Method Not Allowed\n", allow }, behindGunzip };
  }
  return { answer: { status: 404, body: method === "HEAD" ? "" : "404 page not found\n" }, behindGunzip };
}

/**
 * Routes a request line (`method`, raw request target with percent escapes and query) the
 * way the Pushgateway's HTTP stack does: what handler runs, with which route parameters
 * (already percent-decoded, as Go strings), or the answer given before any handler.
 */
export function route(method: string, target: string): Routed {
  // Go's request-line parser: no blanks or control bytes, an absolute path, valid % escapes.
  if (!target.startsWith("/") || /[\x00-\x20\x7f]/.test(target)) return { answer: BAD_REQUEST, behindGunzip: false };
  const q = target.indexOf("?");
  const rawPath = q === -1 ? target : target.slice(0, q);
  const query = q === -1 ? undefined : target.slice(q + 1);
  const path = unescapePath(rawPath);
  if (path === undefined) return { answer: BAD_REQUEST, behindGunzip: false };

  // net/http.ServeMux: "/api/v1" → "/api/v1/", then unclean paths (//, /./, /../) → 301.
  const clean = cleanPath(path);
  if (clean === "/api/v1") return { answer: redirect(method, 301, locationOf("/api/v1/", query)), behindGunzip: false };
  if (clean !== path) return { answer: redirect(method, 301, locationOf(clean, query)), behindGunzip: false };
  if (path.startsWith("/api/v1/")) return routeWith(API, method, path.slice("/api/v1".length), query);
  return routeWith(MAIN, method, path, query);
}
