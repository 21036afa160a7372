import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { describe, expect, it } from "vitest";
import { CODES } from "../src/diagnostics/codes.js";
import type { Diagnostic } from "../src/diagnostics/diagnostic.js";
import { lint } from "../src/lint/lint.js";
import fc from "fast-check";
import { formatGithub } from "../src/cli/report/github.js";
import { arrayPieces, jsonDocument, objectPieces } from "../src/cli/report/json-pieces.js";
import { jsonReport } from "../src/cli/report/json.js";
import { artifactUri, DOCS_URL, formatSarif, REPOSITORY_URL } from "../src/cli/report/sarif.js";
import { linted, type FileReport } from "../src/cli/report/types.js";
import { RULES } from "../src/validate/rules/index.js";

/*
 * The SARIF 2.1.0 JSON schema as Microsoft's SARIF SDK ships it (draft 2020-12), from the npm
 * package @microsoft/sarif-multitool-linux: .ci/run installs it (`npm install --no-save`); it is
 * not a dependency because the package is 100 MB of .NET binaries around this one file.
 */
const SCHEMA_PATH = join(import.meta.dirname, "..", "node_modules", "@microsoft", "sarif-multitool-linux", "sarif-2.1.0.json");
const schemaAvailable = existsSync(SCHEMA_PATH);
const SCHEMA_SKIP = "the SARIF schema comes from @microsoft/sarif-multitool-linux, which .ci/run installs (npm install --no-save @microsoft/sarif-multitool-linux@5.7.0)";

// ajv-formats is CommonJS with `exports.default`: under NodeNext the default import is typed as the module
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;

function sarifValidator(): ValidateFunction {
  if (!schemaAvailable) return Object.assign(() => true, { errors: null }) as unknown as ValidateFunction;
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(SCHEMA_PATH, "utf8")) as object);
}
const validateSarif = sarifValidator();

interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  helpUri?: string;
  defaultConfiguration: { level: string };
}
interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string; index: number }; region: Record<string, number> } }[];
  properties: { rejectedBy: string[]; hint?: string };
}
interface SarifLog {
  $schema: string;
  version: string;
  runs: {
    tool: { driver: { name: string; version: string; informationUri: string; rules: SarifRule[] } };
    columnKind: string;
    artifacts: { location: { uri: string } }[];
    results: SarifResult[];
  }[];
}

const LEVEL = { error: "error", warning: "warning", info: "note" } as const;

// errors, warnings and infos, under two targets, from files, standard input and a URL
const reports: FileReport[] = [
  { file: "metrics/job.prom", result: linted(lint('a{b="c} 1\nm 1 \nfooBar 1\n', { target: "pushgateway" })) },
  { file: "<stdin>", result: linted(lint("# HELP x_total TODO\n# TYPE x_total counter\nx_total 1\n# HELP orphan Something.\n")) },
  { file: "https://example.com:9100/metrics?x=1", result: linted(lint("x 1", { target: "prometheus" })) },
  { file: join(process.cwd(), "dir with space", "a#1.prom"), result: linted(lint('a{b="😀"} x\n')) },
];
const diagnostics = (rs: readonly FileReport[]): Diagnostic[] => rs.flatMap((r) => r.result.diagnostics);

describe("fixtures", () => {
  it("cover every severity", () => {
    const severities = new Set(diagnostics(reports).map((d) => d.severity));
    expect([...severities].sort()).toEqual(["error", "info", "warning"]);
  });
});

