import type { ChildProcess } from "node:child_process";
import { createRequire } from "node:module";

/**
 * `node:child_process` as commander uses it, loaded on first use: commander needs it only to run
 * executable subcommands (promtext has none), but its top-level require of it loads net, dgram
 * and more on every run. The bundle aliases commander's import to this module (package.json,
 * "bundle"); nothing else imports it.
 */
export function spawn(...args: unknown[]): ChildProcess {
  const real = createRequire(import.meta.url)("node:child_process") as typeof import("node:child_process");
  return (real.spawn as (...a: unknown[]) => ChildProcess)(...args);
}
