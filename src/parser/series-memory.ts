/**
 * What a stream remembers of the series of the families it has handed on: per series a 64-bit
 * hash of its family and label set (as two 32-bit halves), the line of its last sample and a
 * hash of that sample's timestamp text, in flat typed arrays (17 bytes a slot, at most 3/4
 * full), up to `limit` series. A later part of a family finds its series here.
 */
export class SeriesMemory {
  constructor(readonly limit: number) {}

  private hi = new Int32Array(16);
  private lo = new Int32Array(16);
  private lines = new Uint32Array(16);
  private stamps = new Int32Array(16);
  private used = new Uint8Array(16);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Whether `n` more series fit within the limit. */
  hasRoom(n: number): boolean {
    return this.count + n <= this.limit;
  }

  set(hi: number, lo: number, line: number, stamp: number): void {
    if ((this.count + 1) * 4 > this.used.length * 3) this.grow();
    const i = this.slot(hi, lo);
    if (this.used[i] === 0) {
      this.used[i] = 1;
      this.hi[i] = hi;
      this.lo[i] = lo;
      this.count++;
    }
    this.lines[i] = line;
    this.stamps[i] = stamp;
  }

  /** The line and timestamp hash of the series, or undefined. */
  get(hi: number, lo: number): { line: number; stamp: number } | undefined {
    const i = this.slot(hi, lo);
    return this.used[i] === 0 ? undefined : { line: this.lines[i] as number, stamp: this.stamps[i] as number };
  }

  private slot(hi: number, lo: number): number {
    const mask = this.used.length - 1;
    let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
    while (this.used[i] === 1 && (this.hi[i] !== hi || this.lo[i] !== lo)) i = (i + 1) & mask;
    return i;
  }

  private grow(): void {
    const { hi, lo, lines, stamps, used } = this;
    const size = used.length * 2;
    this.hi = new Int32Array(size);
    this.lo = new Int32Array(size);
    this.lines = new Uint32Array(size);
    this.stamps = new Int32Array(size);
    this.used = new Uint8Array(size);
    this.count = 0;
    for (let i = 0; i < used.length; i++) if (used[i] === 1) this.set(hi[i] as number, lo[i] as number, lines[i] as number, stamps[i] as number);
  }
}
