import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");
const cli = join(root, "dist/cli/promtext.cjs");

function run(args: string[], input?: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, input, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(!existsSync(cli))("promtext lint (built CLI)", () => {
  it("exits 0 on a valid file and says so", () => {
    const r = run(["lint", "fixtures/good/node-exporter.prom"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("valid for target strict — prometheus (detected), 6 families, 26 samples, 0 errors");
  });

  it("exits 1 and shows each problem with a code frame", () => {
    const r = run(["lint", "fixtures/example.prom"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("fixtures/example.prom:5:45 error label `code` is given twice [duplicate-label-name]");
    expect(r.stdout).toContain('5 | http_requests_total{code="500",method="get",code="503"} 1\n  |                                             ^^^^');
    expect(r.stderr).toBe("promtext: 5 errors in 1 of 1 inputs\n");
  });

  it("prints the documented JSON shape, valid exactly when no error", () => {
    const r = run(["lint", "--format", "json", "--target", "prometheus", "fixtures/example.prom", "fixtures/good/openmetrics.om"]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    expect(out).toHaveLength(2);
    expect(Object.keys(out[0]!)).toEqual(["file", "format", "target", "valid", "families", "samples", "diagnostics"]);
    expect(out[1]).toMatchObject({ file: "fixtures/good/openmetrics.om", format: "openmetrics", valid: true });
    const diagnostics = out[0]!["diagnostics"] as Array<Record<string, unknown>>;
    expect(Object.keys(diagnostics[0]!).filter((k) => k !== "hint")).toEqual(["code", "kind", "severity", "message", "line", "column", "endLine", "endColumn", "rejectedBy"]);
    // format verdicts and lint findings told apart: duplicate-label-name is the format's, help-missing a rule's
    expect(diagnostics.find((d) => d["code"] === "duplicate-label-name")).toMatchObject({ kind: "format" });
    expect(diagnostics.find((d) => d["code"] === "help-missing")).toMatchObject({ kind: "rule" });
    expect(out[0]!["valid"]).toBe(diagnostics.every((d) => d["severity"] !== "error"));
    // an unknown escape is accepted by Prometheus: a warning there, naming who rejects it
    expect(diagnostics.find((d) => d["code"] === "label-value-invalid-escape")).toMatchObject({ severity: "warning", line: 16 });
  });

  it("reads standard input and honours --input-format", () => {
    const r = run(["lint", "--input-format", "openmetrics", "--format", "json", "-"], "a 1\n");
    expect(r.code).toBe(1);
    const [report] = JSON.parse(r.stdout) as Array<{ file: string; diagnostics: Array<{ code: string; severity: string }> }>;
    expect(report!.file).toBe("<stdin>");
    expect(report!.diagnostics.filter((d) => d.severity === "error").map((d) => d.code)).toEqual(["om-missing-eof"]);
  });

  it("exits 2 with a one-line message on usage and I/O problems", () => {
    const missing = run(["lint", "no/such/file.prom"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe("promtext: cannot read no/such/file.prom: no such file or directory\n");
    const badTarget = run(["lint", "--target", "nope", "fixtures/example.prom"]);
    expect(badTarget.code).toBe(2);
    expect(badTarget.stderr).toContain("Allowed choices are strict, prometheus, promtool, pushgateway");
    const typo = run(["lnt", "x"]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("Did you mean lint?");
  });

  it("reads standard input when no input is named and standard input is a pipe (curl … | promtext lint)", () => {
    const r = run(["lint", "--format", "json"], "# HELP up Up.\n# TYPE up gauge\nup 1\n");
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as Array<{ file: string; families: number }>)[0]).toMatchObject({ file: "<stdin>", families: 1 });
  });

  it("prints help with examples and the version", () => {
    expect(run(["lint", "--help"]).stdout).toContain("Exit codes: 0 no errors, 1 errors found, 2 usage or I/O problem.");
    expect(run(["--version"]).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
