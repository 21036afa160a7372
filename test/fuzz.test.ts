/**
 * The fuzz properties (fuzz/properties.ts) over: our regression fixtures (fixtures/fuzz, each
 * with the output it must be written as, where the bug was in the output), the inputs found by
 * fuzzing in ../shared/fuzz-found, and a short deterministic run of `npm run fuzz`'s inputs.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { InputSource, loadCorpus, runFuzz } from "../fuzz/engine.js";
import { checkInput, FORMATS, TARGETS, type Failure, type Format, type Target } from "../fuzz/properties.js";
import { parse } from "../src/parser/parse.js";
import { serialize } from "../src/serialize/serialize.js";

const lib = { parse, serialize };
const root = resolve(import.meta.dirname, "..");
const FIXTURES = join(root, "fixtures/fuzz");
const SHARED_FOUND = resolve(root, "../shared/fuzz-found");
const CONFORMANCE = resolve(root, "../shared/conformance");
const sharedAvailable = existsSync(SHARED_FOUND);

const explain = (failures: readonly Failure[]) => failures.map((f) => `${f.assertion} ${JSON.stringify(f.options)}: ${f.detail.slice(0, 800)}`);

describe("fuzz regression fixtures (fixtures/fuzz)", () => {
  const files = readdirSync(FIXTURES).sort();
  const inputs = files.filter((f) => /\.(om|prom)$/.test(f) && !f.includes(".expected."));

  it("has the inputs", () => {
    expect(inputs.length).toBeGreaterThanOrEqual(20);
  });

  for (const name of inputs) {
    it(`${name}: every fuzz property holds in every input format and for every target`, () => {
      expect(explain(checkInput(lib, readFileSync(join(FIXTURES, name))))).toEqual([]);
    });
  }

  for (const expected of files.filter((f) => f.includes(".expected."))) {
    const base = expected.replace(/\.expected\.(om|prom)$/, "");
    const input = inputs.find((f) => f === `${base}.om` || f === `${base}.prom`);
    const format = expected.endsWith(".om") ? "openmetrics" : "prometheus";
    it(`${input}: written in ${format} as ${expected}`, () => {
      expect(input).toBeDefined();
      const result = parse(readFileSync(join(FIXTURES, input!)));
      expect(serialize(result.families, { format }).text).toBe(readFileSync(join(FIXTURES, expected), "utf8"));
    });
  }
});

describe.skipIf(!sharedAvailable)(
  sharedAvailable ? "inputs found by fuzzing (../shared/fuzz-found)" : "inputs found by fuzzing (skipped: ../shared/fuzz-found is absent; fixtures/fuzz has the minimal ones)",
  () => {
    const cases = sharedAvailable
      ? readdirSync(SHARED_FOUND)
          .filter((f) => f.endsWith(".input"))
          .sort()
          .map((f) => {
            const meta = readFileSync(join(SHARED_FOUND, f.replace(/\.input$/, ".txt")), "utf8");
            const options = JSON.parse(/^options: (.*)$/m.exec(meta)?.[1] ?? "{}") as { format: Format; target: Target };
            const assertion = /^assertion: (.*)$/m.exec(meta)?.[1] ?? "?";
            return { name: f, assertion, options, bytes: readFileSync(join(SHARED_FOUND, f)) };
          })
      : [];

    it("has the inputs (16 when this was written)", () => {
      expect(cases.length).toBeGreaterThanOrEqual(16);
    });

    for (const c of cases) {
      it(`${c.name} (${c.assertion} with ${JSON.stringify(c.options)}): every fuzz property holds, in every format and for every target`, () => {
        expect(FORMATS).toContain(c.options.format);
        expect(TARGETS).toContain(c.options.target);
        expect(explain(checkInput(lib, c.bytes))).toEqual([]);
      });
    }
  },
);

describe("a short fuzz run (npm run fuzz does 10^7)", () => {
  it("3,000 generated and mutated inputs, seed 20261203: no property fails", () => {
    const corpus = loadCorpus([CONFORMANCE, join(root, "fixtures")]);
    const failures: string[] = [];
    const run = runFuzz(lib, {
      seed: 20261203,
      count: 3000,
      seconds: 0,
      corpus,
      onFailure: (index, input, origin, failure) => failures.push(`input ${index} (${origin}) ${JSON.stringify(new TextDecoder().decode(input)).slice(0, 300)}: ${explain([failure])[0]}`),
    });
    expect(run.inputs).toBe(3000);
    expect(failures).toEqual([]);
  });

  it("makes input i from (seed, i) alone, so that --from I goes on with a run's own inputs", () => {
    const corpus = loadCorpus([join(root, "fixtures")]);
    const before = corpus.map((bytes) => Buffer.from(bytes).toString("hex"));
    const continuous = new InputSource(20261203, corpus);
    const made = Array.from({ length: 2000 }, (_, i) => Buffer.from(continuous.input(i).bytes).toString("hex"));
    expect(corpus.map((bytes) => Buffer.from(bytes).toString("hex"))).toEqual(before);
    const resumed = new InputSource(20261203, loadCorpus([join(root, "fixtures")]));
    for (const i of [1999, 1500, 1000, 7]) expect(Buffer.from(resumed.input(i).bytes).toString("hex"), `input ${i}`).toBe(made[i]);
  });
});
