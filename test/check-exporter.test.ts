import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseByteSize } from "../src/cli/byte-size.js";
import { checkExporter, type CheckExporterIO, type CheckExporterOptions } from "../src/cli/check-exporter.js";
import { UsageError } from "../src/cli/inputs.js";
import { ScrapeError } from "../src/cli/scrape.js";
import type { Diagnostic } from "../src/diagnostics/diagnostic.js";
import { compareScrapes, EXPORTER_CODES, newLintFindings, scrapeList, type ScrapeSnapshot } from "../src/exporter/compare.js";
import { lineIdentity, seriesKey, seriesLength } from "../src/exporter/series.js";
import { lint } from "../src/lint/lint.js";

const TEXT = "text/plain; version=0.0.4; charset=utf-8";
const OM = "application/openmetrics-text; version=1.0.0; charset=utf-8";

function snap(text: string, extra: Partial<Omit<ScrapeSnapshot, "result">> = {}): ScrapeSnapshot {
  return { result: lint(text), durationMs: 5, bytes: Buffer.byteLength(text), contentType: TEXT, ...extra };
}

const codes = (findings: Diagnostic[][]): string[][] => findings.map((list) => list.map((d) => d.code));
const all = (findings: Diagnostic[][]): Diagnostic[] => findings.flat();

/** A small, well-behaved exposition: a counter, a gauge, a histogram; `n` moves the values as time passes. */
function exposition(n: number, extra = ""): string {
  return `# HELP app_requests_total Requests handled.
# TYPE app_requests_total counter
app_requests_total{code="200",method="get"} ${10 + n}
app_requests_total{code="500",method="get"} ${n}
# HELP app_temperature_celsius Temperature of the room.
# TYPE app_temperature_celsius gauge
app_temperature_celsius ${21.5 - n}
# HELP app_latency_seconds Latency of requests.
# TYPE app_latency_seconds histogram
app_latency_seconds_bucket{le="0.1"} ${n}
app_latency_seconds_bucket{le="1"} ${2 * n}
app_latency_seconds_bucket{le="+Inf"} ${3 * n}
app_latency_seconds_sum ${1.5 * n}
app_latency_seconds_count ${3 * n}
${extra}`;
}

/** The same exposition in OpenMetrics: the counter family is named without _total. */
function openMetrics(n: number): string {
  return `${exposition(n).replace("# HELP app_requests_total", "# HELP app_requests").replace("# TYPE app_requests_total", "# TYPE app_requests")}# EOF\n`;
}

describe("series keys and spans", () => {
  it("identifies a series whatever its label order", () => {
    expect(seriesKey("a", [{ name: "y", value: "1" }, { name: "x", value: 'q"\\' }])).toBe('a{x="q\\"\\\\",y="1"}');
    expect(seriesKey("a.b", [])).toBe('{"a.b"}');
  });

  it("measures the series part of a sample line, quotes included", () => {
    const line = 'm{a="x} y",b="2"} 3 1000';
    expect(line.slice(0, seriesLength(line, 0))).toBe('m{a="x} y",b="2"}');
    expect(seriesLength("m 3", 0)).toBe(1);
    expect(lineIdentity('  m{a="1"} 7 # {t="x"} 1')).toBe('m{a="1"}');
    expect(lineIdentity("# TYPE m gauge")).toBe("# TYPE m gauge");
  });

  it("lists scrape numbers", () => {
    expect(scrapeList([1])).toBe("scrape 2");
    expect(scrapeList([0, 2])).toBe("scrapes 1, 3");
    expect(scrapeList([1, 2, 3, 4])).toBe("scrapes 2–5");
  });
});

