import { describe, expect, it } from "vitest";
import { lint, parse, RULES, validate, type Rule } from "../src/index.js";

const payload = "# HELP test_jobs Jobs run by the test suite.\n# TYPE test_jobs gauge\ntest_jobs 3\n# TYPE fooBar gauge\nfooBar 1\n";

describe("validate(): the library API", () => {
  it("runs the built-in rules on parsed families, with positions from the line index (a family's at its name)", () => {
    const parsed = parse(payload);
    const findings = validate(parsed.families, { lines: parsed.lines });
    expect(findings.map((d) => [d.code, d.line, d.column, d.severity])).toEqual([
      ["help-missing", 4, 8, "warning"],
      ["camelcase-metric-name", 4, 8, "warning"],
    ]);
  });

  it("takes per-rule settings", () => {
    const parsed = parse(payload);
    const findings = validate(parsed.families, { rules: { "help-missing": "off", "camelcase-metric-name": "error" } });
    expect(findings.map((d) => [d.code, d.severity])).toEqual([["camelcase-metric-name", "error"]]);
  });

  it("runs a tool author's rule of the same shape beside ours", () => {
    const noTestMetrics: Rule = {
      id: "no-test-metrics",
      severity: "error",
      origin: "promtext",
      summary: "A metric named test_*.",
      why: "Test metrics must not reach production.",
      checkFamily(family, context) {
        if (family.name.startsWith("test_")) context.report(family, `\`${family.name}\` is a test metric`, family.name.length);
      },
    };
    const result = lint(payload, { ruleSet: [...RULES, noTestMetrics] });
    expect(result.valid).toBe(false);
    expect(result.diagnostics.find((d) => d.code === "no-test-metrics")).toMatchObject({ line: 1, column: 8, endColumn: 17, severity: "error" });
    expect(lint(payload, { ruleSet: [...RULES, noTestMetrics], rules: { "no-test-metrics": "off" } }).valid).toBe(true);
  });
});
