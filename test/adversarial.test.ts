import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Hostile inputs through the library, each in a process of its own with a heap limit, so that
 * a blow-up of memory fails the test (the heap limit) and so does a blow-up of time (the
 * test's timeout). Their times and peak RSS, through the CLI, are measured by bench/hostile.mjs, not asserted here.
 */
const dist = resolve("dist/index.js");

function run(make: string, check: string, heapMb: number): unknown {
  const script = `
    import { parse } from ${JSON.stringify(dist)};
    const input = (${make})();
    const result = parse(input);
    const out = (${check})(result);
    process.stdout.write(JSON.stringify(out));`;
  const child = spawnSync(process.execPath, [`--max-old-space-size=${heapMb}`, "--input-type=module", "-e", script], { encoding: "utf8", maxBuffer: 1 << 26 });
  expect(child.stderr, "the child process failed").toBe("");
  expect(child.status).toBe(0);
  return JSON.parse(child.stdout);
}

const codes = `(r) => ({ valid: r.valid, codes: [...new Set(r.diagnostics.map((d) => d.code))], diagnostics: r.diagnostics.length, families: r.families.length, samples: r.samples, longest: r.diagnostics.reduce((m, d) => Math.max(m, d.message.length), 0) })`;

describe.skipIf(!existsSync(dist))("hostile input, in bounded memory (needs npm run build)", () => {
  it("a 100 MB line: an unterminated quoted label value", () => {
    const got = run(`() => 'a{x="' + "v".repeat(100_000_000) + "\\n"`, codes, 1500) as Record<string, unknown>;
    expect(got).toMatchObject({ valid: false, codes: ["label-value-unterminated"], diagnostics: 1 });
  });

  it("a 50 MB label value is read whole", () => {
    const got = run(`() => 'a{x="' + "v".repeat(50_000_000) + '"} 1\\n'`, `(r) => ({ valid: r.valid, length: r.families[0].metrics[0].labels[0].value.length })`, 1000);
    expect(got).toEqual({ valid: true, length: 50_000_000 });
  });

  it("a 20 MB value is named in a message of bounded length", () => {
    const got = run(`() => "a " + "1".repeat(20_000_000) + "\\n"`, codes, 1000) as Record<string, number>;
    expect(got).toMatchObject({ codes: ["value-out-of-range"], diagnostics: 1 });
    expect(got["longest"]).toBeLessThan(400);
  });

  it("10⁶ labels on one series, and 10⁶ names repeated 1,000 times", () => {
    const many = run(`() => "a{" + Array.from({ length: 1_000_000 }, (_, i) => "l" + i + '="v"').join(",") + "} 1\\n"`, `(r) => ({ valid: r.valid, labels: r.families[0].metrics[0].labels.length })`, 1500);
    expect(many).toEqual({ valid: true, labels: 1_000_000 });
    const repeated = run(`() => "a{" + Array.from({ length: 1_000_000 }, (_, i) => "l" + (i % 1000) + '="v"').join(",") + "} 1\\n"`, codes, 1500);
    expect(repeated).toMatchObject({ valid: false, codes: ["duplicate-label-name"], diagnostics: 999_000 });
  });

  it("10⁶ tiny families", () => {
    const got = run(`() => Array.from({ length: 1_000_000 }, (_, i) => "f" + i + " 1").join("\\n") + "\\n"`, codes, 1500);
    expect(got).toMatchObject({ valid: true, families: 1_000_000, samples: 1_000_000 });
  });

  it("10⁵ tiny histogram families, with little memory outside the heap", () => {
    // each family's buckets are kept in columns: typed arrays there once cost 1.5 KiB of ArrayBuffers a family
    const got = run(
      `() => Array.from({ length: 100_000 }, (_, i) => "# TYPE h" + i + " histogram\\nh" + i + '_bucket{le="1"} 1\\nh' + i + '_bucket{le="+Inf"} 1\\nh' + i + "_count 1\\nh" + i + "_sum 1").join("\\n") + "\\n"`,
      `(r) => ({ valid: r.valid, families: r.families.length, samples: r.samples, outsideHeapMiB: Math.round(process.memoryUsage().arrayBuffers / 2 ** 20) })`,
      1000,
    ) as Record<string, unknown>;
    expect(got).toMatchObject({ valid: true, families: 100_000, samples: 400_000 });
    expect(got["outsideHeapMiB"]).toBeLessThan(16);
  });

  it("runs of backslashes, escaped and not", () => {
    const even = run(`() => 'a{x="' + "\\\\\\\\".repeat(5_000_000) + '"} 1\\n'`, `(r) => ({ valid: r.valid, length: r.families[0].metrics[0].labels[0].value.length })`, 1000);
    expect(even).toEqual({ valid: true, length: 5_000_000 });
    const odd = run(`() => 'a{x="' + "\\\\".repeat(10_000_001) + '"} 1\\n'`, codes, 1000);
    expect(odd).toMatchObject({ valid: false, codes: ["label-value-unterminated"] });
  });

  it("invalid UTF-8 everywhere, and a file of NULs", () => {
    const bytes = run(`() => { const b = new Uint8Array(10_000_000); for (let i = 0; i < b.length; i++) b[i] = 0x80 + (i % 0x7f); return b; }`, codes, 1000) as Record<string, unknown>;
    expect(bytes).toMatchObject({ valid: false });
    expect(bytes["codes"]).toContain("invalid-utf8");
    const nul = run(`() => new Uint8Array(10_000_000)`, codes, 1000);
    expect(nul).toMatchObject({ valid: false, codes: ["unexpected-character", "nul-input", "missing-final-newline"] });
  });

  it("a terminal escape sequence in the input is escaped in the message", () => {
    const got = run(`() => "a{x=\\"\\u001b[2J\\u001b[31mfake\\"} 1 2 3\\n"`, `(r) => r.diagnostics.map((d) => d.message)`, 200) as string[];
    expect(got.length).toBeGreaterThan(0);
    for (const message of got) expect(message).not.toMatch(/\u001b/);
  });
});