describe("compareScrapes", () => {
  it("finds nothing in a stable exporter whose counters go up and gauges move", () => {
    const findings = compareScrapes([snap(exposition(1)), snap(exposition(2)), snap(exposition(5))], { maxDurationMs: 1000, maxBytes: 1e6 });
    expect(codes(findings)).toEqual([[], [], []]);
  });

  it("does not care about the order of labels or of families", () => {
    const a = 'x{a="1",b="2"} 1\ny 2\n';
    const b = 'y 2\nx{b="2",a="1"} 1\n';
    expect(all(compareScrapes([snap(a), snap(b), snap(a)]))).toEqual([]);
  });

  it("series-vanished: a warning at the series' line in the last scrape that had it", () => {
    const gone = 'app_queue_length{queue="mail"} 3\n';
    const findings = compareScrapes([snap(exposition(1, gone)), snap(exposition(2, gone)), snap(exposition(3))]);
    expect(codes(findings)).toEqual([[], ["series-vanished"], []]);
    const d = findings[1]![0]!;
    expect(d).toMatchObject({ severity: "warning", line: 15, column: 1, endColumn: 1 + 'app_queue_length{queue="mail"}'.length });
    expect(d.message).toBe('series app_queue_length{queue="mail"} vanished: in scrapes 1, 2, not in scrape 3');
    expect(EXPORTER_CODES["series-vanished"].severity).toBe("warning");
  });

  it("series-vanished: a series that comes back is still reported, once", () => {
    const flaky = "app_flaky 1\n";
    const findings = compareScrapes([snap(exposition(1, flaky)), snap(exposition(2)), snap(exposition(3, flaky))]);
    expect(codes(findings)).toEqual([["series-vanished"], [], []]);
    expect(findings[0]![0]!.message).toBe("series app_flaky vanished: in scrapes 1, 3, not in scrape 2");
  });

  it("series-appeared: an info at its line in the scrape it first shows in", () => {
    const late = 'app_requests_total{code="404",method="get"} 1\n';
    const findings = compareScrapes([snap(exposition(1)), snap(exposition(2, late)), snap(exposition(3, late))]);
    expect(codes(findings)).toEqual([[], ["series-appeared"], []]);
    expect(findings[1]![0]).toMatchObject({ severity: "info", line: 15, message: 'series app_requests_total{code="404",method="get"} appeared: not in scrape 1, in scrapes 2, 3' });
  });

  it("reports a histogram that goes as a whole once, not per bucket", () => {
    const hist = `# TYPE job_seconds histogram
job_seconds_bucket{job="a",le="1"} 1
job_seconds_bucket{job="a",le="+Inf"} 1
job_seconds_sum{job="a"} 0.5
job_seconds_count{job="a"} 1
`;
    const findings = compareScrapes([snap(hist + "up 1\n"), snap("up 1\n")]);
    expect(codes(findings)).toEqual([["series-vanished"], []]);
    expect(findings[0]![0]!.message).toBe('histogram job_seconds{job="a"} (4 series) vanished: in scrape 1, not in scrape 2');
    expect(findings[0]![0]!.line).toBe(2);
  });

  it("reports a bucket that goes while its histogram stays", () => {
    const a = 'h_bucket{le="1"} 1\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n';
    const b = 'h_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n';
    const findings = compareScrapes([snap(`# TYPE h histogram\n${a}`), snap(`# TYPE h histogram\n${b}`)]);
    expect(all(findings).map((d) => d.message)).toEqual(['series h_bucket{le="1"} vanished: in scrape 1, not in scrape 2']);
  });

  it("collapses many series of one family that vanish together", () => {
    const many = Array.from({ length: 6 }, (_, i) => `disk_free_bytes{device="sd${i}"} ${i}\n`).join("");
    const findings = compareScrapes([snap(`# TYPE disk_free_bytes gauge\n${many}up 1\n`), snap("up 1\n")]);
    expect(codes(findings)).toEqual([["series-vanished"], []]);
    expect(findings[0]![0]!.message).toBe(
      '6 series of family disk_free_bytes vanished: in scrape 1, not in scrape 2: disk_free_bytes{device="sd0"}, disk_free_bytes{device="sd1"}, disk_free_bytes{device="sd2"} and 3 more',
    );
  });

  it("counter-decreased: an error at the counter's line in the later scrape", () => {
    const findings = compareScrapes([snap(exposition(5)), snap(exposition(6).replace("app_requests_total{code=\"200\",method=\"get\"} 16", 'app_requests_total{code="200",method="get"} 2')), snap(exposition(7))]);
    expect(codes(findings)).toEqual([[], ["counter-decreased"], []]);
    expect(findings[1]![0]).toMatchObject({
      severity: "error",
      line: 3,
      column: 1,
      message: 'counter app_requests_total{code="200",method="get"} went down from 15 in scrape 1 to 2 in scrape 2',
    });
    expect(findings[1]![0]!.hint).toContain("counter only goes up");
  });

  it("counter-decreased: a histogram reset is one finding for the series, at its first sample that went down", () => {
    const findings = compareScrapes([snap(exposition(4)), snap(exposition(1))]);
    const messages = all(findings).map((d) => d.message);
    expect(codes(findings)).toEqual([[], ["counter-decreased", "counter-decreased", "counter-decreased"]]);
    expect(messages).toContain('counter app_requests_total{code="500",method="get"} went down from 4 in scrape 1 to 1 in scrape 2');
    expect(messages).toContain("histogram app_latency_seconds: app_latency_seconds_bucket{le=\"0.1\"} went down from 4 in scrape 1 to 1 in scrape 2 (and 4 more of its series)");
    // the gauge went up, the 200 counter went down from 14 to 11: both judged by their type
    expect(messages.some((m) => m.includes("app_temperature_celsius"))).toBe(false);
  });

  it("counter-decreased: not for gauges, summary quantiles, OpenMetrics _created, or NaN", () => {
    const om = (v: number, created: number, q: number) => `# TYPE c counter
c_total ${v}
c_created ${created}
# TYPE s summary
s{quantile="0.5"} ${q}
s_sum 10
s_count 2
# TYPE g gauge
g ${v}
# TYPE n counter
n_total NaN
# EOF
`;
    const findings = compareScrapes([snap(om(5, 200, 9), { contentType: OM }), snap(om(6, 100, 1), { contentType: OM })]);
    expect(all(findings)).toEqual([]);
    const down = compareScrapes([snap(om(5, 100, 1), { contentType: OM }), snap(om(4, 100, 1), { contentType: OM })]);
    expect(all(down).map((d) => d.message)).toEqual(["counter c_total went down from 5 in scrape 1 to 4 in scrape 2"]);
  });

  it("counter-decreased: compares with the last scrape that had the series", () => {
    const findings = compareScrapes([snap("# TYPE c_total counter\nc_total 9\n"), snap("up 1\n"), snap("# TYPE c_total counter\nc_total 3\n")]);
    expect(all(findings).map((d) => d.code).sort()).toEqual(["counter-decreased", "series-appeared", "series-vanished", "series-vanished"]);
    expect(findings[2]!.find((d) => d.code === "counter-decreased")!.message).toBe("counter c_total went down from 9 in scrape 1 to 3 in scrape 3");
  });

  it("label-churn: a label that takes a new value in every scrape, reported once instead of each series", () => {
    const body = (id: string) => `# TYPE app_last_request_timestamp_seconds gauge\napp_last_request_timestamp_seconds{path="/",request_id="${id}"} 1\nup 1\n`;
    const findings = compareScrapes([snap(body("a1")), snap(body("b2")), snap(body("c3"))]);
    expect(codes(findings)).toEqual([[], [], ["label-churn"]]);
    const d = findings[2]![0]!;
    expect(d).toMatchObject({ severity: "warning", line: 2 });
    expect(d.message).toBe(
      'family app_last_request_timestamp_seconds has different series in each of 3 scrapes (scrape 2: 1 new, 1 gone; scrape 3: 1 new, 1 gone); label with different values in every scrape: request_id ("a1", "b2", "c3"…)',
    );
  });

  it("label-churn: a family that grows by a series every scrape", () => {
    const body = (n: number) => Array.from({ length: n }, (_, i) => `sessions{user="u${i}"} 1\n`).join("");
    const findings = compareScrapes([snap(body(1)), snap(body(2)), snap(body(3)), snap(body(4))]);
    expect(codes(findings)).toEqual([[], [], [], ["label-churn"]]);
    expect(findings[3]![0]!.line).toBe(4);
  });

  it("label-churn: not for a series that appears once, nor with only two scrapes", () => {
    const late = 'app_requests_total{code="404",method="get"} 1\n';
    expect(codes(compareScrapes([snap(exposition(1)), snap(exposition(2, late)), snap(exposition(3, late))]))).toEqual([[], ["series-appeared"], []]);
    const body = (id: string) => `x{request_id="${id}"} 1\n`;
    expect(codes(compareScrapes([snap(body("a")), snap(body("b"))]))).toEqual([["series-vanished"], ["series-appeared"]]);
  });

  it("scrape-slow and scrape-large: warnings at line 1 of the scrape, by the thresholds", () => {
    const findings = compareScrapes(
      [snap("up 1\n", { durationMs: 40 }), snap("up 1\n", { durationMs: 1500 }), snap("up 1\n", { bytes: 2048 })],
      { maxDurationMs: 1000, maxBytes: 1024 },
    );
    expect(codes(findings)).toEqual([[], ["scrape-slow"], ["scrape-large"]]);
    expect(findings[1]![0]).toMatchObject({ severity: "warning", line: 1, column: 1, message: "scrape 2 took 1,500 ms, more than the limit of 1,000 ms (--max-duration)" });
    expect(findings[2]![0]!.message).toBe("scrape 3 answered with 2,048 bytes, more than the limit of 1,024 bytes (--max-bytes)");
    // the defaults: 1 s and 10 MiB
    expect(all(compareScrapes([snap("up 1\n", { durationMs: 999, bytes: 10 * 1024 * 1024 }), snap("up 1\n")]))).toEqual([]);
  });

  it("scrape-format-changed: an error when the Content-Type or the format differs", () => {
    const text = "up 1\n";
    const om = "up 1\n# EOF\n";
    const findings = compareScrapes([snap(text), snap(om, { contentType: OM }), snap(om, { contentType: OM }), snap(om, { contentType: "application/openmetrics-text; version=1.0.0" })]);
    expect(codes(findings)).toEqual([[], ["scrape-format-changed"], [], ["scrape-format-changed"]]);
    expect(findings[1]![0]).toMatchObject({
      severity: "error",
      message: `scrape 2 answered with Content-Type "${OM}" (read as openmetrics), scrape 1 with Content-Type "${TEXT}" (read as prometheus)`,
    });
    // the same header spelled with other spaces or case is the same
    expect(all(compareScrapes([snap(text), snap(text, { contentType: "Text/Plain;version=0.0.4;  charset=utf-8" })]))).toEqual([]);
  });

  it("family-type-changed: an error at the family in the later scrape, also when its TYPE line went", () => {
    const findings = compareScrapes([snap("# TYPE q counter\nq 1\n"), snap("# TYPE q gauge\nq 2\n"), snap("q 3\n")]);
    expect(codes(findings)).toEqual([[], ["family-type-changed"], ["family-type-changed"]]);
    expect(findings[1]![0]).toMatchObject({ severity: "error", line: 1, message: "family q is gauge in scrape 2, counter in scrape 1" });
    expect(findings[2]![0]!.message).toBe("family q is untyped (no TYPE) in scrape 3, gauge in scrape 2");
    const om = compareScrapes([snap("# TYPE c counter\nc_total 1\n# EOF\n", { contentType: OM }), snap("c_total 2\n# EOF\n", { contentType: OM })]);
    expect(all(om).map((d) => d.message)).toEqual(["family c_total is unknown in scrape 2, counter in scrape 1 (family c in scrape 1)"]);
  });

  it("every code is kebab-case with the severity the issue asks for", () => {
    expect(Object.fromEntries(Object.entries(EXPORTER_CODES).map(([code, info]) => [code, info.severity]))).toEqual({
      "series-vanished": "warning",
      "series-appeared": "info",
      "counter-decreased": "error",
      "label-churn": "warning",
      "scrape-slow": "warning",
      "scrape-large": "warning",
      "scrape-format-changed": "error",
      "family-type-changed": "error",
    });
  });
});

