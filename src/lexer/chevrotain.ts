import { createRequire } from "node:module";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

/**
 * chevrotain, loaded from the single-file ESM bundle it ships: its package entry point pulls
 * in hundreds of lodash-es modules and takes ~200 ms to load, the bundle ~15 ms, and a lint
 * run's start-up is paid on every CI step. The package's `exports` do not expose the bundle's
 * path, so it is found beside the entry point; the entry point itself is the fallback.
 */
type Chevrotain = typeof import("chevrotain");

async function load(): Promise<Chevrotain> {
  const entry = createRequire(import.meta.url).resolve("chevrotain");
  const bundle = join(dirname(entry), "..", "chevrotain.mjs");
  if (existsSync(bundle)) return (await import(pathToFileURL(bundle).href)) as Chevrotain;
  return import("chevrotain");
}

const chevrotain = await load();

export const { createToken, createSyntaxDiagramsCode, EmbeddedActionsParser, EOF, Lexer } = chevrotain;
export type { IRecognitionException, ISerializedGast, IToken, TokenType } from "chevrotain";
