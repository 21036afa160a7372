/**
 * The conventions of ../shared/gateway-cases/replay.py, ported: how an answer is classified
 * (`classify`) and how bodies and /metrics are normalized before comparing (`normalize_*`):
 * only pushed series, Unix times as `<ts>`, Go MultiError bullets sorted, API JSON re-dumped
 * with sorted keys. `promtext gateway simulate` prints its answers this way so that
 * `replay.py --predict` can compare them with the recorded ones.
 */

const INTERNAL_PREFIXES = ["go_", "process_", "pushgateway_"];
const PUSH_TS_FAMILIES = ["push_time_seconds", "push_failure_time_seconds"];
const SAMPLE_RE = /^([^\s{]+)(\{.*\})?\s+(\S+)$/;
const TS_FLOAT_RE = /\b\d\.\d+e\+09\b/g;

/** Python's str.splitlines(). */
function splitLines(text: string): string[] {
  const lines = text.split(/\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]/);
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** Python's float(value) >= 1e9, false where float() would raise. */
function isTs(value: string): boolean {
  const v = value.trim().toLowerCase().replace(/_/g, "");
  let n: number;
  if (/^[+-]?(inf|infinity)$/.test(v)) n = v.startsWith("-") ? -Infinity : Infinity;
  else if (/^[+-]?nan$/.test(v)) return false;
  else if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(v)) n = Number(v);
  else return false;
  return n >= 1e9;
}

/** Code point order, as Python sorts strings. */
function byCodePoint(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i] as string).codePointAt(0)! - (y[i] as string).codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** A Go MultiError lists its errors ("* ..." lines) in map order: sort them. */
export function sortErrorList(text: string): string {
  const lines = text.split("\n");
  const bullets = lines.filter((l) => l.startsWith("* ")).sort(byCodePoint);
  if (bullets.length < 2) return text;
  let i = 0;
  return lines.map((l) => (l.startsWith("* ") ? (bullets[i++] as string) : l)).join("\n");
}

