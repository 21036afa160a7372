import { invalidUtf8At, type InvalidByte } from "./parse.js";
import { incompleteTail } from "./utf8.js";

const decoder = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });
const strictDecoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const INVALID_LIMIT = 100;

/**
 * Decodes a stream's byte chunks as parse() decodes the whole input: a sequence split between
 * chunks is held back until the next one, and invalid bytes are found at their offsets in the
 * decoded text (the first 100, as parse() reports them).
 */
export class StreamDecoder {
  /** Characters decoded so far. */
  length = 0;
  readonly invalid: InvalidByte[] = [];
  private held: Uint8Array = new Uint8Array(0);

  decode(chunk: Uint8Array | string): string {
    if (typeof chunk === "string") {
      const flushed = this.flush();
      this.length += chunk.length;
      return flushed + chunk;
    }
    let bytes = chunk;
    if (this.held.length > 0) {
      bytes = new Uint8Array(this.held.length + chunk.length);
      bytes.set(this.held);
      bytes.set(chunk, this.held.length);
    }
    const keep = incompleteTail(bytes);
    this.held = keep > 0 ? bytes.slice(bytes.length - keep) : new Uint8Array(0);
    return this.text(keep > 0 ? bytes.subarray(0, bytes.length - keep) : bytes);
  }

  /** What is held back at the end of the input (an incomplete sequence: invalid). */
  flush(): string {
    if (this.held.length === 0) return "";
    const held = this.held;
    this.held = new Uint8Array(0);
    return this.text(held);
  }

  private text(bytes: Uint8Array): string {
    let text: string;
    try {
      text = strictDecoder.decode(bytes);
    } catch {
      text = decoder.decode(bytes);
      if (this.invalid.length < INVALID_LIMIT) {
        for (const found of invalidUtf8At(bytes, this.length)) if (this.invalid.length < INVALID_LIMIT) this.invalid.push(found);
      }
    }
    this.length += text.length;
    return text;
  }
}
