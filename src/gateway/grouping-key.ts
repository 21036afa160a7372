/**
 * The grouping key: `/metrics/job/<JOB>{/<LABEL>/<VALUE>}` → a label set, as the Pushgateway
 * decodes it (handler/push.go `splitLabels`, `decodeBase64`; notes §2), and back.
 *
 * Everything here works on the path *after* Go has percent-decoded it (see router.ts): `%2F`
 * is already a separator, `+` is a literal plus. Values are Go strings (go-text.ts): a value
 * can be invalid UTF-8, which the gateway accepts here and chokes on later (notes §7.1).
 */
import { base64UrlEncode } from "../runtime/bytes.js";
import { bytesToGoString, goQuote, goStringToBytes } from "./go-text.js";

/** The label set of a group, `job` included. */
export type GroupingLabels = Readonly<Record<string, string>>;

export const BASE64_SUFFIX = "@base64";
/** model.LabelNameRE in prometheus/common 0.39 (legacy names). */
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const URL_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const DECODE = new Map([...URL_ALPHABET].map((c, i) => [c.charCodeAt(0), i]));

export type Decoded = { ok: true; value: string } | { ok: false; value: string; error: string };

/**
 * `base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))`: URL-safe alphabet, padding
 * optional (any number of trailing `=` dropped), `\r` and `\n` skipped, lenient about the
 * unused low bits. On error, `value` is what Go returns with it: the bytes of the complete
 * 4-character groups before the bad one.
 */
export function decodeBase64(s: string): Decoded {
  const src = goStringToBytes(s.replace(/=+$/, ""));
  const out: number[] = [];
  let si = 0;
  while (si < src.length) {
    const quantum: number[] = [];
    let end = false;
    while (quantum.length < 4) {
      if (si === src.length) {
        end = true;
        break;
      }
      const c = src[si++] as number;
      const v = DECODE.get(c);
      if (v !== undefined) {
        quantum.push(v);
        continue;
      }
      if (c === 10 || c === 13) continue;
      return { ok: false, value: bytesToGoString(Uint8Array.from(out)), error: `illegal base64 data at input byte ${si - 1}` };
    }
    if (end && quantum.length === 0) break;
    if (end && quantum.length === 1) return { ok: false, value: bytesToGoString(Uint8Array.from(out)), error: `illegal base64 data at input byte ${si - 1}` };
    const [a = 0, b = 0, c = 0, d = 0] = quantum;
    const bits = (a << 18) | (b << 12) | (c << 6) | d;
    const bytes = [(bits >> 16) & 0xff, (bits >> 8) & 0xff, bits & 0xff];
    out.push(...bytes.slice(0, quantum.length - 1));
  }
  return { ok: true, value: bytesToGoString(Uint8Array.from(out)) };
}

/** What the gateway answers for a grouping key it refuses: 400 with one of these messages. */
export class GroupingKeyError extends Error {
  readonly status = 400;
  constructor(
    message: string,
    /** Which check refused it: the job's base64, the label path, or the empty job. */
    readonly part: "job-base64" | "labels" | "job-required" = "labels",
  ) {
    super(message);
  }
}

/**
 * `splitLabels`: the `*labels` route parameter (`""`, `"/"` or `"/name/value/…"`) → labels.
 * A trailing `/` yields a final empty value; later duplicates overwrite earlier ones.
 */
export function splitLabels(labels: string): Record<string, string> {
  const result: Record<string, string> = {};
  if (labels.length <= 1) return result;
  const components = labels.slice(1).split("/");
  if (components.length % 2 !== 0) throw new GroupingKeyError(`odd number of components in label string ${goQuote(labels)}`);
  for (let i = 0; i < components.length - 1; i += 2) {
    const name = components[i] as string;
    const value = components[i + 1] as string;
    const trimmed = name.endsWith(BASE64_SUFFIX) ? name.slice(0, -BASE64_SUFFIX.length) : name;
    if (!LABEL_NAME.test(trimmed) || trimmed.startsWith("__")) throw new GroupingKeyError(`improper label name ${goQuote(trimmed)}`);
    if (name === trimmed) {
      result[name] = value;
      continue;
    }
    const decoded = decodeBase64(value);
    if (!decoded.ok) throw new GroupingKeyError(`invalid base64 encoding for label ${trimmed}=${goQuote(value)}: ${decoded.error}`);
    result[trimmed] = decoded.value;
  }
  return result;
}

/**
 * The push and delete handlers' reading of the route parameters, in their order: the job
 * (base64-decoded for `/job@base64/`), then the label path, then "job name is required".
 * Throws GroupingKeyError with the gateway's message.
 */
export function parseGroupingKey(jobParam: string, labelsParam: string, jobBase64: boolean): GroupingLabels {
  let job = jobParam;
  if (jobBase64) {
    const decoded = decodeBase64(jobParam);
    if (!decoded.ok) throw new GroupingKeyError(`invalid base64 encoding in job name ${goQuote(decoded.value)}: ${decoded.error}`, "job-base64");
    job = decoded.value;
  }
  const labels = splitLabels(labelsParam);
  if (job === "") throw new GroupingKeyError("job name is required", "job-required");
  labels["job"] = job;
  return labels;
}

/** Go's model.SeparatorByte (0xff) as a Go string: never part of valid UTF-8. */
export const SEPARATOR = "\udcff";

/** `groupingKeyFor`: names sorted, `name␟value␟…` with the 0xff separator; the store's map key. */
export function groupingKeyId(labels: GroupingLabels): string {
  return Object.keys(labels)
    .sort()
    .map((name) => `${name}${SEPARATOR}${labels[name]}`)
    .join(SEPARATOR);
}

/** The labels in name order (Go map order is random; promtext shows them sorted). */
export function sortedLabels(labels: GroupingLabels): [string, string][] {
  return Object.keys(labels)
    .sort()
    .map((name) => [name, labels[name] as string]);
}

// ------------------------------------------------------------------------ building paths

function base64Url(value: string): string {
  return base64UrlEncode(goStringToBytes(value));
}

/**
 * Whether a value must go as `@base64`: empty (a `//` would be redirected), containing `/`,
 * `.` or `..` (Go's path cleaning would rewrite the path), or invalid UTF-8 (a percent-encoded
 * byte works too, but base64 is what the client libraries send).
 */
function needsBase64(value: string): boolean {
  return value === "" || value === "." || value === ".." || value.includes("/") || /[\udc80-\udcff]/.test(value);
}

function segment(name: string, value: string): string {
  if (needsBase64(value)) return `${name}${BASE64_SUFFIX}/${base64Url(value) || "="}`;
  return `${name}/${encodeURIComponent(value)}`;
}

/**
 * The push URL path of a grouping key, as the client libraries build it: `/metrics/job/<job>`,
 * then the other labels sorted by name; empty values as `name@base64/=`, values with `/` (or
 * that path cleaning would change) as URL-safe base64 without padding, the rest
 * percent-encoded (so `+` and spaces survive, unlike client_python's quote_plus). parseGroupingKey
 * reads it back to the same labels. Throws on a label name the gateway would refuse.
 */
export function groupingKeyPath(labels: GroupingLabels): string {
  const job = labels["job"];
  if (job === undefined || job === "") throw new GroupingKeyError("job name is required", "job-required");
  let path = `/metrics/${segment("job", job)}`;
  for (const [name, value] of sortedLabels(labels)) {
    if (name === "job") continue;
    if (!LABEL_NAME.test(name) || name.startsWith("__")) throw new GroupingKeyError(`improper label name ${goQuote(name)}`);
    path += `/${segment(name, value)}`;
  }
  return path;
}
