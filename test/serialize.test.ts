import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "../src/index.js";
import { formatGoFloat, formatOpenMetricsFloat } from "../src/serialize/float.js";
import { serialize } from "../src/serialize/serialize.js";
import { CONFORMANCE_DIR, conformanceAvailable, loadCases } from "./conformance/cases.js";

/** Goldens we deliberately do not reproduce, with the reason. */
const GOLDEN_DEVIATIONS: Record<string, string> = {
  "expfmt-openmetrics-create-17":
    "expfmt writes a gauge histogram's sum and count as _sum/_count; OpenMetrics names them _gsum/_gcount, and we follow the specification",
};

describe.skipIf(!conformanceAvailable)("serializer goldens (../shared/conformance)", () => {
  const goldens = conformanceAvailable
    ? [
        ...readdirSync(join(CONFORMANCE_DIR, "serializer-golden"))
          .filter((d) => d.startsWith("expfmt-"))
          .map((d) => ({ id: d, format: "openmetrics" as const, text: `${readFileSync(join(CONFORMANCE_DIR, "serializer-golden", d, "input.txt"), "utf8")}# EOF\n` })),
        ...readdirSync(join(CONFORMANCE_DIR, "prom-text"))
          .filter((d) => d.startsWith("expfmt-create-golden"))
          .map((d) => ({ id: d, format: "prometheus" as const, text: readFileSync(join(CONFORMANCE_DIR, "prom-text", d, "input.txt"), "utf8") })),
      ]
    : [];

  it("finds all 30 goldens", () => {
    expect(goldens).toHaveLength(30);
  });

  it.each(goldens.map((g) => [g.id, g] as const))("reproduces %s byte for byte", (id, golden) => {
    const out = serialize(parse(golden.text, { format: golden.format }).families, { format: golden.format }).text;
    if (id in GOLDEN_DEVIATIONS) expect(out).not.toBe(golden.text);
    else expect(out).toBe(golden.text);
  });
});

describe("float formatting (Go strconv 'g', -1)", () => {
  it.each([
    [1e6, "1e+06"],
    [1e-5, "1e-05"],
    [123456, "123456"],
    [1234567, "1.234567e+06"],
    [0.0001, "0.0001"],
    [0.1, "0.1"],
    [-1.23e-45, "-1.23e-45"],
    [3.14e42, "3.14e+42"],
    [5e-324, "5e-324"],
    [1.7976931348623157e308, "1.7976931348623157e+308"],
    [2 ** 53, "9.007199254740992e+15"],
    [-0, "0"],
    [NaN, "NaN"],
    [Infinity, "+Inf"],
    [-Infinity, "-Inf"],
  ])("%d → %s", (value, text) => {
    expect(formatGoFloat(value)).toBe(text);
  });

  it("adds .0 for OpenMetrics where the text has neither . nor e", () => {
    expect([42, 0, 1, -1, 0.5, 1e6, NaN].map(formatOpenMetricsFloat)).toEqual(["42.0", "0.0", "1.0", "-1.0", "0.5", "1e+06", "NaN"]);
  });
});

describe("lossless", () => {
  const fixtures = ["fixtures/good/node-exporter.prom", "fixtures/good/openmetrics.om", "fixtures/good/quoted-names.prom", "fixtures/example.prom"];

  it.skipIf(!conformanceAvailable)("reproduces every conformance input byte for byte, accepted or not", () => {
    let n = 0;
    for (const c of loadCases()) {
      const result = parse(c.input, { format: c.format });
      expect(serialize(result.families, { lossless: result }).text, c.id).toBe(result.text);
      n++;
    }
    expect(n).toBeGreaterThanOrEqual(720);
  });

  it.each(fixtures)("reproduces %s byte for byte", (path) => {
    const result = parse(readFileSync(join(import.meta.dirname, "..", path)));
    expect(serialize(result.families, { lossless: result }).text).toBe(result.text);
  });

  it("rewrites only the lines an edit touches", () => {
    const text = "# HELP a Things.\n# TYPE a gauge\na{x=\"1\",y=\"2\"}   1.50\n# a comment\na{x=\"2\"} 2e0 1000\n\nb 3\n";
    const result = parse(text);
    const [a, b] = result.families;
    a!.metrics[0]!.samples[0]!.labels = [
      { name: "x", value: "1" },
      { name: "z", value: "2" },
    ];
    a!.help = "Things counted.";
    b!.metrics[0]!.samples[0]!.value = 4;
    const out = serialize(result.families, { lossless: result }).text;
    expect(out).toBe("# HELP a Things counted.\n# TYPE a gauge\na{x=\"1\",z=\"2\"} 1.50\n# a comment\na{x=\"2\"} 2e0 1000\n\nb 4\n");
  });

  it("drops the line of a removed series and adds a new series after its family", () => {
    const result = parse("# TYPE a gauge\na{x=\"1\"} 1\na{x=\"2\"} 2\n# TYPE b gauge\nb 3\n");
    const a = result.families[0]!;
    const removed = a.metrics.splice(0, 1)[0]!;
    a.metrics.push({ labels: [{ name: "x", value: "3" }], offset: 0, line: 0, samples: [{ ...removed.samples[0]!, labels: [{ name: "x", value: "3" }], value: 3, valueText: "3", line: 0 }] });
    expect(serialize(result.families, { lossless: result }).text).toBe("# TYPE a gauge\na{x=\"2\"} 2\na{x=\"3\"} 3\n# TYPE b gauge\nb 3\n");
  });
});

describe("conversion notes", () => {
  it("says what text 0.0.4 cannot hold", () => {
    const om = parse('# TYPE c counter\n# UNIT c_seconds seconds\n# TYPE c_seconds counter\nc_seconds_total 3 # {trace="x"} 0.5\nc_seconds_created 1.5\n# EOF\n');
    const { text, notes } = serialize(om.families, { format: "prometheus" });
    expect(text).toBe("# TYPE c_seconds_total counter\nc_seconds_total 3\n");
    expect(notes.map((n) => n.message)).toEqual([
      "no samples: left out (text 0.0.4 keeps no family without samples; expfmt refuses to write one)",
      "UNIT seconds left out: text 0.0.4 has no UNIT line",
      "1 _created sample(s) left out: text 0.0.4 has no created timestamps",
      "1 exemplar(s) left out: text 0.0.4 has none",
    ]);
  });

  it("converts timestamps between milliseconds and seconds", () => {
    const text = parse("a 1 1395066363000\n");
    expect(serialize(text.families, { format: "openmetrics" }).text).toBe("# TYPE a unknown\na 1.0 1.395066363e+09\n# EOF\n");
    const om = parse("# TYPE a gauge\na 1 1395066363.5\n# EOF\n");
    expect(serialize(om.families, { format: "prometheus" }).text).toBe("# TYPE a gauge\na 1 1395066363500\n");
  });
});
