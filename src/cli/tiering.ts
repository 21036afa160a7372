import { setFlagsFromString } from "node:v8";

/**
 * Up to this many bytes linted in one process, V8's optimizing compiler (TurboFan) is left off:
 * such a run ends before optimized code pays back its compiling, which runs on the other core
 * and which Node waits for before it exits. Measured against the build before (alternating
 * runs, the paired median): 100 KB 23–35 ms faster, 300 KB 21 ms, 500 KB 19 ms, but 1 MB 13 ms
 * slower.
 */
const SHORT_RUN_BYTES = 512 * 1024;

let bytesLinted = 0;

/**
 * `work` on an input of `bytes`, without TurboFan while the process has linted at most
 * SHORT_RUN_BYTES in all (many small inputs add up to a long run). The flag is set at run time
 * and set back after: on the command line any V8 flag costs the code cache of Node's own
 * modules (see launcher.ts), and a flag still set when the build writes the program's code
 * cache would make V8 refuse that cache in every run.
 */
export function withShortRunTiering<T>(bytes: number, work: () => T): T {
  bytesLinted += bytes;
  if (bytesLinted > SHORT_RUN_BYTES) return work();
  setFlagsFromString("--no-turbofan");
  try {
    return work();
  } finally {
    setFlagsFromString("--turbofan");
  }
}
