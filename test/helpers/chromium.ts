import { existsSync } from "node:fs";

/** Debian's Chromium (the chromium package; .ci/run installs it), which puppeteer-core drives: no browser is downloaded. */
export const CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((path) => existsSync(path));

export const CHROMIUM_SKIP = "Chromium is not installed (Debian's chromium package; .ci/run installs it)";
