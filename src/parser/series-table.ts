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
    return this.slots[2 * this.slotOf(hash) + 1] as number;
  }

  /** Stores `value` (not 0) for `hash`, replacing what was stored. */
  set(hash: number, value: number): void {
    if (2 * (this.count + 1) > this.slots.length >> 1) this.grow();
    const i = this.slotOf(hash);
    if (this.slots[2 * i + 1] === 0) this.count++;
    this.slots[2 * i] = hash;
    this.slots[2 * i + 1] = value;
  }

  /** The slot that holds `hash`, or the empty one where it would go. */
  private slotOf(hash: number): number {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    let i = Math.imul(hash, 0x9e3779b1) >>> this.shift;
    while (slots[2 * i + 1] !== 0 && slots[2 * i] !== hash) i = (i + 1) & mask;
    return i;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    this.shift--;
    for (let k = 1; k < old.length; k += 2) {
      if (old[k] === 0) continue;
      const i = this.slotOf(old[k - 1] as number);
      this.slots[2 * i] = old[k - 1] as number;
      this.slots[2 * i + 1] = old[k] as number;
    }
  }
}

/** The stored number of a hash whose series are kept apart by the assembler. */
export const COLLIDED = -1;
