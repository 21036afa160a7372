import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Script } from "node:vm";
import { afterAll, describe, expect, it } from "vitest";

const dir = join(import.meta.dirname, "..", "dist", "cli");
const program = join(dir, "program.cjs");
const cache = join(dir, "program.cache");
const launcher = join(dir, "promtext.cjs");

/** The launcher's wrapper of the bundle (src/cli/launcher.ts): V8 accepts a cache only for the same source length. */
const wrapped = (code: string) => `(function (exports, require, module, __filename, __dirname) {${code}\n})`;

describe.skipIf(!existsSync(cache))("the CLI's code cache (needs npm run build)", () => {
  const copies: string[] = [];
  afterAll(() => copies.forEach((d) => rmSync(d, { recursive: true, force: true })));

  /** The launcher, bundle and cache in a directory of their own, the cache replaced by `cacheBytes`. */
  function copyWith(cacheBytes: Buffer): string {
    const d = mkdtempSync(join(tmpdir(), "promtext-launcher-"));
    copies.push(d);
    copyFileSync(launcher, join(d, "promtext.cjs"));
    copyFileSync(program, join(d, "program.cjs"));
    writeFileSync(join(d, "program.cache"), cacheBytes);
    return d;
  }
  const lint = (d: string) => spawnSync(process.execPath, [join(d, "promtext.cjs"), "lint", "-"], { input: "# TYPE m gauge\nm{a=\"1\"} 1\nm{a=\"1\"} 2\n", encoding: "utf8" });

  it("is made for this bundle, and this Node accepts it", () => {
    const bytes = readFileSync(cache);
    const header = `promtext code cache ${statSync(program).size}\n`;
    expect(bytes.subarray(0, header.length).toString()).toBe(header);
    const script = new Script(wrapped(readFileSync(program, "utf8")), { filename: program, cachedData: bytes.subarray(header.length) });
    expect(script.cachedDataRejected).toBe(false);
  });

  it("runs the same without a usable cache: another bundle's, or a damaged one", () => {
    const expected = lint(dir);
    expect(expected.stdout).toContain("repeated-series");
    const valid = readFileSync(cache);
    const header = valid.subarray(0, valid.indexOf(10) + 1);
    for (const bytes of [Buffer.from(`promtext code cache 1\n${"x".repeat(100)}`), Buffer.concat([header, Buffer.alloc(1000, 7)]), Buffer.alloc(0)]) {
      const r = lint(copyWith(bytes));
      expect(r.stderr).toBe(expected.stderr);
      expect(r.stdout).toBe(expected.stdout);
      expect(r.status).toBe(expected.status);
    }
  });
});
