import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runInContext, createContext } from "node:vm";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");

/** What a page does with the library: every part of it once, the grammar included (`bad{ 2`). */
const PAGE = `
import { diff, gateway, lint, parse, serialize } from "promtext";
const linted = lint("# TYPE m gauge\\nm 1\\nbad{ 2\\n");
const pushed = gateway.applyRequest(gateway.createGateway(), { method: "PUT", path: "/metrics/job/x", contentType: "text/plain; version=0.0.4", body: new TextEncoder().encode("# TYPE m gauge\\nm 1\\n") }, { now: 1700000000 });
globalThis.result = {
  codes: linted.diagnostics.map((d) => d.code),
  openMetrics: serialize(parse("m 1\\n").families, { format: "openmetrics" }).text,
  equal: diff(parse("m 1\\n").families, parse("m 2\\n").families).equal,
  status: pushed.status,
  exposed: gateway.exposeMetrics(pushed.state).includes('m{instance="",job="x"} 1'),
};
`;

/** A project with the packed package (and chevrotain) installed, and `page.js` using it as `specifier`. */
function projectWithPackage(specifier: string): string {
  const project = mkdtempSync(join(tmpdir(), "promtext-browser-"));
  const tarball = execFileSync("npm", ["pack", "--ignore-scripts", "--silent", "--pack-destination", project], { cwd: root, encoding: "utf8" }).trim().split("\n").pop()!;
  mkdirSync(join(project, "node_modules", "promtext"), { recursive: true });
  execFileSync("tar", ["-xzf", join(project, tarball), "-C", join(project, "node_modules", "promtext"), "--strip-components=1"]);
  symlinkSync(join(root, "node_modules", "chevrotain"), join(project, "node_modules", "chevrotain"));
  writeFileSync(join(project, "page.js"), PAGE.replace('from "promtext"', `from "${specifier}"`));
  return project;
}

const EXPECTED = {
  codes: ["help-missing", "unexpected-character"],
  openMetrics: "# TYPE m unknown\nm 1.0\n# EOF\n",
  equal: false,
  status: 200,
  exposed: true,
};

describe.skipIf(!existsSync(join(root, "dist", "browser.js")))("promtext in a browser bundle (needs npm run build)", () => {
  it("the packed package bundles for the browser and runs in a context with only a browser's globals", async () => {
    const project = projectWithPackage("promtext");
    await build({ entryPoints: [join(project, "page.js")], bundle: true, platform: "browser", format: "iife", outfile: join(project, "page.bundle.js"), logLevel: "silent" });
    // a browser's globals, and none of Node's (no process, Buffer or require)
    const context = createContext({ TextDecoder, TextEncoder, btoa, atob, console });
    runInContext(readFileSync(join(project, "page.bundle.js"), "utf8"), context);
    expect(context["result"]).toEqual(EXPECTED);
  });

  it("promtext/bundled makes a Node bundle that runs where no node_modules are", async () => {
    const project = projectWithPackage("promtext/bundled");
    writeFileSync(join(project, "page.js"), `${readFileSync(join(project, "page.js"), "utf8")}\nconsole.log(JSON.stringify(globalThis.result));\n`);
    const elsewhere = mkdtempSync(join(tmpdir(), "promtext-elsewhere-"));
    await build({ entryPoints: [join(project, "page.js")], bundle: true, platform: "node", format: "esm", outfile: join(elsewhere, "app.mjs"), logLevel: "silent" });
    const out = execFileSync(process.execPath, [join(elsewhere, "app.mjs")], { cwd: elsewhere, encoding: "utf8" });
    expect(JSON.parse(out)).toEqual(EXPECTED);
  });
});
