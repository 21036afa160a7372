import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "../src/index.js";
import { SeriesTable } from "../src/parser/series-table.js";

describe("SeriesTable", () => {
  it("stores and finds what a Map does, through growth and clashing slots", () => {
    // hashes from a small pool that differ only in their high or low bits, so that probes meet
    const hash = fc.oneof(fc.integer({ min: -8, max: 8 }), fc.integer({ min: 0, max: 64 }).map((k) => (k << 26) | 0), fc.integer());
    const op = fc.record({ hash, value: fc.oneof(fc.constant(-1), fc.integer({ min: 1, max: 1_000_000 })), lookup: hash });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        const table = new SeriesTable();
        const model = new Map<number, number>();
        for (const { hash, value, lookup } of ops) {
          table.set(hash, value);
          model.set(hash, value);
          expect(table.get(lookup)).toBe(model.get(lookup) ?? 0);
        }
        for (const [h, v] of model) expect(table.get(h)).toBe(v);
      }),
      { numRuns: 300 },
    );
  });
});

describe("series lookup in the assembler", () => {
  // 2^17 series: about 2 pairs of them share a 32-bit label-set hash in a run (the seeds are new in
  // every process), so the path that tells colliding series apart runs in most runs of this test
  const n = 2 ** 17;
  const lines = (order: (i: number) => string) => Array.from({ length: n }, (_, i) => order(i)).join("");

  it("finds every series again among 2^17, in either label order", () => {
    const text = `# TYPE a gauge\n${lines((i) => `a{x="${i}",y="${i % 7}"} 1\n`)}${lines((i) => `a{y="${i % 7}",x="${i}"} 2\n`)}`;
    const result = parse(text, { format: "prometheus" });
    expect(result.families[0]?.metrics.length).toBe(n);
    const repeated = result.diagnostics.filter((d) => d.code === "repeated-series");
    expect(repeated.length).toBe(n);
    expect(repeated[n - 1]?.message).toContain(`line ${n + 1}`);
  });

  it("keeps 2^17 histogram series apart and gives each its own buckets", () => {
    const text = `# TYPE h histogram\n${lines((i) => `h_bucket{x="${i}",le="1"} ${i}\n`)}${lines((i) => `h_bucket{x="${i}",le="+Inf"} ${i}\nh_count{x="${i}"} ${i}\n`)}`;
    const result = parse(text, { format: "prometheus" });
    const metrics = result.families[0]?.metrics ?? [];
    expect(metrics.length).toBe(n);
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    for (const i of [0, 1, 77_777, n - 1]) {
      expect(metrics[i]?.samples.map((s) => `${s.name} ${s.value}`)).toEqual([`h_bucket ${i}`, `h_bucket ${i}`, `h_count ${i}`]);
    }
  });
});
