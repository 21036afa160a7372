#!/usr/bin/env node
/**
 * The `promtext` executable: runs the CLI program (program.cjs, one bundle) from V8's code cache
 * made at build time (program.cache), so a run does not parse and compile the bundle again: a
 * lint of 100 KB is mostly start-up. The cache is used when V8 accepts it (same V8 version and
 * flags) and its header names the bundle's size; V8 itself checks no more of the source than
 * its length, so the build deletes the cache before it bundles and makes it after (a bundle
 * edited by hand to the same length needs `npm run code-cache`). Modification times are not
 * compared: npm's tarballs reset them.
 *
 * Node's own V8 flags are left alone on purpose: any flag (`--max-semi-space-size` say) makes V8
 * refuse the code cache of Node's built-in modules, about 20 ms per run.
 */
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Script } from "node:vm";

const here = dirname(fileURLToPath(import.meta.url));
const programPath = join(here, "program.cjs");
const cachePath = join(here, "program.cache");
/** Set by the build (package.json, "code-cache"): run, then write the cache with every function the run compiled. */
const WRITE_CACHE = "PROMTEXT_WRITE_CODE_CACHE";

function stamp(): Buffer {
  return Buffer.from(`promtext code cache ${statSync(programPath).size}\n`);
}

function cacheFor(header: Buffer): Buffer | undefined {
  try {
    const data = readFileSync(cachePath);
    return data.subarray(0, header.length).equals(header) ? data.subarray(header.length) : undefined;
  } catch {
    return undefined;
  }
}

const header = stamp();
const writing = process.env[WRITE_CACHE] === "1";
const script = new Script(`(function (exports, require, module, __filename, __dirname) {${readFileSync(programPath, "utf8")}\n})`, {
  filename: programPath,
  cachedData: writing ? undefined : cacheFor(header),
});
if (writing) {
  process.once("beforeExit", () => writeFileSync(cachePath, Buffer.concat([header, script.createCachedData()])));
}
const module = { exports: {} };
(script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, createRequire(programPath), module, programPath, here);
