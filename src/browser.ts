/**
 * The library for browser bundles (the package's "browser" condition): what src/index.ts
 * exports, with chevrotain imported by the bundler, since a browser cannot load it on first use
 * as Node does. The gateway model reads gzip bodies on Node only.
 */
import * as bundledChevrotain from "chevrotain";
import { provideChevrotain } from "./lexer/chevrotain.js";

provideChevrotain(bundledChevrotain);

export * from "./index.js";