describe("newLintFindings", () => {
  it("reports the first scrape's findings, and of later scrapes only new ones, wherever the line moved", () => {
    const one = 'x{a="1",a="2"} 1\n';
    const s1 = lint(`${one}up 1\n`);
    const s2 = lint(`up 1\n# moved down a line\nx{a="1",a="2"} 7\n`);
    const s3 = lint(`up 1\nx{a="1",a="2"} 8\ny{b="1",b="1"} 1\n`);
    expect(s1.diagnostics.length).toBeGreaterThan(0);
    const [f1, f2, f3] = newLintFindings([s1, s2, s3]);
    expect(f1).toEqual(s1.diagnostics);
    expect(f2).toEqual([]);
    expect(f3!.map((d) => d.line)).toEqual(f3!.map(() => 3));
    expect(f3!.length).toBeGreaterThan(0);
  });
});

describe("parseByteSize", () => {
  it("reads sizes in powers of 1024", () => {
    expect(parseByteSize("10MB", "--max-bytes")).toBe(10 * 1024 * 1024);
    expect(parseByteSize("512 KiB", "--max-bytes")).toBe(512 * 1024);
    expect(parseByteSize("1000", "--max-bytes")).toBe(1000);
    expect(() => parseByteSize("ten", "--max-bytes")).toThrow(UsageError);
  });
});

