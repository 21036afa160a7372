import { execFile, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate } from "../bench/payloads.mjs";
import { lint } from "../src/lint/lint.js";

const root = join(import.meta.dirname, "..");
const cli = join(root, "dist/cli/promtext.cjs");

/** Runs the built CLI without blocking this process (the test's HTTP server must keep answering). */
function run(args: string[], options: { input?: string; env?: Record<string, string>; cwd?: string } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [cli, ...args], { cwd: options.cwd ?? root, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "", ...options.env } }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as NodeJS.ErrnoException & { code?: number }).code as unknown as number) : 0, stdout, stderr }),
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
    else child.stdin?.end();
  });
}

const TEXT = "# HELP up Whether the target is up.\n# TYPE up gauge\nup 1\n";
/** Over 8 MiB, so that lint reads it as a stream; gzip-compressed when served. */
const BIG = `${generate(900)}${readFileSync(join(import.meta.dirname, "../fixtures/example.prom"), "utf8")}`;
const OM = "# TYPE up gauge\n# HELP up Whether the target is up.\nup 1\n# EOF\n";
let server: Server;
let base = "";
const seenAccept: string[] = [];
const seenAuth: string[] = [];
let counterHits = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    seenAccept.push(req.headers.accept ?? "");
    seenAuth.push(req.headers.authorization ?? "");
    const send = (type: string | undefined, body: string | Buffer, extra: Record<string, string> = {}) => {
      if (type) res.setHeader("Content-Type", type);
      for (const [k, v] of Object.entries(extra)) res.setHeader(k, v);
      res.end(body);
    };
    switch (req.url) {
      case "/text":
        return send("text/plain; version=0.0.4; charset=utf-8", TEXT);
      case "/om":
        return send("application/openmetrics-text; version=1.0.0; charset=utf-8", OM);
      case "/gzip":
        return send("text/plain; version=0.0.4", gzipSync(TEXT), { "Content-Encoding": "gzip" });
      case "/html":
        return send("text/html", TEXT);
      case "/none":
        res.removeHeader("Content-Type");
        return res.end(TEXT);
      case "/broken":
        return send("text/plain; version=0.0.4", "up 1 \nbad{ 2\n");
      case "/counter": {
        counterHits++;
        return send("text/plain; version=0.0.4", `# HELP jobs_total Jobs.\n# TYPE jobs_total counter\njobs_total ${counterHits === 2 ? 1 : 10 * counterHits}\n`);
      }
      case "/big":
        return send("text/plain; version=0.0.4", gzipSync(BIG), { "Content-Encoding": "gzip" });
      case "/slow":
        return void setTimeout(() => send("text/plain", TEXT), 2000);
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

describe.skipIf(!existsSync(cli))("promtext lint: inputs and outputs (built CLI)", () => {
  it("reads a large scrape as a stream, with the findings lint() has for the whole text", async () => {
    expect(BIG.length).toBeGreaterThan(9 * 1024 * 1024);
    const r = await run(["lint", "--no-config", "--format", "json", "--max-diagnostics", "1000000", `${base}/big`]);
    const [report] = JSON.parse(r.stdout) as Array<{ source: { bytes: number }; diagnostics: Array<{ code: string; line: number; column: number; message: string }> }>;
    const whole = lint(BIG, { format: "prometheus" });
    expect(report!.diagnostics.map(({ code, line, column, message }) => ({ code, line, column, message }))).toEqual(
      whole.diagnostics.map(({ code, line, column, message }) => ({ code, line, column, message })),
    );
    expect(report!.source.bytes).toBe(Buffer.byteLength(BIG));
    expect(r.code).toBe(1);
  });

  it("scrapes a text target with Prometheus' Accept header and reports status, format and size", async () => {
    const r = await run(["lint", "-H", "Authorization: Bearer s3cret", `${base}/text`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\/text: valid for target strict — prometheus \(Content-Type: text\/plain; version=0\.0\.4; charset=utf-8\), HTTP 200, 57 bytes in \d+ ms, 1 family, 1 sample/);
    expect(seenAccept.at(-1)).toContain("application/openmetrics-text;version=1.0.0");
    expect(seenAuth.at(-1)).toBe("Bearer s3cret");
  });

  it("lets the Content-Type choose the parser: OpenMetrics, gzip-encoded text", async () => {
    const om = await run(["lint", "--format", "json", `${base}/om`, `${base}/gzip`]);
    const [a, b] = JSON.parse(om.stdout) as Array<{ format: string; valid: boolean; source: { status: number; contentType: string; bytes: number } }>;
    expect(a).toMatchObject({ format: "openmetrics", valid: true, source: { status: 200 } });
    expect(b).toMatchObject({ format: "prometheus", valid: true, source: { bytes: TEXT.length } });
  });

  it("reports a wrong or missing Content-Type as its own finding, an error for the prometheus target", async () => {
    const html = await run(["lint", "--format", "json", `${base}/html`]);
    expect(html.code).toBe(0);
    expect((JSON.parse(html.stdout) as Array<{ diagnostics: Array<{ code: string; severity: string }> }>)[0]!.diagnostics[0]).toMatchObject({ code: "content-type-unsupported", severity: "warning" });
    const none = await run(["lint", "--target", "prometheus", `${base}/none`]);
    expect(none.code).toBe(1);
    expect(none.stdout).toContain("the target answered with no Content-Type");
  });

  it("exits 2 with one line for 404, a timeout and a refused connection", async () => {
    const missing = await run(["lint", `${base}/nope`]);
    expect(missing).toMatchObject({ code: 2, stdout: "" });
    expect(missing.stderr).toBe(`promtext: cannot scrape ${base}/nope: HTTP 404 Not Found\n`);
    const slow = await run(["lint", "--timeout", "300ms", `${base}/slow`]);
    expect(slow.code).toBe(2);
    expect(slow.stderr).toBe(`promtext: cannot scrape ${base}/slow: no complete answer within 300 ms (--timeout)\n`);
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    closed.close();
    const refused = await run(["lint", `http://127.0.0.1:${port}/metrics`]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(`promtext: cannot scrape http://127.0.0.1:${port}/metrics: connection refused\n`);
    expect((await run(["lint", "--timeout", "soon", `${base}/text`])).code).toBe(2);
  });

  it("expands quoted globs itself and fails on a glob that matches nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "promtext-glob-"));
    mkdirSync(join(dir, "a", "b"), { recursive: true });
    writeFileSync(join(dir, "a", "one.prom"), TEXT);
    writeFileSync(join(dir, "a", "b", "two.prom"), TEXT);
    writeFileSync(join(dir, "a", "b", "skip.txt"), "x");
    const r = await run(["lint", "--format", "json", "a/**/*.prom"], { cwd: dir });
    expect((JSON.parse(r.stdout) as Array<{ file: string }>).map((f) => f.file)).toEqual(["a/b/two.prom", "a/one.prom"]);
    // the README's GitLab CI script line
    expect((await run(["lint", "--max-warnings", "0", "a/**/*.prom"], { cwd: dir })).code).toBe(0);
    const none = await run(["lint", "nothing/**/*.prom"], { cwd: dir });
    expect(none).toMatchObject({ code: 2 });
    expect(none.stderr).toBe("promtext: no files match nothing/**/*.prom\n");
  });

  it.skipIf(!existsSync("/usr/bin/script"))("colours on a terminal, unless TERM=dumb (the terminal made by script(1))", () => {
    const onTerminal = (term: string) =>
      spawnSync("/usr/bin/script", ["-qec", `${process.execPath} ${cli} lint fixtures/example.prom`, "/dev/null"], {
        cwd: root,
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: "", FORCE_COLOR: "", TERM: term },
      }).stdout;
    expect(onTerminal("xterm")).toContain("\u001b[31merror\u001b[0m");
    const dumb = onTerminal("dumb");
    expect(dumb).toContain("error label `code` is given twice");
    expect(dumb).not.toContain("\u001b[");
  });

  it("--quiet prints nothing for inputs without errors, and only the errors of the others", async () => {
    const clean = await run(["lint", "--quiet", "fixtures/good/node-exporter.prom", "fixtures/good/openmetrics.om"]);
    expect(clean).toMatchObject({ code: 0, stdout: "", stderr: "" });
    const mixed = await run(["lint", "--quiet", "fixtures/good/node-exporter.prom", "-"], { input: "fooBar 1 \nbad{ 2\n" });
    expect(mixed.code).toBe(1);
    expect(mixed.stdout).not.toContain("node-exporter.prom");
    expect(mixed.stdout).toContain("<stdin>:2:");
    expect(mixed.stdout).not.toMatch(/:\d+:\d+ warning /);
  });

  it("--quiet keeps errors only; --output writes the report to a file", async () => {
    const quiet = await run(["lint", "--quiet", "--format", "json", "-"], { input: "fooBar 1 \nbad{ 2\n" });
    expect(quiet.code).toBe(1);
    const diagnostics = (JSON.parse(quiet.stdout) as Array<{ diagnostics: Array<{ severity: string }> }>)[0]!.diagnostics;
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(diagnostics.every((d) => d.severity === "error")).toBe(true);
    const out = join(mkdtempSync(join(tmpdir(), "promtext-out-")), "report.json");
    const written = await run(["lint", "--format", "json", "--output", out, "-"], { input: TEXT });
    expect(written).toMatchObject({ code: 0, stdout: "" });
    expect(JSON.parse(readFileSync(out, "utf8"))).toHaveLength(1);
  });

  it("colors the human report only when asked or allowed", async () => {
    const broken = "bad{ 2\n";
    expect((await run(["lint", "-"], { input: broken })).stdout).not.toContain("\u001b[");
    expect((await run(["lint", "--color", "-"], { input: broken })).stdout).toContain("\u001b[31merror\u001b[0m");
    expect((await run(["lint", "-"], { input: broken, env: { NO_COLOR: "", FORCE_COLOR: "1" } })).stdout).toContain("\u001b[");
    expect((await run(["lint", "--no-color", "-"], { input: broken, env: { NO_COLOR: "", FORCE_COLOR: "1" } })).stdout).not.toContain("\u001b[");
    expect((await run(["lint", "-"], { input: broken, env: { NO_COLOR: "", FORCE_COLOR: "0" } })).stdout).not.toContain("\u001b[");
  });

  it("writes SARIF and GitHub annotations, with the same exit codes", async () => {
    const sarif = await run(["lint", "--format", "sarif", "fixtures/example.prom"]);
    expect(sarif.code).toBe(1);
    const log = JSON.parse(sarif.stdout) as { version: string; runs: Array<{ results: Array<{ ruleId: string; level: string }> }> };
    expect(log.version).toBe("2.1.0");
    expect(log.runs).toHaveLength(1);
    expect(log.runs[0]!.results.filter((r) => r.level === "error")).toHaveLength(5);
    const github = await run(["lint", "--format", "github", "fixtures/example.prom"]);
    expect(github.code).toBe(1);
    const lines = github.stdout.trimEnd().split("\n");
    expect(lines.filter((l) => l.startsWith("::error file=fixtures/example.prom,line="))).toHaveLength(5);
    expect(lines.every((l) => /^::(error|warning|notice) file=/.test(l))).toBe(true);
    expect((await run(["lint", "--format", "github", "fixtures/good/node-exporter.prom"])).stdout).toBe("");
  });

  it("lists the rules and explains one, suggesting the closest id on a typo", async () => {
    const rules = await run(["rules", "--format", "json"]);
    expect((JSON.parse(rules.stdout) as Array<{ id: string }>).map((r) => r.id)).toContain("counter-total-suffix");
    const explained = await run(["explain", "counter-total-suffix"]);
    expect(explained.stdout).toContain('promtool says: counter metrics should have "_total" suffix');
    expect(explained.stdout).toContain("Bad:");
    expect((await run(["explain", "om-missing-eof"])).stdout).toContain("OpenMetrics: rejected by");
    const typo = await run(["explain", "counter-total-sufix"]);
    expect(typo).toMatchObject({ code: 2, stderr: 'promtext: unknown rule or code "counter-total-sufix"; did you mean "counter-total-suffix"?\n' });
    const option = await run(["lint", "--formt", "json", "x"]);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("(Did you mean --format?)");
    expect((await run(["--help"])).stdout).toContain("promtext explain counter-total-suffix");
  });

  it("check-exporter scrapes several times and reports a counter that goes down", async () => {
    const r = await run(["check-exporter", "--scrapes", "3", "--interval", "50ms", "--format", "json", `${base}/counter`]);
    expect(r.code).toBe(1);
    const codes = (JSON.parse(r.stdout) as Array<{ diagnostics: Array<{ code: string }> }>).flatMap((f) => f.diagnostics.map((d) => d.code));
    expect(codes).toContain("counter-decreased");
    expect(r.stderr).toMatch(/^promtext: 3 scrapes of /);
  });

  it("stops quietly when the reader closes the pipe", async () => {
    const r = await new Promise<{ code: number; stderr: string }>((resolve) =>
      execFile("bash", ["-c", `"${process.execPath}" "${cli}" --help | head -1`], { encoding: "utf8" }, (error, _stdout, stderr) => resolve({ code: error ? 1 : 0, stderr })),
    );
    expect(r.stderr).toBe("");
  });

  it("the shell one-liner of the README works: curl a target | promtext lint -", async () => {
    const body = await (await fetch(`${base}/text`)).text();
    const r = await run(["lint", "--target", "prometheus", "-"], { input: body });
    expect(r.code).toBe(0);
  });

  it("the GitHub Action's step lints files and globs with annotations", async () => {
    const dir = mkdtempSync(join(tmpdir(), "promtext-action-"));
    writeFileSync(join(dir, "good.prom"), TEXT);
    writeFileSync(join(dir, "bad.prom"), "bad{ 2\n");
    const r = await new Promise<{ code: number; stdout: string }>((resolve) =>
      execFile(
        "bash",
        [join(root, "action", "run.sh")],
        { cwd: dir, encoding: "utf8", env: { ...process.env, PROMTEXT_BIN: `${process.execPath} ${cli}`, PROMTEXT_FILES: "*.prom", PROMTEXT_FORMAT: "json" } },
        (error, stdout) => resolve({ code: error ? Number((error as { code?: number }).code) : 0, stdout }),
      ),
    );
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as Array<{ file: string; valid: boolean }>).map((f) => [f.file, f.valid])).toEqual([
      ["bad.prom", false],
      ["good.prom", true],
    ]);
  });
});
