import { getHeapSpaceStatistics, getHeapStatistics, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/**
 * Heap growth between full collections while a long input is read: this, or half the live heap
 * if more. With the young generation stopped at 8 MiB, 1 GB from standard input peaks at 128–134
 * MiB (24 MiB: 137–148; 12 MiB: 117–120, but 100 MB lints 9% slower).
 */
const SLACK = 16 * 1024 * 1024;

let collect: (() => void) | undefined;

/**
 * The chunks of a long input, with a full garbage collection whenever the heap has grown by
 * SLACK (or by half of what the last one left, if that is more: a large open family is not
 * collected over and over) since the last one. A stream's families are short-lived but outlive the young
 * generation, so V8 would let the old generation fill with them up to several hundred MiB
 * before collecting; collecting early keeps a 1 GB lint near its live memory. The CLI owns its
 * process, so it may ask V8 for the collector (`--expose-gc` for a context of its own).
 */
export async function* withBoundedHeap<T>(chunks: AsyncIterable<T>): AsyncGenerator<T> {
  let limit = getHeapStatistics().used_heap_size + SLACK;
  for await (const chunk of chunks) {
    yield chunk;
    if (!youngGenerationCapped) capYoungGeneration();
    if (getHeapStatistics().used_heap_size > limit) {
      fullCollection();
      const used = getHeapStatistics().used_heap_size;
      limit = used + Math.max(SLACK, used / 2);
    }
  }
}

/** The young generation's size (`new_space`'s space_size: both semi-spaces) past which it grows no more. */
const YOUNG_GENERATION = 8 * 1024 * 1024;
let youngGenerationCapped = false;

/**
 * Under a long stream of allocations V8 grows its young generation up to 32 MiB. Stopped at 8
 * MiB, most of a family's parts are collected young: 100 MB lints with 427 scavenges (402 ms) and
 * 8 full collections, where stopped at 4 MiB (the size it already has when the first chunk comes,
 * so it never grew) it took 984 (899 ms) and 27, and 3.9 s instead of 3.1. At 16 MiB it is no
 * faster, and a 1 GB lint peaks at 143 MiB instead of 132. Set here, not on the command line,
 * where any V8 flag costs every run the code cache of Node's own modules (see launcher.ts).
 */
function capYoungGeneration(): void {
  const young = getHeapSpaceStatistics().find((space) => space.space_name === "new_space");
  if (young === undefined || young.space_size < YOUNG_GENERATION) return;
  setFlagsFromString("--semi-space-growth-factor=1");
  youngGenerationCapped = true;
}

function fullCollection(): void {
  if (collect === undefined) {
    setFlagsFromString("--expose-gc");
    collect = runInNewContext("gc") as () => void;
  }
  collect();
}
