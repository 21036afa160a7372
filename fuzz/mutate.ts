/** Byte mutations of exposition inputs, driven by a seeded generator so that every input can be made again. */
import { concatBytes } from "../src/runtime/bytes.js";

/** mulberry32: a small, fast, seeded generator of floats in [0, 1). */
export function random(seed: number): () => number {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Random = () => number;

const int = (rnd: Random, n: number) => Math.floor(rnd() * n);
const pick = <T>(rnd: Random, items: readonly T[]): T => items[int(rnd, items.length)] as T;

const encoder = new TextEncoder();

/** Bytes and tokens the formats give meaning to, and numbers at the edges of what they hold. */
const TOKENS: readonly Uint8Array[] = [
  ...'"\\{},= \t\n#e+-.0123456789_:'.split(""),
  "\\\\", '\\"', "\\n", "\\x", "NaN", "+Inf", "-Inf", "Inf", "# EOF\n", "# EOF", "\n\n", " # ",
  'le="+Inf"', 'le="-1"', 'le="NaN"', 'quantile="0.5"', 'quantile="2"', "_total", "_created", "_bucket", "_count", "_sum", "_gcount", "_gsum", "_info",
  "# TYPE a histogram\n", "# TYPE a summary\n", "# TYPE a counter\n", "# TYPE a unknown\n", "# TYPE a gaugehistogram\n", "# TYPE a stateset\n",
  "# HELP a h\n", "# UNIT a_seconds seconds\n", ' # {a="b"} 1 1', '{"a.b"}', '"ü"', "é", "日本", "😀", "\u2028",
  "1e307", "1e308", "1e309", "0e500000000", "1e-9999999999", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
  "9007199254740993", "1.2345678956789012e+14", "567890.12389", "-0", "0x10", "1_000", ".5", "5.",
].map((t) => encoder.encode(t));
const RAW_BYTES = [0x00, 0x7f, 0x80, 0xbf, 0xc0, 0xc3, 0xe2, 0xed, 0xef, 0xf0, 0xf4, 0xff, 0x0d, 0x0b, 0x0c];
const NUMBERS = ["0", "1", "-1", "NaN", "+Inf", "-Inf", "1e307", "0e500000000", "1e-400", "1.5", "-1.5", "1e+06", "9007199254740993", "123456789567890.1234567890", "0.0000800010", "4.9e-324"];

function lineRanges(bytes: Uint8Array): [number, number][] {
  const ranges: [number, number][] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 10) {
      ranges.push([start, i + 1]);
      start = i + 1;
    }
  }
  if (start < bytes.length) ranges.push([start, bytes.length]);
  return ranges;
}

/** Number-like runs (digits, signs, points, exponents, Inf/NaN) with their offsets. */
function numberRuns(bytes: Uint8Array): [number, number][] {
  const runs: [number, number][] = [];
  const text = new TextDecoder().decode(bytes);
  if (text.length !== bytes.length) return runs; // offsets would not be byte offsets
  for (const m of text.matchAll(/[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+|Inf|NaN)/g)) runs.push([m.index, m.index + m[0].length]);
  return runs;
}

type Mutation = (rnd: Random, b: Uint8Array, other: Uint8Array) => Uint8Array;

const MUTATIONS: readonly Mutation[] = [
  // flip a bit
  (rnd, b) => {
    if (b.length === 0) return b;
    const out = b.slice();
    const at = int(rnd, b.length);
    out[at] = (out[at] as number) ^ (1 << int(rnd, 8));
    return out;
  },
  // set a byte
  (rnd, b) => {
    if (b.length === 0) return b;
    const out = b.slice();
    out[int(rnd, b.length)] = rnd() < 0.5 ? pick(rnd, RAW_BYTES) : (pick(rnd, TOKENS)[0] ?? 0);
    return out;
  },
  // insert a token or a raw byte
  (rnd, b) => {
    const at = int(rnd, b.length + 1);
    const token = rnd() < 0.8 ? pick(rnd, TOKENS) : Uint8Array.of(pick(rnd, RAW_BYTES));
    return concatBytes([b.subarray(0, at), token, b.subarray(at)]);
  },
  // delete a range
  (rnd, b) => {
    if (b.length === 0) return b;
    const at = int(rnd, b.length);
    return concatBytes([b.subarray(0, at), b.subarray(Math.min(b.length, at + 1 + int(rnd, 8)))]);
  },
  // duplicate a range
  (rnd, b) => {
    if (b.length === 0) return b;
    const at = int(rnd, b.length);
    const end = Math.min(b.length, at + 1 + int(rnd, 16));
    return concatBytes([b.subarray(0, end), b.subarray(at, end), b.subarray(end)]);
  },
  // duplicate, drop or swap lines
  (rnd, b) => {
    const lines = lineRanges(b).map(([s, e]) => b.subarray(s, e));
    if (lines.length === 0) return b;
    const i = int(rnd, lines.length);
    const j = int(rnd, lines.length);
    const op = int(rnd, 3);
    if (op === 0) lines.splice(j, 0, lines[i] as Uint8Array);
    else if (op === 1) lines.splice(i, 1);
    else [lines[i], lines[j]] = [lines[j] as Uint8Array, lines[i] as Uint8Array];
    return concatBytes(lines);
  },
  // splice in a line of another input
  (rnd, b, other) => {
    const theirs = lineRanges(other);
    if (theirs.length === 0) return b;
    const [s, e] = pick(rnd, theirs);
    const ours = lineRanges(b);
    const at = ours.length === 0 ? 0 : (pick(rnd, ours)[0] as number);
    return concatBytes([b.subarray(0, at), other.subarray(s, e), b.subarray(at)]);
  },
  // replace a number by one at the edges
  (rnd, b) => {
    const runs = numberRuns(b);
    if (runs.length === 0) return b;
    const [s, e] = pick(rnd, runs);
    return concatBytes([b.subarray(0, s), encoder.encode(pick(rnd, NUMBERS)), b.subarray(e)]);
  },
];

/** One to four mutations of `bytes`; `other` is where spliced lines come from. */
export function mutate(rnd: Random, bytes: Uint8Array, other: Uint8Array): Uint8Array {
  let out = bytes;
  const n = 1 + int(rnd, 4);
  for (let i = 0; i < n; i++) out = pick(rnd, MUTATIONS)(rnd, out, other);
  return out;
}
