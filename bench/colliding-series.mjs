// Series of one family whose label sets all share one label-set hash as promtext computed it
// before the hash was seeded (the sum of per-pair hashes with fixed seeds): the input that took
// 47.5 s for 25,000 series. Each of 15 pairs of labels (a_i, b_i) has two settings with the
// same hash sum, found by a birthday search; the 2^15 combinations all collide.

const OLD_SEED = 0x811c9dc5;

function hashString(s, hash) {
  for (let i = 0; i < s.length; i++) hash = Math.imul(hash ^ s.charCodeAt(i), 16777619);
  return hash;
}

function oldPairHash(name, value) {
  let h = hashString(value, hashString(name, OLD_SEED) ^ 0x3d);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Values x, y with oldPairHash(a, x) + oldPairHash(b, y) equal to that of a="0", b="0". */
function swap(a, b) {
  const target = (oldPairHash(a, "0") + oldPairHash(b, "0")) | 0;
  const byHash = new Map();
  for (let j = 1; j <= 1 << 17; j++) byHash.set(oldPairHash(a, `x${j}`), `x${j}`);
  for (let k = 1; ; k++) {
    const x = byHash.get((target - oldPairHash(b, `y${k}`)) | 0);
    if (x !== undefined) return [x, `y${k}`];
  }
}

/** The text of `count` (at most 32,768) series of family `m`, one sample each. */
export function collidingSeries(count) {
  const pairs = Array.from({ length: 15 }, (_, i) => [`a${i}`, `b${i}`, ...swap(`a${i}`, `b${i}`)]);
  const lines = ["# TYPE m gauge"];
  for (let mask = 0; mask < count; mask++) {
    const labels = pairs.map(([a, b, x, y], i) => (mask & (1 << i) ? `${a}="${x}",${b}="${y}"` : `${a}="0",${b}="0"`));
    lines.push(`m{${labels.join(",")}} 1`);
  }
  return `${lines.join("\n")}\n`;
}
