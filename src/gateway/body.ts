/**
 * The push handler's reading of a request body (handler/push.go): the delimited protobuf
 * format when the Content-Type says exactly that, text 0.0.4 for anything else — OpenMetrics,
 * JSON or no Content-Type at all (notes §8). `Content-Encoding: gzip` is undone before
 * (gateway.ts, as main.go's gunzipRequest wraps every route).
 */
import { nodeBuiltin } from "../runtime/node-builtin.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { DtoFamily } from "./dto.js";
import { readProtobufBody } from "./protobuf-body.js";
import { readTextBody, type TextBodyError } from "./text-body.js";
import type { VersionBehaviour } from "./versions.js";

export type PushBody =
  | { ok: true; format: "text" | "protobuf"; families: DtoFamily[]; diagnostics: Diagnostic[] }
  | {
      ok: false;
      format: "text" | "protobuf";
      /** The gateway's 400 message (without the final line feed http.Error adds). */
      message: string;
      /** For text: where expfmt stops. */
      parseError?: TextBodyError;
      diagnostics: Diagnostic[];
    };

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9a-z]+$/i;

/** mime.ParseMediaType, as far as the push handler needs it: the media type and parameters, or undefined when Go reports an error. */
export function parseMediaType(value: string): { type: string; params: Record<string, string> } | undefined {
  const semi = value.indexOf(";");
  const type = (semi === -1 ? value : value.slice(0, semi)).trim().toLowerCase();
  const [major, minor, extra] = type.split("/");
  if (type === "" || extra !== undefined || !TOKEN.test(major ?? "") || (minor !== undefined && !TOKEN.test(minor))) return undefined;
  const params: Record<string, string> = {};
  let rest = semi === -1 ? "" : value.slice(semi);
  while (rest.length > 0) {
    rest = rest.replace(/^\s+/, "");
    if (rest === "") break;
    const m = /^;\s*([!#$%&'*+\-.^_`|~0-9a-zA-Z]+)\s*=\s*(?:([!#$%&'*+\-.^_`|~0-9a-zA-Z]+)|"((?:[^"\\]|\\.)*)")/s.exec(rest);
    if (m === null) {
      if (rest.trim() === ";") break;
      return undefined;
    }
    const key = (m[1] as string).toLowerCase();
    if (key in params) return undefined;
    params[key] = m[2] ?? (m[3] as string).replace(/\\(.)/gs, "$1");
    rest = rest.slice(m[0].length);
  }
  return { type, params };
}

/** The Content-Type that selects the protobuf reader. */
export function isDelimitedProtobuf(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const mt = parseMediaType(contentType);
  return mt !== undefined && mt.type === "application/vnd.google.protobuf" && mt.params["encoding"] === "delimited" && mt.params["proto"] === "io.prometheus.client.MetricFamily";
}

/** Reads a push body as the gateway does (after any gzip decoding). */
export function readPushBody(bytes: Uint8Array, contentType: string | undefined, b: VersionBehaviour): PushBody {
  if (isDelimitedProtobuf(contentType)) {
    const pb = readProtobufBody(bytes);
    if ("error" in pb) return { ok: false, format: "protobuf", message: pb.error, diagnostics: [] };
    return { ok: true, format: "protobuf", families: pb.families, diagnostics: [] };
  }
  const text = readTextBody(bytes, b);
  if (text.error !== undefined) {
    return { ok: false, format: "text", message: `text format parsing error in line ${text.error.line}: ${text.error.message}`, parseError: text.error, diagnostics: text.diagnostics };
  }
  return { ok: true, format: "text", families: text.families, diagnostics: text.diagnostics };
}

/**
 * gunzipRequest + gzip.Reader: the body inflated, or the error Go reports — at NewReader
 * (header) time, which fails the request whatever the route, or while reading.
 */
export function gunzip(bytes: Uint8Array): { ok: true; bytes: Uint8Array } | { ok: false; message: string; atHeader: boolean } {
  if (bytes.length === 0) return { ok: false, message: "EOF", atHeader: true };
  if (bytes.length < 10) return { ok: false, message: "unexpected EOF", atHeader: true };
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b || bytes[2] !== 8) return { ok: false, message: "gzip: invalid header", atHeader: true };
  const zlib = nodeBuiltin<typeof import("node:zlib")>("node:zlib");
  if (zlib === undefined) return { ok: false, message: "gzip: this platform has no zlib (the model reads gzip bodies on Node only)", atHeader: true };
  try {
    return { ok: true, bytes: new Uint8Array(zlib.gunzipSync(bytes)) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = code === "Z_BUF_ERROR" ? "unexpected EOF" : /check/.test((error as Error).message) ? "gzip: invalid checksum" : "flate: corrupt input before offset 0";
    return { ok: false, message, atHeader: false };
  }
}