describe("formatSarif", () => {
  const text = formatSarif(reports, { toolVersion: "1.2.3" });
  const log = JSON.parse(text) as SarifLog;
  const run = log.runs[0]!;

  it("is JSON text ending in a newline", () => {
    expect(text.endsWith("}\n")).toBe(true);
    expect(text.endsWith("\n\n")).toBe(false);
  });

  it.skipIf(!schemaAvailable)(`validates against the SARIF 2.1.0 schema${schemaAvailable ? "" : ` (skipped: ${SCHEMA_SKIP})`}`, () => {
    const ok = validateSarif(log);
    expect(validateSarif.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it.skipIf(!schemaAvailable)("the schema check is live: it refuses a level SARIF does not have and a URI with a space", () => {
    const badLevel = structuredClone(log);
    badLevel.runs[0]!.results[0]!.level = "info";
    expect(validateSarif(badLevel)).toBe(false);
    const badUri = structuredClone(log);
    badUri.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri = "dir with space/a.prom";
    expect(validateSarif(badUri)).toBe(false);
  });

  it("has one run, the driver and UTF-16 columns", () => {
    expect(log.version).toBe("2.1.0");
    expect(log.runs).toHaveLength(1);
    expect(run.columnKind).toBe("utf16CodeUnits");
    expect(run.tool.driver).toMatchObject({ name: "promtext", version: "1.2.3", informationUri: REPOSITORY_URL });
  });

  it("lists exactly the codes and rule ids that occur, once each", () => {
    const used = [...new Set(diagnostics(reports).map((d) => d.code))];
    const ids = run.tool.driver.rules.map((r) => r.id);
    expect(ids).toEqual(used); // in order of first occurrence, no duplicates
    expect(ids).toEqual(expect.arrayContaining(["label-value-unterminated", "help-missing", "camelcase-metric-name", "help-uninformative", "metadata-without-samples"]));
  });

  it("describes lint rules from RULES and format codes from CODES", () => {
    for (const rule of run.tool.driver.rules) {
      const lintRule = RULES.find((r) => r.id === rule.id);
      if (lintRule) {
        expect(rule.shortDescription.text).toBe(lintRule.summary);
        expect(rule.fullDescription.text).toBe(lintRule.why);
        expect(rule.helpUri).toBe(`${DOCS_URL}/rules.md#${lintRule.id}`);
        expect(rule.defaultConfiguration.level).toBe(LEVEL[lintRule.severity]);
      } else {
        const code = CODES[rule.id as keyof typeof CODES];
        expect(code).toBeDefined();
        expect(rule.shortDescription.text).toBe(code.summary);
        expect(rule.fullDescription.text).toBe(code.summary);
        expect(rule.helpUri).toBe(`${DOCS_URL}/diagnostics.md`);
      }
      expect(rule.name).toMatch(/^[A-Z][A-Za-z0-9]*$/);
      expect(rule.help.text.length).toBeGreaterThan(0);
    }
    expect(run.tool.driver.rules.find((r) => r.id === "camelcase-metric-name")?.name).toBe("CamelcaseMetricName");
  });

  it("has one result per diagnostic, pointing at its rule, with the diagnostic's level, message and region", () => {
    const all = reports.flatMap((r) => r.result.diagnostics.map((d) => ({ file: r.file, d })));
    expect(run.results).toHaveLength(all.length);
    run.results.forEach((result, i) => {
      const { file, d } = all[i]!;
      expect(result.ruleId).toBe(d.code);
      expect(run.tool.driver.rules[result.ruleIndex]?.id).toBe(result.ruleId);
      expect(result.level).toBe(LEVEL[d.severity]);
      expect(result.message.text).toBe(d.message);
      expect(result.properties.rejectedBy).toEqual([...d.rejectedBy]);
      const location = result.locations[0]!.physicalLocation;
      expect(location.region).toEqual({ startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn });
      expect(location.artifactLocation.uri).toBe(artifactUri(file));
      expect(run.artifacts[location.artifactLocation.index]?.location.uri).toBe(location.artifactLocation.uri);
    });
    expect(run.results.map((r) => r.level)).toEqual(expect.arrayContaining(["error", "warning", "note"]));
  });

  it("counts columns in UTF-16 code units, as the diagnostics do", () => {
    // a{b="😀"} x — the emoji is two code units, so `x` is at column 11
    const result = run.results.find((r) => r.ruleId === "invalid-value")!;
    expect(result.locations[0]!.physicalLocation.region).toEqual({ startLine: 1, startColumn: 11, endLine: 1, endColumn: 12 });
  });

  it("names files relative with forward slashes, standard input as stdin, URLs as given", () => {
    expect(run.artifacts.map((a) => a.location.uri)).toEqual([
      "metrics/job.prom",
      "stdin",
      "https://example.com:9100/metrics?x=1",
      "dir%20with%20space/a%231.prom",
    ]);
    expect(artifactUri("./metrics/../metrics/a.prom", "/repo")).toBe("metrics/a.prom");
    expect(artifactUri("/repo/sub/a.prom", "/repo")).toBe("sub/a.prom");
    expect(artifactUri("/elsewhere/a.prom", "/repo")).toBe("file:///elsewhere/a.prom");
    expect(artifactUri("../a.prom", "/repo/x")).toBe("file:///repo/a.prom");
    expect(artifactUri("..a/b.prom", "/repo")).toBe("..a/b.prom");
  });

  it("is valid with no diagnostics and with no inputs", () => {
    for (const rs of [[{ file: "ok.prom", result: linted(lint("# HELP up Whether the target answered the last scrape.\n# TYPE up gauge\nup 1\n")) }], []]) {
      const empty = JSON.parse(formatSarif(rs, { toolVersion: "0.1.0" })) as SarifLog;
      expect(validateSarif(empty)).toBe(true);
      expect(empty.runs[0]!.results).toEqual([]);
      expect(empty.runs[0]!.tool.driver.rules).toEqual([]);
    }
  });

  it("describes a rule it has no documentation for by its id", () => {
    const result = lint("x 1\n");
    const custom: FileReport = { file: "a.prom", result: linted({ ...result, diagnostics: result.diagnostics.map((d) => ({ ...d, code: "my-rule" })) }) };
    const out = JSON.parse(formatSarif([custom], { toolVersion: "0.1.0" })) as SarifLog;
    expect(validateSarif(out)).toBe(true);
    expect(out.runs[0]!.tool.driver.rules[0]).toMatchObject({ id: "my-rule", shortDescription: { text: "my-rule" } });
    expect(out.runs[0]!.tool.driver.rules[0]!.helpUri).toBeUndefined();
  });
});

describe("formatGithub", () => {
  const text = formatGithub(reports);
  const lines = text.split("\n");

  it("writes exactly one workflow command per diagnostic and ends in a newline", () => {
    expect(text.endsWith("\n")).toBe(true);
    expect(lines.pop()).toBe("");
    expect(lines).toHaveLength(diagnostics(reports).length);
    for (const line of lines) expect(line).toMatch(/^::(error|warning|notice) file=[^,]*,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=[^,:]+::.+$/);
  });

  it("uses the command of each severity and the diagnostic's position, code and message", () => {
    const all = reports.flatMap((r) => r.result.diagnostics.map((d) => ({ file: r.file, d })));
    const command = { error: "error", warning: "warning", info: "notice" } as const;
    const files: Record<string, string> = {
      "metrics/job.prom": "metrics/job.prom",
      "<stdin>": "stdin",
      "https://example.com:9100/metrics?x=1": "https%3A//example.com%3A9100/metrics?x=1",
    };
    lines.forEach((line, i) => {
      const { file, d } = all[i]!;
      const name = files[file] ?? "dir with space/a#1.prom";
      const message = d.message.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
      expect(line).toBe(`::${command[d.severity]} file=${name},line=${d.line},col=${d.column},endLine=${d.endLine},endColumn=${d.endColumn},title=${d.code}::${message}`);
    });
    expect(lines.some((l) => l.startsWith("::notice "))).toBe(true);
    expect(lines).toContain("::error file=metrics/job.prom,line=1,col=5,endLine=1,endColumn=10,title=label-value-unterminated::the quoted string starting here is not closed before the end of the line");
  });

  it("escapes %, CR and LF in the message, and : and , too in property values", () => {
    const result = lint("x 1\n");
    const d = result.diagnostics[0]!;
    const report: FileReport = {
      file: "dir/a,b:c%.prom",
      result: linted({ ...result, diagnostics: [{ ...d, severity: "warning", code: "my:rule,x", message: "100% done, a:b\r\nnext line\nlast" }] }),
    };
    expect(formatGithub([report])).toBe(
      "::warning file=dir/a%2Cb%3Ac%25.prom,line=1,col=1,endLine=1,endColumn=2,title=my%3Arule%2Cx::100%25 done, a:b%0D%0Anext line%0Alast\n",
    );
  });

  it("keeps commas of a real message unescaped in the message part", () => {
    const line = lines.find((l) => l.includes("title=missing-final-newline"))!;
    expect(line).toBe(
      "::warning file=https%3A//example.com%3A9100/metrics?x=1,line=1,col=3,endLine=1,endColumn=4,title=missing-final-newline::the last line does not end with a line feed (accepted by Prometheus, rejected by the specification, promtool and the Pushgateway)",
    );
  });

  it("writes nothing when there is nothing to report", () => {
    expect(formatGithub([{ file: "ok.prom", result: linted(lint("# HELP up Whether the target answered the last scrape.\n# TYPE up gauge\nup 1\n")) }])).toBe("");
    expect(formatGithub([])).toBe("");
  });
});

describe("JSON written in pieces", () => {
  /** Every array and object of a value as a writer of its own, down to the leaves. */
  const inPieces = (value: unknown): unknown =>
    Array.isArray(value)
      ? arrayPieces(value, inPieces)
      : value !== null && typeof value === "object"
        ? objectPieces(Object.fromEntries(Object.entries(value).map(([k, v]) => [k, inPieces(v)])))
        : value;

  it("is JSON.stringify(value, null, 2) byte for byte, at any depth", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect([...jsonDocument(inPieces(value))].join("")).toBe(`${JSON.stringify(value, null, 2)}\n`);
      }),
      { numRuns: 500 },
    );
    expect([...jsonDocument(objectPieces({ a: undefined, b: arrayPieces([]), c: objectPieces({}) }))].join("")).toBe('{\n  "b": [],\n  "c": {}\n}\n');
  });

  it("gives the SARIF log and the JSON report exactly as one JSON.stringify would, a diagnostic per piece", () => {
    const withSource: FileReport = { ...reports[2]!, source: { url: reports[2]!.file, status: 200, contentType: undefined, bytes: 3, durationMs: 1.4 } };
    for (const rs of [reports, [withSource], [], [{ file: "ok.prom", result: linted(lint("# HELP up Up.\n# TYPE up gauge\nup 1\n")) }]]) {
      const sarif = formatSarif(rs, { toolVersion: "1.2.3" });
      expect(sarif).toBe(`${JSON.stringify(JSON.parse(sarif), null, 2)}\n`);
      const pieces = [...jsonReport(rs)];
      const json = pieces.join("");
      expect(json).toBe(`${JSON.stringify(JSON.parse(json), null, 2)}\n`);
      expect(pieces.length).toBeGreaterThan(diagnostics(rs).length);
    }
    expect(JSON.parse([...jsonReport([withSource])].join(""))[0].source).toEqual({ url: withSource.file, status: 200, contentType: null, bytes: 3, durationMs: 1 });
  });
});
