/**
 * The fuzzing loop: input `i` of a run with seed `s` is made from (s, i) alone — a generated
 * exposition, or a mutation of a corpus input or of a generated one — so any input can be made
 * again from its seed and index.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { anyExpositionArb } from "./generate.js";
import { mutate, random } from "./mutate.js";
import { checkInput, type Failure, type Library } from "./properties.js";

const encoder = new TextEncoder();
const BATCH = 256;

/**
 * The input files under `dirs` (conformance `input.txt`s, fixtures), read once, as plain
 * Uint8Arrays: a Buffer's slice() is a view, so a mutation's copy would write into the corpus.
 */
export function loadCorpus(dirs: readonly string[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/^input\.txt$|\.(prom|om|input|txt)$/.test(name) && !/README|expect/.test(name)) out.push(new Uint8Array(readFileSync(path)));
    }
  };
  for (const dir of dirs) if (existsSync(dir)) walk(dir);
  return out;
}

/** Makes the inputs of one run. */
export class InputSource {
  private batchIndex = -1;
  private batch: string[] = [];

  constructor(
    private readonly seed: number,
    private readonly corpus: readonly Uint8Array[],
  ) {}

  private generated(i: number): Uint8Array {
    const b = Math.floor(i / BATCH);
    if (b !== this.batchIndex) {
      this.batch = fc.sample(anyExpositionArb, { seed: (this.seed * 7919 + b) | 0, numRuns: BATCH });
      this.batchIndex = b;
    }
    return encoder.encode(this.batch[i % BATCH] as string);
  }

  input(i: number): { bytes: Uint8Array; origin: string } {
    const rnd = random((Math.imul(this.seed, 0x9e3779b1) ^ Math.imul(i + 1, 0x85ebca6b)) | 0);
    const roll = rnd();
    if (roll < 0.3 || this.corpus.length === 0) {
      const bytes = this.generated(i);
      return roll < 0.15 || this.corpus.length === 0 ? { bytes, origin: "generated" } : { bytes: mutate(rnd, bytes, bytes), origin: "generated+mutated" };
    }
    const n = this.corpus.length;
    const base = this.corpus[Math.floor(rnd() * n)] as Uint8Array;
    const other = this.corpus[Math.floor(rnd() * n)] as Uint8Array;
    return { bytes: mutate(rnd, base, other), origin: "corpus+mutated" };
  }
}

/** A smaller input with the same failure: drops lines, then byte runs, while `assertion` still fails under `options`. */
export function minimize(lib: Library, bytes: Uint8Array, failure: Failure, budget = 400): Uint8Array {
  const fails = (candidate: Uint8Array) => checkInput(lib, candidate, [failure.options.format]).some((f) => f.assertion === failure.assertion);
  let best = bytes;
  let tries = 0;
  for (let chunk = Math.max(1, best.length >> 1); chunk >= 1 && tries < budget; chunk >>= 1) {
    for (let at = 0; at < best.length && tries < budget; ) {
      const candidate = new Uint8Array(best.length - Math.min(chunk, best.length - at));
      candidate.set(best.subarray(0, at));
      candidate.set(best.subarray(at + chunk), at);
      tries++;
      if (candidate.length < best.length && fails(candidate)) best = candidate;
      else at += chunk;
    }
  }
  return best;
}

export interface RunOptions {
  seed: number;
  /** The index of the first input (a run that goes on from an earlier one's last input). */
  from?: number;
  count: number;
  /** Stop after this many seconds (0: no limit). */
  seconds: number;
  corpus: readonly Uint8Array[];
  onFailure(index: number, input: Uint8Array, origin: string, failure: Failure): void;
  /** After every 1024 inputs of the run: the index of the next input, and the time since the run began. */
  onProgress?(index: number, elapsedMs: number): void;
}

/** Runs the properties over `count` inputs (or until the time is up); returns how many ran and how long it took. */
export function runFuzz(lib: Library, options: RunOptions): { inputs: number; failures: number; ms: number } {
  const source = new InputSource(options.seed, options.corpus);
  const started = performance.now();
  let failures = 0;
  const from = options.from ?? 0;
  let i = from;
  for (; i < from + options.count; i++) {
    if (((i - from) & 1023) === 0 && i > from) {
      const elapsed = performance.now() - started;
      options.onProgress?.(i, elapsed);
      if (options.seconds > 0 && elapsed > options.seconds * 1000) break;
    }
    const { bytes, origin } = source.input(i);
    for (const failure of checkInput(lib, bytes)) {
      failures++;
      options.onFailure(i, bytes, origin, failure);
    }
  }
  return { inputs: i - from, failures, ms: performance.now() - started };
}
