/**
 * A family's series by label-set hash, as the assembler looks them up: each hash maps to a
 * number, the index + 1 of its series in the family's metrics, or COLLIDED when several series
 * share the hash (the assembler keeps those apart). Open addressing in one flat typed array
 * (hash and number side by side, at most half full; a slot is found by Fibonacci hashing, from
 * the high bits of hash × 2³²/φ): 10⁵ series take 2 MB off the heap instead of a Map of 10⁵
 * entries that the collector copies.
 */
export class SeriesTable {
  // 8 slots to begin with: 64 bytes, which V8 keeps on the heap, with no ArrayBuffer outside it
  // (a family of one series costs little)
  private slots = new Int32Array(2 * 8);
  /** 32 less the log2 of the number of slots. */
  private shift = 29;
  private count = 0;

  /** The number stored for `hash`, or 0. */
  get(hash: number): number {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    let i = Math.imul(hash, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const stored = slots[2 * i + 1] as number;
      if (stored === 0) return 0;
      if (slots[2 * i] === hash) return stored;
      i = (i + 1) & mask;
    }
  }

  /** Stores `value` (not 0) for `hash`, replacing what was stored. */
  set(hash: number, value: number): void {
    if (2 * (this.count + 1) > this.slots.length >> 1) this.grow();
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    let i = Math.imul(hash, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const stored = slots[2 * i + 1] as number;
      if (stored === 0) {
        slots[2 * i] = hash;
        slots[2 * i + 1] = value;
        this.count++;
        return;
      }
      if (slots[2 * i] === hash) {
        slots[2 * i + 1] = value;
        return;
      }
      i = (i + 1) & mask;
    }
  }

  private grow(): void {
    const old = this.slots;
    const slots = (this.slots = new Int32Array(old.length * 2));
    const shift = --this.shift;
    const mask = (slots.length >> 1) - 1;
    for (let k = 1; k < old.length; k += 2) {
      const value = old[k] as number;
      if (value === 0) continue;
      const hash = old[k - 1] as number;
      let i = Math.imul(hash, 0x9e3779b1) >>> shift;
      while (slots[2 * i + 1] !== 0) i = (i + 1) & mask;
      slots[2 * i] = hash;
      slots[2 * i + 1] = value;
    }
  }
}

/** The stored number of a hash whose series are kept apart by the assembler. */
export const COLLIDED = -1;
