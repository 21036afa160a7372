/** Byte conversions without Node's Buffer (which a browser has not): for the gateway model, fmt's kept bytes, the fuzzer. */

/** Each byte as the character of that code (Go's and Buffer's latin1, not WHATWG's windows-1252). */
export function latin1Decode(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 8192) out += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return out;
}

/** The low byte of each character. */
export function latin1Encode(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

/** Base64 with the URL alphabet and no padding (Buffer's `base64url`). */
export function base64UrlEncode(bytes: Uint8Array): string {
  return btoa(latin1Decode(bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The bytes of `parts`, one after another, in one array (Buffer.concat without Buffer). */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const bytes = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return bytes;
}