/** normalize_metrics: keep what pushes put there (see replay.py). */
export function normalizeMetrics(text: string): string {
  if (text.startsWith("An error has occurred")) return sortErrorList(text.replace(TS_FLOAT_RE, "<ts>"));
  const blocks: { name: string; header: string[]; samples: string[] }[] = [];
  let cur: (typeof blocks)[number] | undefined;
  for (const line of splitLines(text)) {
    const m = /^# (HELP|TYPE) (\S+)/.exec(line);
    if (m) {
      const name = m[2] as string;
      if (cur === undefined || cur.name !== name || (m[1] === "HELP" && cur.samples.length > 0)) {
        cur = { name, header: [], samples: [] };
        blocks.push(cur);
      }
      cur.header.push(line);
      continue;
    }
    if (line.trim() === "") continue;
    if (cur === undefined) {
      cur = { name: "", header: [], samples: [] };
      blocks.push(cur);
    }
    cur.samples.push(line);
  }
  const out: string[] = [];
  for (const { name, header, samples } of blocks) {
    const internal = INTERNAL_PREFIXES.some((p) => name.startsWith(p));
    const keep: string[] = [];
    for (let s of samples) {
      const sm = SAMPLE_RE.exec(s);
      const labels = sm ? (sm[2] ?? "") : "";
      if (internal && !/(^\{|,)job="/.test(labels)) continue;
      if (sm && PUSH_TS_FAMILIES.includes(name) && sm[1] === name && isTs(sm[3] as string)) s = `${sm[1]}${labels} <ts>`;
      keep.push(s);
    }
    if (keep.length > 0 || !internal) {
      out.push(...header, ...keep);
    }
  }
  return out.join("\n") + (out.length > 0 ? "\n" : "");
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Python's json.dumps(value, sort_keys=True, ensure_ascii=False[, indent]). */
function pyDumps(value: Json, indent: number | undefined, depth = 0): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  const pad = (d: number) => (indent === undefined ? "" : `\n${" ".repeat(indent * d)}`);
  const sep = indent === undefined ? ", " : ",";
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[${value.map((v) => pad(depth + 1) + pyDumps(v, indent, depth + 1)).join(sep)}${pad(depth)}]`;
  }
  const keys = Object.keys(value).sort(byCodePoint);
  if (keys.length === 0) return "{}";
  return `{${keys.map((k) => `${pad(depth + 1)}${JSON.stringify(k)}: ${pyDumps(value[k] as Json, indent, depth + 1)}`).join(sep)}${pad(depth)}}`;
}

/** normalize_api: time stamps as <time>, push times as <ts>, groups sorted by their labels, JSON re-dumped. */
export function normalizeApi(data: string): string {
  let obj: Json;
  try {
    obj = JSON.parse(data) as Json;
  } catch {
    return data;
  }
  if (obj !== null && typeof obj === "object" && !Array.isArray(obj) && Array.isArray(obj["data"])) {
    const groups = obj["data"];
    for (const group of groups) {
      if (group === null || typeof group !== "object" || Array.isArray(group)) continue;
      for (const [name, fam] of Object.entries(group)) {
        if (fam === null || typeof fam !== "object" || Array.isArray(fam) || !("time_stamp" in fam)) continue;
        fam["time_stamp"] = "<time>";
        if (PUSH_TS_FAMILIES.includes(name) && Array.isArray(fam["metrics"])) {
          for (const m of fam["metrics"]) {
            if (m !== null && typeof m === "object" && !Array.isArray(m) && isTs(String(m["value"]))) m["value"] = "<ts>";
          }
        }
      }
    }
    const key = (g: Json) => pyDumps(g !== null && typeof g === "object" && !Array.isArray(g) ? (g["labels"] ?? null) : null, undefined);
    groups.sort((a, b) => byCodePoint(key(a), key(b)));
  }
  return `${pyDumps(obj, 1)}\n`;
}

/** normalize_body: what replay.py compares of an answer. */
export function normalizeBody(method: string, path: string, status: number, body: string): string {
  const p = path.split("?")[0];
  if (method === "GET" && p === "/metrics") return normalizeMetrics(body);
  if (method === "GET" && status === 200 && p?.startsWith("/api/v1/")) return normalizeApi(body);
  return sortErrorList(body.replace(TS_FLOAT_RE, "<ts>"));
}

const CLASSES: [string, RegExp][] = [
  ["timestamp", /pushed metrics must not have timestamps/m],
  ["type-conflict", /\} is not a [A-Z_]+/m],
  ["duplicate-series", /was collected before with the same name and label values/m],
  ["internal-help-conflict", /gathered metric family \S+ has help /m],
  ["internal-type-conflict", /gathered metric family \S+ has type /m],
  ["suffix-collision", /collides with previously collected/m],
  ["invalid-label-name", /has a label with an invalid name/m],
  ["duplicate-label-name", /has two or more labels with the same name/m],
  ["summary-quantile-label", /must not have an explicit "quantile" label/m],
  ["label-value-not-utf8", /whose value is not utf8/m],
  ["parse-error", /^text format parsing error in line \d+/m],
  ["url-odd-components", /^odd number of components in label string/m],
  ["url-improper-label-name", /^improper label name/m],
  ["url-invalid-base64", /^invalid base64 encoding/m],
  ["url-job-required", /^job name is required/m],
];

/** The class names of replay.py's classify(): a stable name for the kind of answer. */
export const CLASS_NAMES: readonly string[] = ["no-answer", "ok", "redirect", "no-route", "ok-with-body", "other", ...CLASSES.map(([name]) => name)];

/** classify(status, body, method): `ok`, `redirect`, `no-route`, `ok-with-body`, `other`, or the error classes found, joined by `+`. */
export function classify(status: number, body: string, method = "PUT"): string {
  if (status === 0) return "no-answer"; // promtext's: the gateway never answers (replay.py would time out)
  if ((status === 200 || status === 202) && (method === "GET" || body.trim() === "")) return "ok";
  if (status >= 300 && status < 400) return "redirect";
  if (status === 404 || status === 405) return "no-route";
  if (status === 200) return "ok-with-body";
  const found = CLASSES.filter(([, rx]) => rx.test(body))
    .map(([name]) => name)
    .sort();
  return found.length === 0 ? "other" : found.join("+");
}
