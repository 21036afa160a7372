/**
 * Byte offsets of invalid UTF-8 sequences (at most `limit` of them), one per U+FFFD that a
 * TextDecoder puts in their place: a lead byte with the continuation bytes that could still
 * have completed it (a "maximal subpart", as the Encoding Standard defines) is one error.
 */
export function invalidUtf8Offsets(bytes: Uint8Array, limit = 100): number[] {
  return invalidUtf8Spans(bytes, limit).map((span) => span.offset);
}

/** The invalid UTF-8 sequences of `bytes` (at most `limit`), each a maximal subpart: where it starts and how many bytes it has. */
export function invalidUtf8Spans(bytes: Uint8Array, limit = Number.POSITIVE_INFINITY): Array<{ offset: number; length: number }> {
  const found: Array<{ offset: number; length: number }> = [];
  const n = bytes.length;
  let i = 0;
  while (i < n && found.length < limit) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : 0;
    // the first continuation byte's range excludes overlong forms, surrogates and code points above U+10FFFF
    let low = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
    let high = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
    let k = 1;
    while (k <= need) {
      const cont = bytes[i + k];
      if (cont === undefined || cont < low || cont > high) break;
      low = 0x80;
      high = 0xbf;
      k++;
    }
    if (k <= need || need === 0) found.push({ offset: i, length: k });
    i += k;
  }
  return found;
}

/** How many bytes at the end of `bytes` begin a UTF-8 sequence that the next chunk may complete. */
export function incompleteTail(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let k = 1; k <= 3 && k <= n; k++) {
    const b = bytes[n - k] as number;
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const need = b >= 0xf0 && b <= 0xf4 ? 3 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xc2 && b <= 0xdf ? 1 : 0;
    return need >= k ? k : 0;
  }
  return 0;
}