// ---- end to end, against a local HTTP server

interface Route {
  bodies: string[];
  contentTypes?: string[];
  delays?: number[];
  status?: number;
}

/** Each path serves its bodies in turn, one per request (the last one again when they run out), counted per run (`?run=`). */
const routes: Record<string, Route> = {
  "/stable": { bodies: [exposition(1), exposition(2), exposition(3)] },
  "/reset": { bodies: [exposition(5), exposition(1), exposition(2)] },
  "/vanish": { bodies: [exposition(1, "# HELP app_queue_length Jobs waiting.\n# TYPE app_queue_length gauge\napp_queue_length 3\n"), exposition(2), exposition(3)] },
  "/churn": { bodies: ["a1", "b2", "c3"].map((id) => exposition(1, `# HELP app_inflight Requests in flight.\n# TYPE app_inflight gauge\napp_inflight{request_id="${id}"} 1\n`)) },
  "/slow": { bodies: [exposition(1), exposition(2)], delays: [0, 250] },
  "/negotiation": { bodies: [exposition(1), openMetrics(2)], contentTypes: [TEXT, OM] },
  "/lint": { bodies: [exposition(1, "bad{a=\"1\",a=\"2\"} 1\n"), exposition(2, "bad{a=\"1\",a=\"2\"} 1\n")] },
  "/broken": { bodies: ["up 1\n"], status: 500 },
};
const hits: Record<string, number> = {};
const hitsOfRun: Record<string, number> = {};
let runs = 0;
let server: Server;
let base = "";

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const route = routes[path];
    if (route === undefined) {
      res.writeHead(404).end();
      return;
    }
    hits[path] = (hits[path] ?? 0) + 1;
    const runKey = req.url ?? path;
    const n = hitsOfRun[runKey] ?? 0;
    hitsOfRun[runKey] = n + 1;
    const pick = <T>(list: T[] | undefined, fallback: T): T => (list === undefined ? fallback : (list[Math.min(n, list.length - 1)] ?? fallback));
    setTimeout(() => {
      res.writeHead(route.status ?? 200, { "Content-Type": pick(route.contentTypes, TEXT) });
      res.end(pick(route.bodies, ""));
    }, pick(route.delays, 0));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function run(path: string, options: Partial<CheckExporterOptions> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CheckExporterIO = {
    stdout: (pieces) => void (stdout += [...pieces].join("")),
    stderr: (t) => void (stderr += t),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
  const code = await checkExporter(`${base}${path}?run=${++runs}`, { scrapes: "3", interval: "50ms", timeout: "5s", format: "json", color: false, config: false, ...options }, io);
  return { code, stdout, stderr };
}

type JsonReport = { file: string; valid: boolean; source: { bytes: number }; diagnostics: Array<{ code: string; severity: string; line: number; message: string }> };

function found(stdout: string): Array<[string, string, string]> {
  return (JSON.parse(stdout) as JsonReport[]).flatMap((r) => r.diagnostics.map((d) => [r.file.replace(base, "").replace(/\?run=\d+/, ""), d.code, d.severity] as [string, string, string]));
}

describe("checkExporter against a live target", () => {
  it("exits 0 with an empty report for a stable exporter, and scrapes as often as asked", async () => {
    const r = await run("/stable");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
    expect(hits["/stable"]).toBe(3);
    expect(r.stderr).toMatch(/^promtext: 3 scrapes of http:\/\/127\.0\.0\.1:\d+\/stable\?run=\d+ \(\d+(–\d+)? ms, [\d,]+–[\d,]+ bytes\): 0 errors, 0 warnings, 0 infos\n$/);
  });

  it("exits 1 when a counter goes down on the second scrape", async () => {
    const r = await run("/reset");
    expect(r.code).toBe(1);
    const list = found(r.stdout);
    expect(list.length).toBeGreaterThan(0);
    expect(list.every(([file, code, severity]) => file === "/reset#scrape-2" && code === "counter-decreased" && severity === "error")).toBe(true);
    expect(r.stderr).toContain(`: ${list.length} errors, 0 warnings, 0 infos`);
  });

  it("warns (exit 0) about a series that vanishes, in the human report", async () => {
    const r = await run("/vanish", { format: "human" });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\/vanish\?run=\d+#scrape-1:17:1 warning/);
    expect(r.stdout).toContain(`#scrape-1:17:1 warning series app_queue_length vanished: in scrape 1, not in scrapes 2, 3 [series-vanished]`);
    expect(r.stdout).toContain("17 | app_queue_length 3\n   | ^^^^^^^^^^^^^^^^");
    expect(r.stdout).toContain("hint: export a series");
    expect(r.stderr).toContain(": 0 errors, 1 warning, 0 infos");
  });

  it("finds a request_id label that changes in every scrape", async () => {
    const r = await run("/churn");
    expect(r.code).toBe(0);
    expect(found(r.stdout)).toEqual([["/churn#scrape-3", "label-churn", "warning"]]);
    expect((JSON.parse(r.stdout) as JsonReport[])[0]!.diagnostics[0]!.message).toContain('request_id ("a1", "b2", "c3"…)');
  });

  it("finds a slow scrape by --max-duration", async () => {
    const r = await run("/slow", { scrapes: "2", maxDuration: "150ms" });
    expect(r.code).toBe(0);
    expect(found(r.stdout)).toEqual([["/slow#scrape-2", "scrape-slow", "warning"]]);
  });

  it("finds a format that changes between scrapes; --quiet keeps the errors", async () => {
    const r = await run("/negotiation", { scrapes: "2", quiet: true, maxBytes: "100B" });
    expect(r.code).toBe(1);
    expect(found(r.stdout)).toEqual([["/negotiation#scrape-2", "scrape-format-changed", "error"]]);
    expect(r.stderr).toContain(": 1 error, 0 warnings\n");
  });

  it("reports a scrape's lint findings once, not again for each scrape, and writes --output", async () => {
    const dir = mkdtempSync(join(tmpdir(), "promtext-check-exporter-"));
    try {
      const output = join(dir, "report.json");
      const r = await run("/lint", { scrapes: "2", output });
      expect(r.code).toBe(1);
      expect(r.stdout).toBe("");
      const reports = JSON.parse(readFileSync(output, "utf8")) as JsonReport[];
      expect(reports.map((x) => x.file.replace(base, "").replace(/\?run=\d+/, ""))).toEqual(["/lint#scrape-1"]);
      expect(reports[0]!.diagnostics.map((d) => d.code)).toContain("duplicate-label-name");
      expect(reports[0]!.valid).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("writes the other report formats lint has (sarif, github)", async () => {
    const sarif = await run("/reset", { format: "sarif" });
    expect(sarif.code).toBe(1);
    const log = JSON.parse(sarif.stdout) as { runs: Array<{ results: Array<{ ruleId: string; level: string }> }> };
    expect(log.runs[0]!.results.map((r) => [r.ruleId, r.level])).toContainEqual(["counter-decreased", "error"]);
    const github = await run("/churn", { format: "github" });
    expect(github.code).toBe(0);
    expect(github.stdout).toMatch(/^::warning .*label-churn/m);
  });

  it("lets scrape and usage errors through (exit 2)", async () => {
    await expect(run("/broken")).rejects.toThrow(ScrapeError);
    await expect(run("/broken")).rejects.toThrow(/HTTP 500/);
    await expect(run("/stable", { scrapes: "1" })).rejects.toThrow(UsageError);
    await expect(run("/stable", { interval: "soon" })).rejects.toThrow(/--interval/);
    await expect(run("/stable", { format: "xml" })).rejects.toThrow(/--format/);
    await expect(checkExporter("metrics.prom", { scrapes: "3", interval: "1s", timeout: "1s", format: "human" })).rejects.toThrow(UsageError);
    const error = await run("/broken").catch((e: unknown) => e);
    expect((error as UsageError).exitCode).toBe(2);
  });
});
