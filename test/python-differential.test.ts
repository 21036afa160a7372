import { describe, expect, it } from "vitest";
import { parse } from "../src/index.js";
import { PYTHON_CLIENT_SKIP, pythonClientAvailable, pythonOpenMetricsVerdicts } from "./helpers/python-client.js";

/**
 * OpenMetrics names that clash, against the Python reference parser (prometheus_client 0.16,
 * Debian's): where it raises "Clashing name", promtext's strict OpenMetrics reading must find an
 * error, and where it reads the text, none. The HELP-first cases were found by the fuzzer
 * (fixtures/fuzz/om-help-names-a-counter-sample.om).
 */
const CASES = [
  "# TYPE a counter\n# HELP a_total \na_total 1\n# EOF\n",
  "# TYPE a counter\n# HELP a_total help\n# EOF\n",
  "# TYPE a counter\n# HELP a_total help\n# TYPE a_total unknown\na_total 1.0\n# EOF\n",
  "# TYPE a counter\n# TYPE a_total unknown\na_total 1\n# EOF\n",
  "# TYPE a counter\n# UNIT a_total total\n# EOF\n",
  "# TYPE a histogram\n# HELP a_bucket x\n# EOF\n",
  "# TYPE a summary\n# HELP a_count x\n# EOF\n",
  "# TYPE a info\n# HELP a_info x\n# EOF\n",
  "# TYPE a gauge\n# HELP a_total x\n# EOF\n",
  "# TYPE a counter\n# HELP a_count x\n# EOF\n",
  "# TYPE a counter\n# HELP a x\na_total 1\n# EOF\n",
  "# HELP a_total x\n# TYPE a counter\n# EOF\n",
];

describe.skipIf(!pythonClientAvailable)(pythonClientAvailable ? "OpenMetrics name clashes against the Python parser" : `OpenMetrics name clashes against the Python parser (skipped: ${PYTHON_CLIENT_SKIP})`, () => {
  const verdicts = pythonClientAvailable ? pythonOpenMetricsVerdicts(CASES) : [];

  it("the cases include clashes and texts it reads", () => {
    expect(verdicts.filter((v) => v === null).length).toBeGreaterThanOrEqual(2);
    expect(verdicts.filter((v) => v?.includes("Clashing name")).length).toBeGreaterThanOrEqual(6);
  });

  CASES.forEach((text, i) => {
    it(`${JSON.stringify(text)}: ${verdicts[i] ?? "read"}`, () => {
      const result = parse(text, { format: "openmetrics" });
      const errors = result.diagnostics.filter((d) => d.severity === "error").map((d) => d.code);
      if (verdicts[i] === null) expect(errors).toEqual([]);
      else if (verdicts[i]?.includes("Clashing name")) expect(errors).toContain("om-clashing-name");
      else expect(errors).not.toEqual([]);
    });
  });
});
