import { readFileSync } from "node:fs";

/** Set by the CLI bundle's build (package.json "bundle"), which saves reading package.json on every run. */
declare const __PROMTEXT_VERSION__: string | undefined;

/** promtext's version, from its package.json. */
export const VERSION =
  typeof __PROMTEXT_VERSION__ === "string" ? __PROMTEXT_VERSION__ : (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;
