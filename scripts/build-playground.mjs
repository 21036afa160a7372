// Builds dist/playground/index.html: the page's markup (src/playground/index.html) with its CSS and
// its script (src/playground/main.ts and the library, bundled for browsers) inlined, so the one
// file works opened from disk (file://) as well as served by `promtext playground`. It loads
// nothing from anywhere: no CDN, no fonts, no second file.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const source = (path) => readFileSync(join(root, path), "utf8");
const version = JSON.parse(source("package.json")).version;

const bundle = await build({
  entryPoints: [join(root, "src/playground/main.ts")],
  bundle: true,
  platform: "browser",
  format: "iife",
  target: "es2022",
  minify: true,
  write: false,
  legalComments: "eof",
  logLevel: "warning",
  // chevrotain.ts reads import.meta.url only to load chevrotain on Node; the page's library is handed it (src/browser.ts)
  logOverride: { "empty-import-meta": "silent" },
  define: {
    __PROMTEXT_VERSION__: JSON.stringify(version),
    // the examples the page's buttons load: the README's example, and a pair to compare
    __PLAYGROUND_EXAMPLES__: JSON.stringify({
      input: source("fixtures/example.prom"),
      before: source("fixtures/diff/exporter-upgrade/before.prom"),
      after: source("fixtures/diff/exporter-upgrade/after.prom"),
    }),
  },
});
// An inline script ends at the first "</script", and a "<!--" in it changes how the HTML parser
// reads what follows (chevrotain's diagram template has one). Both can be only in a string,
// template or regular expression, where \x3C is the same "<".
const script = bundle.outputFiles[0].text.replace(/<(?=\/script|!--)/gi, "\\x3C");

// the script last, so that nothing in it is taken for a placeholder
const page = source("src/playground/index.html")
  .replaceAll("{{version}}", version)
  .replace("/* playground:style */", () => source("src/playground/style.css").trim())
  .replace("/* playground:script */", () => script.trim());
mkdirSync(join(root, "dist/playground"), { recursive: true });
writeFileSync(join(root, "dist/playground/index.html"), page);
