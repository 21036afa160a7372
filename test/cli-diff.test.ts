import { execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/** `promtext diff` and `promtext stats` as users run them: the built CLI on files, standard input and URLs of a local server. */

const root = join(import.meta.dirname, "..");
const cli = join(root, "dist/cli/promtext.cjs");
const fixtures = join(root, "fixtures/diff");
const env = { ...process.env, NO_COLOR: "1", FORCE_COLOR: "" };

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(args: string[], input?: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [cli, ...args], { cwd: root, encoding: "utf8", env, maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as unknown as { code: number }).code ?? -1) : 0, stdout, stderr }),
    );
    child.stdin?.end(input);
  });
}

/** promtext into a shell pipe read by `reader`; promtext's own exit status comes back on fd 3. */
function piped(args: string[], reader: string): Promise<{ code: number; out: Buffer; stderr: string }> {
  const child = spawn("sh", ["-c", `{ "$@"; echo $? >&3; } | ${reader}`, "sh", process.execPath, cli, ...args], { cwd: root, env, stdio: ["ignore", "pipe", "pipe", "pipe"] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const status: Buffer[] = [];
  child.stdout?.on("data", (b: Buffer) => out.push(b));
  child.stderr?.on("data", (b: Buffer) => err.push(b));
  (child.stdio[3] as NodeJS.ReadableStream).on("data", (b: Buffer) => status.push(b));
  return new Promise((resolve) => child.once("close", () => resolve({ code: Number(Buffer.concat(status).toString().trim()), out: Buffer.concat(out), stderr: Buffer.concat(err).toString() })));
}

const fixture = (path: string) => join("fixtures/diff", path);
const text = (path: string) => readFileSync(join(fixtures, path), "utf8");

let server: Server;
let base = "";
let counterHits = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    const send = (type: string, body: string) => {
      res.setHeader("Content-Type", type);
      res.end(body);
    };
    switch (req.url) {
      case "/before":
        return send("text/plain; version=0.0.4", text("counter-reset/before.prom"));
      case "/after":
        return send("text/plain; version=0.0.4", text("counter-reset/after.prom"));
      case "/om":
        return send("application/openmetrics-text; version=1.0.0", text("formats/metrics.om"));
      case "/prom":
        return send("text/plain; version=0.0.4", text("formats/metrics.prom"));
      case "/counter":
        counterHits++;
        return send("text/plain; version=0.0.4", `# HELP jobs_total Jobs.\n# TYPE jobs_total counter\njobs_total ${counterHits * 100}\n# TYPE up gauge\nup 1\n`);
      case "/broken":
        return send("text/plain; version=0.0.4", "up 1\nbad{ 2\n");
      default:
        res.statusCode = 404;
        return res.end("not here");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server?.close();
});

describe.skipIf(!existsSync(cli))("promtext diff (built CLI)", () => {
  it("two files: the summary first, then each family; exit 1", async () => {
    const r = await run(["diff", fixture("counter-reset/before.prom"), fixture("counter-reset/after.prom")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(
      [
        "fixtures/diff/counter-reset/before.prom → fixtures/diff/counter-reset/after.prom: 4 families changed; 1 metadata change; series 7 → 7; 5 value changes; 1 reset",
        "",
        "~ jobs_failed_total (counter)",
        '    ~ HELP "Jobs that failed, by queue." → "Jobs that failed after all retries, by queue."',
        '    ~ jobs_failed_total{queue="email"} 3 → 4 (+1, 0.0167/s)',
        "",
        "~ jobs_in_queue (gauge)",
        '    ~ jobs_in_queue{queue="email"} 5 → 9 (+4)',
        "",
        "~ jobs_processed_total (counter)",
        '    ~ jobs_processed_total{queue="email"} 1500 → 1560 (+60, 1/s)',
        '    ~ jobs_processed_total{queue="sms"} 800 → 12 (reset, increase 12, 0.2/s)',
        "",
        "~ sms_worker_start_time_seconds (gauge)",
        "    ~ sms_worker_start_time_seconds 1699990000 → 1700000030 (+10030)",
        "",
      ].join("\n"),
    );
  });

  it("the same data as text 0.0.4 and OpenMetrics: no differences, exit 0", async () => {
    const r = await run(["diff", fixture("formats/metrics.prom"), fixture("formats/metrics.om")]);
    expect(r).toEqual({ code: 0, stdout: "fixtures/diff/formats/metrics.prom → fixtures/diff/formats/metrics.om: no differences (series 7 → 7)\n", stderr: "" });
    const strict = await run(["diff", "--strict", fixture("formats/metrics.prom"), fixture("formats/metrics.om")]);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain("~ TYPE untyped → unknown");
    expect(strict.stdout).toContain("~ legacy_thing 1e3 → 1000.0 (0)");
  });

  it("--strict reports families and series written in another order", async () => {
    const dir = mkdtempSync(join(tmpdir(), "promtext-diff-order-"));
    writeFileSync(join(dir, "a.prom"), '# TYPE a gauge\na{x="1"} 1\na{x="2"} 2\n# TYPE b gauge\nb 1\n');
    writeFileSync(join(dir, "b.prom"), '# TYPE b gauge\nb 1\n# TYPE a gauge\na{x="2"} 2\na{x="1"} 1\n');
    const files = [join(dir, "a.prom"), join(dir, "b.prom")];
    expect((await run(["diff", ...files])).code).toBe(0);
    const strict = await run(["diff", "--strict", ...files]);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain(": 1 family changed; series 3 → 3; 2 changes of order\n\n~ families in another order: a, b → b, a\n");
    expect(strict.stdout).toContain("~ a (gauge)\n    ~ series written in another order\n");
    const json = JSON.parse((await run(["diff", "--strict", "--format", "json", ...files])).stdout) as { familyOrder: unknown; families: Array<{ seriesReordered?: boolean }> };
    expect(json.familyOrder).toEqual({ before: ["a", "b"], after: ["b", "a"] });
    expect(json.families[0]!.seriesReordered).toBe(true);
  });

  it("--format json: the documented shape, non-finite numbers as the format writes them", async () => {
    const r = await run(["diff", "--format", "json", fixture("rebucketed-histogram/before.prom"), fixture("rebucketed-histogram/after.prom")]);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({
      version: 1,
      before: { name: "fixtures/diff/rebucketed-histogram/before.prom", format: "prometheus" },
      after: { name: "fixtures/diff/rebucketed-histogram/after.prom", format: "prometheus" },
      equal: false,
      summary: { familiesChanged: 2, layoutChanges: 2, valueChanges: 10, cardinality: { before: 19, after: 26 } },
    });
    expect(json.families[0].layout).toEqual({ label: "le", before: [0.1, 0.5, 1, 5, "+Inf"], after: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, "+Inf"], added: [0.05, 0.25, 2.5], removed: [], series: 2 });
    expect(json.families[0].values[4]).toEqual({ labels: { method: "GET" }, sample: "bucket", bound: "+Inf", before: 1000, after: 1004, delta: 4, increase: 4 });
    expect(r.stdout).toBe(`${JSON.stringify(json, null, 2)}\n`);
  });

  it("--format markdown: a pull-request comment with a table and a collapsed diff per family", async () => {
    const r = await run(["diff", "--format", "markdown", fixture("label-explosion/before.prom"), fixture("label-explosion/after.prom")]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("| Family | Type | Series | Change |");
    expect(r.stdout).toContain("| <code>http_requests_total</code> | counter | 3 → 13 | +10 -0 series, label <code>path</code> 3 → 13 values |");
    expect(r.stdout).toContain('```diff\n  series 3 → 13 (+10 -0)\n~ label path: 3 → 13 values (new "/api/users/1001", "/api/users/1002", "/api/users/1003" and 7 more)\n+ http_requests_total{code="200",method="GET",path="/api/users/1001"}');
  });

  it("options: --only, --ignore-label, --ignore-values, --threshold", async () => {
    const upgrade = [fixture("exporter-upgrade/before.prom"), fixture("exporter-upgrade/after.prom")];
    const families = await run(["diff", "--only", "families", "--format", "json", ...upgrade]);
    expect(JSON.parse(families.stdout).families.map((f: { change: string }) => f.change)).toEqual(["removed", "added", "removed", "added", "removed", "added", "removed", "added"]);
    const explosion = [fixture("label-explosion/before.prom"), fixture("label-explosion/after.prom")];
    expect((await run(["diff", "--ignore-label", "path", "--ignore-label", "version", ...explosion])).code).toBe(0);
    const reset = [fixture("counter-reset/before.prom"), fixture("counter-reset/after.prom")];
    expect((await run(["diff", "--ignore-values", ...reset])).stdout).not.toContain("→ 1560");
    const threshold = await run(["diff", "--threshold", "5%", "--format", "json", ...reset]);
    expect(JSON.parse(threshold.stdout).summary.valueChanges).toBe(3);
    expect((await run(["diff", "--only", "values,metadata", "--format", "json", ...reset])).code).toBe(1);
  });

  it("--interval gives rates where the samples have no timestamps", async () => {
    const dir = mkdtempSync(join(tmpdir(), "promtext-diff-"));
    writeFileSync(join(dir, "a.prom"), "# TYPE c_total counter\nc_total 10\n");
    writeFileSync(join(dir, "b.prom"), "# TYPE c_total counter\nc_total 40\n");
    const r = await run(["diff", "--interval", "15s", join(dir, "a.prom"), join(dir, "b.prom")]);
    expect(r.stdout).toContain("c_total 10 → 40 (+30, 2/s)");
  });

  it("standard input as either side", async () => {
    const r = await run(["diff", fixture("counter-reset/before.prom"), "-", "--only", "metadata"], text("counter-reset/after.prom"));
    expect(r.code).toBe(1);
    expect(r.stdout.split("\n")[0]).toBe("fixtures/diff/counter-reset/before.prom → <stdin>: 1 family changed; 1 metadata change; series 7 → 7");
    const same = await run(["diff", "-", fixture("formats/metrics.om")], text("formats/metrics.prom"));
    expect(same.code).toBe(0);
  });

  it("URLs, as lint scrapes them; a URL against a file; --after scrapes one target twice", async () => {
    const urls = await run(["diff", "--format", "json", `${base}/before`, `${base}/after`]);
    expect(urls.code).toBe(1);
    const json = JSON.parse(urls.stdout);
    expect(json.before).toEqual({ name: `${base}/before`, format: "prometheus" });
    expect(json.summary).toMatchObject({ valueChanges: 5, resets: 1 });
    // the Content-Type picks OpenMetrics
    expect(await run(["diff", fixture("formats/metrics.prom"), `${base}/om`])).toMatchObject({ code: 0 });
    const twice = await run(["diff", "--format", "json", `${base}/counter`, "--after", "300ms"]);
    expect(twice.code).toBe(1);
    const scraped = JSON.parse(twice.stdout);
    expect(scraped.before.name).toBe(`${base}/counter#scrape-1`);
    expect(scraped.after.name).toBe(`${base}/counter#scrape-2`);
    const change = scraped.families[0].values[0];
    expect(change).toMatchObject({ sample: "value", delta: 100, increase: 100 });
    // 100 over the time between the two scrapes' starts: at least the 300 ms asked for (a busy machine may take seconds more)
    expect(change.rate).toBeGreaterThan(100 / 30);
    expect(change.rate).toBeLessThanOrEqual(100 / 0.3);
  });

  it("exit 2 on trouble: an input that does not parse (named, with its first error), a missing file, a failed scrape, usage", async () => {
    const bad = join(mkdtempSync(join(tmpdir(), "promtext-diff-")), "bad.prom");
    writeFileSync(bad, "up 1\nbad{ 2\n");
    const r = await run(["diff", fixture("counter-reset/before.prom"), bad]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(`promtext: ${bad} does not parse; nothing compared. First error, at ${bad}:2:6: unexpected character "2" [unexpected-character]\n`);
    const broken = await run(["diff", `${base}/broken`, `${base}/before`]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain(`${base}/broken does not parse`);
    expect((await run(["diff", fixture("counter-reset/before.prom"), "/nonexistent/x.prom"])).code).toBe(2);
    expect((await run(["diff", fixture("counter-reset/before.prom"), `${base}/missing`])).stderr).toContain("HTTP 404");
    expect((await run(["diff", fixture("counter-reset/before.prom")])).code).toBe(2);
    expect((await run(["diff", fixture("counter-reset/before.prom"), "--after", "1s"])).stderr).toContain("--after scrapes one target twice");
    expect((await run(["diff", "--only", "everything", "a", "b"])).code).toBe(2);
  });

  it("a large report arrives whole through a slow pipe, and | head ends it quietly with exit 1", async () => {
    const dir = mkdtempSync(join(tmpdir(), "promtext-diff-"));
    const series = (offset: number) => Array.from({ length: 40_000 }, (_, i) => `requests_total{instance="web-${i}"} ${i + offset}\n`).join("");
    writeFileSync(join(dir, "a.prom"), `# TYPE requests_total counter\n${series(0)}`);
    writeFileSync(join(dir, "b.prom"), `# TYPE requests_total counter\n${series(7)}`);
    const args = ["diff", "--format", "json", "--interval", "30s", join(dir, "a.prom"), join(dir, "b.prom")];
    const direct = await run(args);
    expect(direct.code).toBe(1);
    expect(direct.stdout.length).toBeGreaterThan(4 * 1024 * 1024);
    expect(JSON.parse(direct.stdout).families[0].values).toHaveLength(40_000);
    const slow = await piped(args, "(sleep 1; cat)");
    expect({ bytes: slow.out.length, same: slow.out.toString() === direct.stdout }).toEqual({ bytes: Buffer.byteLength(direct.stdout), same: true });
    expect(slow.code).toBe(1);
    const early = await piped(args, "head -c 100");
    expect(early.out.length).toBe(100);
    expect(early.stderr).toBe("");
    expect(early.code).toBe(1);
  }, 60_000);
});

describe.skipIf(!existsSync(cli))("promtext stats (built CLI)", () => {
  it("aligned columns with bars: types, the families with most series, the labels with most values", async () => {
    const r = await run(["stats", fixture("label-explosion/after.prom")]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        "fixtures/diff/label-explosion/after.prom (prometheus): 3 families, 79 series as promtool check metrics --extended counts them, 27 label sets, 79 samples, 5.49 KiB",
        "",
        "Type       Families  Series      %",
        "histogram         1      65  82.3%  ███████████████████▊",
        "counter           1      13  16.5%  ████",
        "gauge             1       1   1.3%  ▎",
        "",
        "Family                         Type       Series      %  Samples       Bytes",
        "http_request_duration_seconds  histogram      65  82.3%       65     4.4 KiB  ███████████████████▊",
        "http_requests_total            counter        13  16.5%       13  1015 bytes  ████",
        "app_build_info                 gauge           1   1.3%        1   103 bytes  ▎",
        "",
        "Label    Values  Families  Label sets",
        "path         13         2          26  ████████████████████████",
        "code          1         1          13  █▉",
        "method        1         1          13  █▉",
        "version       1         1           1  █▉",
        "",
      ].join("\n"),
    );
  });

  it("--top and --format json, from a URL; exit 2 when the input does not parse", async () => {
    const r = await run(["stats", "--top", "2", "--format", "json", `${base}/om`]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ version: 1, name: `${base}/om`, format: "openmetrics", totals: { families: 5, series: 11, labelSets: 7 } });
    expect(json.families.map((f: { name: string; series: number }) => [f.name, f.series])).toEqual([
      ["request_duration_seconds", 5],
      ["http_requests", 2],
    ]);
    expect(json.labels).toHaveLength(2);
    const broken = await run(["stats", `${base}/broken`]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain("does not parse; nothing counted. First error, at");
  });
});
