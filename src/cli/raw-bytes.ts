import { invalidUtf8Spans } from "../parser/utf8.js";
import { concatBytes } from "../runtime/bytes.js";

/** Where decodeKeepingBytes puts byte b of an invalid sequence: U+DC00 + b, a lone surrogate that no UTF-8 decodes to. */
const ESCAPE = 0xdc00;

/**
 * UTF-8 text in which each byte of an invalid sequence stands as a lone surrogate (U+DC80 to
 * U+DCFF), so that encodeKeepingBytes writes the bytes back as they were: the Go encoders copy
 * the bytes of a HELP text that expfmt read, valid UTF-8 or not.
 */
export function decodeKeepingBytes(bytes: Uint8Array): string {
  const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  const pieces: string[] = [];
  let from = 0;
  for (const { offset, length } of invalidUtf8Spans(bytes)) {
    pieces.push(decoder.decode(bytes.subarray(from, offset)));
    for (let i = offset; i < offset + length; i++) pieces.push(String.fromCharCode(ESCAPE + (bytes[i] as number)));
    from = offset + length;
  }
  pieces.push(decoder.decode(bytes.subarray(from)));
  return pieces.join("");
}

/** UTF-8 of `text`, with the bytes that decodeKeepingBytes kept written back as bytes. */
export function encodeKeepingBytes(text: string): Uint8Array {
  const encoder = new TextEncoder();
  const out: Uint8Array[] = [];
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < ESCAPE + 0x80 || c > ESCAPE + 0xff) continue;
    const before = i > 0 ? text.charCodeAt(i - 1) : 0;
    if (before >= 0xd800 && before <= 0xdbff) continue; // the low half of a pair, not a kept byte
    out.push(encoder.encode(text.slice(from, i)), Uint8Array.of(c - ESCAPE));
    from = i + 1;
  }
  if (from === 0) return encoder.encode(text);
  out.push(encoder.encode(text.slice(from)));
  return concatBytes(out);
}
