/**
 * The hashes of label pairs that the assembler adds up into label-set hashes (so that label
 * order does not matter). A series table (SeriesTable) uses the first alone and compares labels
 * after it; a stream's series memory (SeriesMemory) compares nothing but the two together, as
 * 64 bits, so the second must not tend to collide where the first does. Two seeds of one
 * function do not give that: FNV-1a's collisions between similar strings barely depend on its
 * seed. Over the label values `i="0"` … `i="749999"` (as many series as a stream remembers),
 * one seed of the first hash and 29 of 2,000 second seeds of it made a false 64-bit match: a
 * false `repeated-series`, which failed test/large-input.test.ts's 200 MB family about once in
 * 20 runs. The second hash matched none of the first's colliding pairs (test/label-hash.test.ts).
 */

/** FNV-1a over UTF-16 code units, continued from `hash`: the first hash, on every line's path. */
export function hashString(s: string, hash: number): number {
  for (let i = 0; i < s.length; i++) hash = Math.imul(hash ^ s.charCodeAt(i), 16777619);
  return hash;
}

/** A multiply and an xor-shift per UTF-16 code unit, continued from `hash`: the second hash. */
function mixString(s: string, hash: number): number {
  for (let i = 0; i < s.length; i++) {
    hash = Math.imul(hash ^ s.charCodeAt(i), 0x5bd1e995);
    hash ^= hash >>> 15;
  }
  return hash;
}

/** MurmurHash3's finalizer: every bit of `h` reaches every bit of the result. */
function finish(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** The first hash of one label pair. */
export function pairHash(name: string, value: string, seed: number): number {
  return finish(hashString(value, hashString(name, seed) ^ 0x3d));
}

/** The second hash of one label pair, of another construction than pairHash. */
export function secondPairHash(name: string, value: string, seed: number): number {
  return finish(mixString(value, mixString(name, seed) ^ 0x3d));
}
