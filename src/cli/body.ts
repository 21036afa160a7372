import { describeByteSize, DEFAULT_MAX_BODY_BYTES } from "./byte-size.js";

/** A response body over the cap; the message says which cap and whether it counts decompressed bytes. */
export class BodyTooLarge extends Error {}

/**
 * A response's body, read as it arrives and given up as soon as it passes `maxBytes`. fetch
 * inflates gzip itself, so the bytes counted are the decompressed ones (a small gzip bomb is
 * stopped too); a Content-Length over the cap of an uncompressed body fails before reading.
 */
export async function readBody(response: Response, maxBytes = DEFAULT_MAX_BODY_BYTES, option = "--max-bytes"): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of bodyChunks(response, maxBytes, option)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** readBody's chunks, as they arrive: the same cap, checked before each is handed on. */
export async function* bodyChunks(response: Response, maxBytes = DEFAULT_MAX_BODY_BYTES, option = "--max-bytes"): AsyncGenerator<Uint8Array> {
  const encoding = response.headers.get("content-encoding");
  const compressed = encoding !== null && encoding.trim().toLowerCase() !== "identity";
  const tooLarge = () => new BodyTooLarge(`the body${compressed ? ", decompressed," : ""} is larger than ${describeByteSize(maxBytes)} (${option})`);
  if (!compressed && Number(response.headers.get("content-length") ?? 0) > maxBytes) {
    await response.body?.cancel();
    throw tooLarge();
  }
  if (response.body === null) return;
  let total = 0;
  for await (const chunk of response.body) {
    total += chunk.byteLength;
    if (total > maxBytes) throw tooLarge();
    yield chunk;
  }
}
