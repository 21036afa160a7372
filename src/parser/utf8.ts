/** Byte offsets of invalid UTF-8 sequences (at most `limit` of them). */
export function invalidUtf8Offsets(bytes: Uint8Array, limit = 100): number[] {
  const found: number[] = [];
  const n = bytes.length;
  let i = 0;
  while (i < n && found.length < limit) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      found.push(i++);
      continue;
    }
    let cp = b & (0x3f >> need);
    let ok = i + need < n + 0;
    for (let k = 1; ok && k <= need; k++) {
      const cont = bytes[i + k];
      if (cont === undefined || (cont & 0xc0) !== 0x80) ok = false;
      else cp = (cp << 6) | (cont & 0x3f);
    }
    if (!ok || cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      found.push(i++);
      continue;
    }
    i += need + 1;
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
