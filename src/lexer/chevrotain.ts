import { createRequire } from "node:module";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * chevrotain, loaded on first use from the single-file ESM bundle it ships: most inputs never
 * need the grammar (the fast path reads every well-formed line), and a lint run's start-up is
 * paid on every CI step. The package entry point pulls in hundreds of lodash-es modules (about
 * 450 ms), the bundle about 25 ms. The package's `exports` do not expose the bundle's path, so
 * it is found beside the entry point; the entry point itself is the fallback. Both are ES
 * modules without top-level await, which Node >= 20.19 loads with require().
 */
export type Chevrotain = typeof import("chevrotain");
export type { IRecognitionException, ISerializedGast, IToken, TokenType } from "chevrotain";

let loaded: Chevrotain | undefined;

export function chevrotain(): Chevrotain {
  if (loaded === undefined) {
    const require = createRequire(import.meta.url);
    const bundle = join(dirname(require.resolve("chevrotain")), "..", "chevrotain.mjs");
    loaded = (existsSync(bundle) ? require(bundle) : require("chevrotain")) as Chevrotain;
  }
  return loaded;
}
