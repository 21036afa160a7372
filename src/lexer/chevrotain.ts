import { nodeBuiltin } from "../runtime/node-builtin.js";

/**
 * chevrotain, loaded on first use from the single-file ESM bundle it ships: most inputs never
 * need the grammar (the fast path reads every well-formed line), and a lint run's start-up is
 * paid on every CI step. The package entry point pulls in hundreds of lodash-es modules (about
 * 450 ms), the bundle about 25 ms. The package's `exports` do not expose the bundle's path, so
 * it is found beside the entry point; the entry point itself is the fallback. Both are ES
 * modules without top-level await, which Node >= 20.19 loads with require(). Node's modules are
 * asked for at run time, so that a browser bundle resolves; there the browser entry provides
 * chevrotain.
 */
export type Chevrotain = typeof import("chevrotain");
export type { IRecognitionException, ISerializedGast, IToken, TokenType } from "chevrotain";

let loaded: Chevrotain | undefined;

/** chevrotain as a bundler imported it, for the browser entry (src/browser.ts), which has no way to load it on first use. */
export function provideChevrotain(module: Chevrotain): void {
  loaded = module;
}

export function chevrotain(): Chevrotain {
  if (loaded === undefined) {
    const nodeModule = nodeBuiltin<typeof import("node:module")>("node:module");
    const fs = nodeBuiltin<typeof import("node:fs")>("node:fs");
    const path = nodeBuiltin<typeof import("node:path")>("node:path");
    if (nodeModule === undefined || fs === undefined || path === undefined) {
      throw new Error('chevrotain is not loaded: outside Node, use promtext\'s browser entry (the package\'s "browser" condition)');
    }
    const require = nodeModule.createRequire(import.meta.url);
    const bundle = path.join(path.dirname(require.resolve("chevrotain")), "..", "chevrotain.mjs");
    loaded = (fs.existsSync(bundle) ? require(bundle) : require("chevrotain")) as Chevrotain;
  }
  return loaded;
}
