import { describe, expect, it } from "vitest";
import { parse } from "../src/index.js";
import { conformanceAvailable, loadCases, type ConformanceCase } from "./conformance/cases.js";
import { DEVIATIONS } from "./conformance/deviations.js";

function verdict(c: ConformanceCase): { valid: boolean; codes: string[] } {
  const result = parse(c.input, { format: c.format, target: c.target });
  return { valid: result.valid, codes: result.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code}@${d.line}:${d.column}`) };
}

describe.skipIf(!conformanceAvailable)("conformance (../shared/conformance)", () => {
  const cases = conformanceAvailable ? loadCases() : [];

  it("finds the shared cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(700);
  });

  it("agrees with every case's asserting implementation, except the listed deviations", () => {
    const perSuite = new Map<string, { agree: number; total: number; deviations: number }>();
    const disagreements: string[] = [];
    const staleDeviations: string[] = [];
    for (const c of cases) {
      const v = verdict(c);
      const agrees = v.valid === c.valid;
      const stats = perSuite.get(c.suite) ?? { agree: 0, total: 0, deviations: 0 };
      perSuite.set(c.suite, stats);
      stats.total++;
      if (agrees) stats.agree++;
      if (c.id in DEVIATIONS) {
        stats.deviations++;
        if (agrees) staleDeviations.push(c.id);
      } else if (!agrees) {
        disagreements.push(`${c.id} [${c.target}/${c.format}] expected valid=${c.valid}, got ${v.valid} ${v.codes.join(" ")}`);
      }
    }
    const lines = [...perSuite].map(
      ([suite, s]) => `${suite.padEnd(18)} ${s.agree}/${s.total} agree (${((100 * s.agree) / s.total).toFixed(1)}%), ${s.deviations} listed deviations`,
    );
    console.log(`conformance agreement per suite:\n  ${lines.join("\n  ")}`);
    if (disagreements.length > 0) console.log(`disagreements:\n  ${disagreements.join("\n  ")}`);
    expect(disagreements).toEqual([]);
    expect(staleDeviations).toEqual([]);
  });

  it("agrees 100% with the official OpenMetrics suite", () => {
    const official = cases.filter((c) => c.suite === "openmetrics");
    expect(official.length).toBeGreaterThan(200);
    const wrong = official.filter((c) => verdict(c).valid !== c.valid).map((c) => c.id);
    expect(wrong).toEqual([]);
  });

  it("never throws and reports only registered codes", () => {
    for (const c of cases) {
      for (const fastPath of [true, false]) {
        const result = parse(c.input, { format: c.format, target: c.target, fastPath });
        for (const d of result.diagnostics) expect(d.line).toBeGreaterThanOrEqual(1);
      }
    }
  });
});
