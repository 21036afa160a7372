import { describe, expect, it } from "vitest";
import { parse } from "../src/index.js";
import { PYTHON_CLIENT_SKIP, pythonClientAvailable, pythonOpenMetricsVerdicts } from "./helpers/python-client.js";

/**
 * OpenMetrics names that clash, and families whose lines are apart, against the Python
 * reference parser (prometheus_client 0.16, Debian's): where it raises "Clashing name",
 * promtext's strict OpenMetrics reading must find the error given here, and where it reads the
 * text, none. The HELP-first clashes were found by the fuzzer
 * (fixtures/fuzz/om-help-names-a-counter-sample.om), and the family apart from its metadata by
 * lintStream on that fixture (fixtures/fuzz/om-gauge-histogram-beside-its-sum-name.om).
 */
const CASES: { text: string; code?: string }[] = [
  { text: "# TYPE a counter\n# HELP a_total \na_total 1\n# EOF\n", code: "om-clashing-name" },
  { text: "# TYPE a counter\n# HELP a_total help\n# EOF\n", code: "om-clashing-name" },
  { text: "# TYPE a counter\n# HELP a_total help\n# TYPE a_total unknown\na_total 1.0\n# EOF\n", code: "om-clashing-name" },
  { text: "# TYPE a counter\n# TYPE a_total unknown\na_total 1\n# EOF\n", code: "om-clashing-name" },
  { text: "# TYPE a counter\n# UNIT a_total total\n# EOF\n", code: "om-clashing-name" },
  { text: "# TYPE a histogram\n# HELP a_bucket x\n# EOF\n", code: "om-clashing-name" },
  { text: "# TYPE a summary\n# HELP a_count x\n# EOF\n", code: "om-clashing-name" },
  { text: "# TYPE a info\n# HELP a_info x\n# EOF\n", code: "om-clashing-name" },
  { text: "# HELP a_total x\n# TYPE a counter\n# EOF\n", code: "om-clashing-name" },
  { text: "# TYPE a gauge\nb 1\na 2\n# EOF\n", code: "interleaved-family" },
  { text: "# TYPE a gauge\n# HELP a x\nb 1\na 2\n# EOF\n", code: "interleaved-family" },
  { text: "# TYPE a gaugehistogram\n# HELP a \na_sum 7\na_bucket{le=\"+Inf\"} 3\na_gcount 3\n# EOF\n", code: "interleaved-family" },
  { text: "# TYPE a gauge\n# HELP a_total x\n# EOF\n" },
  { text: "# TYPE a counter\n# HELP a_count x\n# EOF\n" },
  { text: "# TYPE a counter\n# HELP a x\na_total 1\n# EOF\n" },
  { text: "# TYPE a gauge\na 1\n# TYPE b gauge\nb 2\n# EOF\n" },
];

describe.skipIf(!pythonClientAvailable)(pythonClientAvailable ? "OpenMetrics name clashes and split families against the Python parser" : `OpenMetrics name clashes and split families against the Python parser (skipped: ${PYTHON_CLIENT_SKIP})`, () => {
  const verdicts = pythonClientAvailable ? pythonOpenMetricsVerdicts(CASES.map((c) => c.text)) : [];

  it("the cases include clashes and texts it reads", () => {
    expect(verdicts.filter((v) => v === null).length).toBeGreaterThanOrEqual(3);
    expect(verdicts.filter((v) => v?.includes("Clashing name")).length).toBeGreaterThanOrEqual(9);
  });

  CASES.forEach(({ text, code }, i) => {
    it(`${JSON.stringify(text)}: ${verdicts[i] ?? "read"}`, () => {
      const result = parse(text, { format: "openmetrics" });
      const errors = result.diagnostics.filter((d) => d.severity === "error").map((d) => d.code);
      if (verdicts[i] === null) expect(errors).toEqual([]);
      else expect(errors).toContain(code);
    });
  });
});
