import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const cli = join(import.meta.dirname, "..", "dist/cli/promtext.cjs");

function run(args: string[], cwd: string): { code: number | null; stdout: string; stderr: string; codes: string[] } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  let codes: string[] = [];
  if (args.includes("json") && r.stdout) {
    codes = (JSON.parse(r.stdout) as Array<{ diagnostics: Array<{ code: string }> }>).flatMap((f) => f.diagnostics.map((d) => d.code));
  }
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, codes };
}

/** A temporary project: a payload with one missing HELP (a warning) in a nested folder. */
function project(config?: Record<string, unknown>, name = "promtext.config.json"): { root: string; dir: string } {
  const root = mkdtempSync(join(tmpdir(), "promtext-cli-"));
  const dir = join(root, "a", "b");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "m.prom"), "# TYPE jobs_total counter\njobs_total 3\n# HELP temperature_celsius Temperature.\n# TYPE temperature_celsius gauge\ntemperature_celsius 21.5\n");
  if (config) writeFileSync(join(root, name), JSON.stringify(config));
  return { root, dir };
}

describe.skipIf(!existsSync(cli))("promtext lint: rule configuration (built CLI)", () => {
  it("reports a rule at its default severity, and --rule changes or disables it", () => {
    const { dir } = project();
    const plain = run(["lint", "--format", "json", "m.prom"], dir);
    expect(plain.codes).toEqual(["help-missing"]);
    expect(plain.code).toBe(0);
    expect(run(["lint", "--format", "json", "--rule", "help-missing=off", "m.prom"], dir).codes).toEqual([]);
    const asError = run(["lint", "--rule", "help-missing=error", "m.prom"], dir);
    expect(asError.code).toBe(1);
    expect(asError.stdout).toContain("m.prom:1:8 error `jobs_total` has no HELP text [help-missing]");
  });

  it("finds promtext.config.json or .promtextrc.json upward from the working directory; --no-config ignores it", () => {
    const { dir } = project({ rules: { "help-missing": "error" } });
    expect(run(["lint", "m.prom"], dir).code).toBe(1);
    expect(run(["lint", "--no-config", "m.prom"], dir).code).toBe(0);
    const rc = project({ rules: { "help-missing": "off" } }, ".promtextrc.json");
    expect(run(["lint", "--format", "json", "m.prom"], rc.dir).codes).toEqual([]);
  });

  it("lets --rule override the configuration file, and --config name another file", () => {
    const { root, dir } = project({ rules: { "help-missing": "error" } });
    expect(run(["lint", "--rule", "help-missing=warn", "m.prom"], dir).code).toBe(0);
    writeFileSync(join(root, "other.json"), JSON.stringify({ rules: { "help-missing": "off" } }));
    expect(run(["lint", "--format", "json", "--config", join(root, "other.json"), "m.prom"], dir).codes).toEqual([]);
  });

  it("exits 2 naming the closest rule for an unknown id, on the command line and in the file", () => {
    const { dir } = project();
    const cli = run(["lint", "--rule", "help-mising=off", "m.prom"], dir);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain('unknown rule "help-mising"; did you mean "help-missing"?');
    const file = project({ rules: { "camelcase-metric": "off" } });
    const fromFile = run(["lint", "m.prom"], file.dir);
    expect(fromFile.code).toBe(2);
    expect(fromFile.stderr).toContain("promtext.config.json: rules: unknown rule \"camelcase-metric\"; did you mean \"camelcase-metric-name\"?");
    const badSetting = run(["lint", "--rule", "help-missing=loud", "m.prom"], dir);
    expect(badSetting.code).toBe(2);
    expect(badSetting.stderr).toContain('expected one of off, info, warn, error, got "loud"');
  });

  it("says that a format problem's code is no rule and cannot be switched off", () => {
    const { dir } = project();
    const cli = run(["lint", "--rule", "trailing-whitespace=off", "m.prom"], dir);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toBe(
      'promtext: --rule: "trailing-whitespace" is a format problem, not a lint rule: format problems cannot be switched off, their severity follows --target (promtext explain trailing-whitespace)\n',
    );
    const fromFile = run(["lint", "m.prom"], project({ rules: { "duplicate-label-name": "warn" } }).dir);
    expect(fromFile.code).toBe(2);
    expect(fromFile.stderr).toContain('promtext.config.json: rules: "duplicate-label-name" is a format problem, not a lint rule');
  });

  it("exits 2 on a configuration file that is not valid JSON, naming it", () => {
    const { root, dir } = project();
    writeFileSync(join(root, "promtext.config.json"), "{ rules: ");
    const r = run(["lint", "m.prom"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/promtext\.config\.json: .*JSON/);
  });

  it("fails with more warnings than --max-warnings (or the file's maxWarnings)", () => {
    const { dir } = project();
    const over = run(["lint", "--max-warnings", "0", "m.prom"], dir);
    expect(over.code).toBe(1);
    expect(over.stderr).toBe("promtext: 1 warning, more than --max-warnings 0\n");
    expect(run(["lint", "--max-warnings", "1", "m.prom"], dir).code).toBe(0);
    expect(run(["lint", "m.prom"], project({ maxWarnings: 0 }).dir).code).toBe(1);
    expect(run(["lint", "--max-warnings", "-1", "m.prom"], dir).code).toBe(2);
  });

  it("honours # promtext-disable-next-line for the named rules only", () => {
    const { dir } = project();
    writeFileSync(join(dir, "s.prom"), "# promtext-disable-next-line help-missing\n# TYPE jobs_total counter\njobs_total 3\n# promtext-disable-next-line name-colon\n# TYPE rule:jobs gauge\nrule:jobs 1\n");
    const r = run(["lint", "--format", "json", "s.prom"], dir);
    expect(r.codes).toEqual(["help-missing"]);
    expect((JSON.parse(r.stdout) as Array<{ diagnostics: Array<{ line: number }> }>)[0]!.diagnostics[0]!.line).toBe(5);
  });
});
