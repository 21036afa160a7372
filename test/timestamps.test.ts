/**
 * Timestamps between OpenMetrics seconds and milliseconds, both ways, exactly: the decimal point
 * of the written value moves, nothing is rounded but the one conversion to a double, and no
 * exponent is spelled out (issues 14 and 15).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { MetricFamily } from "../src/index.js";
import { parseJson } from "../src/parser/from-json.js";
import { parse } from "../src/parser/parse.js";
import { secondsTextToMs } from "../src/parser/values.js";
import { serialize } from "../src/serialize/serialize.js";

const DIST = join(import.meta.dirname, "../dist/index.js");
const om = (text: string) => parse(text, { format: "openmetrics" });
const firstSample = (families: readonly MetricFamily[]) => families[0]!.metrics[0]!.samples[0]!;

function gauge(ms: number): MetricFamily[] {
  const sample = { name: "g", labels: [], value: 1, valueText: "1", timestamp: ms, offset: 0, line: 1 };
  return [{ name: "g", type: "gauge", metrics: [{ labels: [], samples: [sample], offset: 0, line: 1 }], offset: 0, line: 1 }];
}

describe("seconds text → milliseconds", () => {
  it.each([
    ["1520879607.789", 1520879607789],
    ["1.520879607789e9", 1520879607789],
    ["1.520879607789E+09", 1520879607789],
    ["567890.12389", 567890123.89],
    ["-0.0015", -1.5],
    ["+5", 5000],
    [".5", 500],
    ["5.", 5000],
    ["1.2345678956789012e+14", 123456789567890120],
    ["0e9999999999", 0],
    ["0e500000000", 0],
    ["1e-9999999999", 0],
    ["1e000000000000000000000000003", 1e6],
    ["1e307", Infinity],
    ["-1e307", -Infinity],
  ])("%s s is %d ms", (text, ms) => {
    expect(secondsTextToMs(text)).toBe(ms);
  });

  // In a process of its own (dist/), where nothing else allocates: before the fix the 22 bytes
  // made a string of 500 million zeros (about 477 MiB of heap).
  it.skipIf(!existsSync(DIST))("reads `m 1 0e500000000` without allocating the exponent's zeros", () => {
    const script = `
      const { parse } = await import(${JSON.stringify(pathToFileURL(DIST).href)});
      parse("a 1\\n# EOF\\n");
      const before = process.memoryUsage().heapUsed;
      const result = parse("m 1 0e500000000\\n# EOF\\n");
      const grown = process.memoryUsage().heapUsed - before;
      console.log(JSON.stringify({ grown, timestamp: result.families[0].metrics[0].samples[0].timestamp }));`;
    const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
    expect(child.stderr).toBe("");
    const { grown, timestamp } = JSON.parse(child.stdout) as { grown: number; timestamp: number };
    expect(timestamp).toBe(0);
    expect(grown).toBeLessThan(32 * 2 ** 20);
  });
});

describe("milliseconds → OpenMetrics seconds", () => {
  it.each([
    [1520879607789, "1.520879607789e+09"],
    [5, "0.005"],
    [-1, "-0.001"],
    [0, "0.0"],
    [0.5, "0.0005"],
    [1e21, "1e+18"],
    [8796093022208001, "8.796093022208001e+12"],
    [123456789.5, "123456.7895"],
  ])("%d ms is written %s s", (ms, seconds) => {
    expect(serialize(gauge(ms), { format: "openmetrics" }).text).toBe(`# TYPE g gauge\ng 1.0 ${seconds}\n# EOF\n`);
  });

  it("keeps what a double cannot hold as written: 1e307 s, 17 significant digits, 2^53 + 1 ms", () => {
    for (const seconds of ["1e+307", "1.2345678956789012e+14", "1.0000000000000000001"]) {
      const text = `# TYPE g gauge\ng 1.0 ${seconds}\n# EOF\n`;
      expect(serialize(om(text).families, { format: "openmetrics" }).text).toBe(text);
    }
    const fromText = parse("a 1 9007199254740993\n", { format: "prometheus" });
    expect(serialize(fromText.families, { format: "openmetrics" }).text).toBe("# TYPE a unknown\na 1.0 9.007199254740993e+12\n# EOF\n");
  });

  it("writes any seconds text so that it reads back as the same milliseconds, and again as the same text", () => {
    const seconds = fc
      .tuple(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.integer({ min: -30, max: 30 }), fc.constantFrom("", ".0", ".000"))
      .map(([digits, exponent, pad]) => `${digits}${pad}e${exponent}`);
    fc.assert(
      fc.property(seconds, (text) => {
        const read = om(`g 1 ${text}\n# EOF\n`);
        const written = serialize(read.families, { format: "openmetrics" }).text;
        const again = om(written);
        expect(firstSample(again.families).timestamp).toBe(secondsTextToMs(text));
        expect(serialize(again.families, { format: "openmetrics" }).text).toBe(written);
      }),
      { seed: 1514, numRuns: 500 },
    );
  });
});

describe("OpenMetrics seconds → text 0.0.4 milliseconds", () => {
  it.each([
    ["1.5", "1500", []],
    ["-0.0015", "-2", ["1 timestamp(s) cut to whole milliseconds"]],
    ["1.2345678956789012e+14", "123456789567890120", []],
    ["9223372036854775.807", "9223372036854775807", []],
  ])("%s s is %s ms", (seconds, ms, notes) => {
    const { text, notes: got } = serialize(om(`# TYPE g gauge\ng 1 ${seconds}\n# EOF\n`).families, { format: "prometheus" });
    expect(text).toBe(`# TYPE g gauge\ng 1 ${ms}\n`);
    expect(got.map((n) => n.message)).toEqual(notes);
  });

  it("leaves out, with a note, a timestamp beyond int64 milliseconds", () => {
    for (const seconds of ["9223372036854775.808", "1e307"]) {
      const { text, notes } = serialize(om(`# TYPE g gauge\ng 1 ${seconds}\n# EOF\n`).families, { format: "prometheus" });
      expect(text).toBe("# TYPE g gauge\ng 1\n");
      expect(notes.map((n) => n.message)).toEqual(["1 timestamp(s) left out: beyond the int64 milliseconds of text 0.0.4"]);
    }
  });
});

describe("prom2json's JSON", () => {
  it("keeps timestamp_ms beyond 2^53 exact, in and out", () => {
    const json = '[{"name":"a","help":"","type":"GAUGE","metrics":[{"timestamp_ms":"9007199254740993","value":"1"}]}]';
    const read = parseJson(json);
    expect(serialize(read.families, { format: "prometheus" }).text).toBe("# TYPE a gauge\na 1 9007199254740993\n");
    expect(serialize(read.families, { format: "json" }).text).toContain('"timestamp_ms": "9007199254740993"');
  });
});

describe("lossless writing", () => {
  it("rewrites a timestamp that was edited, though its text was not", () => {
    for (const [input, format, output] of [
      ["a 1 1.5\n# EOF\n", "openmetrics", "a 1 2.5\n# EOF\n"],
      ["a 1 1500\n", "prometheus", "a 1 2500\n"],
    ] as const) {
      const result = parse(input, { format });
      firstSample(result.families).timestamp = 2500;
      expect(serialize(result.families, { lossless: result }).text).toBe(output);
    }
  });

  it("keeps a timestamp's own spelling while it still says the timestamp", () => {
    const result = om("a 1 1.50e0\n# EOF\n");
    firstSample(result.families).value = 2;
    expect(serialize(result.families, { lossless: result }).text).toBe("a 2.0 1.50e0\n# EOF\n");
  });
});
