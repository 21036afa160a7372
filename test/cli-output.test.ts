import { spawn } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pushgatewayAvailable, PUSHGATEWAY_SKIP, startPushgateway, type RunningPushgateway } from "./helpers/pushgateway.js";

/**
 * Every command that prints, run as users run it: its output of several MB into a pipe whose
 * reader starts late (`| (sleep 1; cat)`) must be byte for byte what the same command writes to a
 * file, and `| head -c 100` must end it quietly with its exit code.
 */

const root = join(import.meta.dirname, "..");
const cli = join(root, "dist/cli/promtext.cjs");
const env = { ...process.env, NO_COLOR: "1", FORCE_COLOR: "" };
const MB = 1024 * 1024;

interface Run {
  code: number;
  out: Buffer;
  stderr: string;
}

/** Collects a child's output; `fd3` is where the shell scripts below write promtext's own exit status. */
function collect(child: ReturnType<typeof spawn>): Promise<Run> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const status: Buffer[] = [];
  child.stdout?.on("data", (b: Buffer) => out.push(b));
  child.stderr?.on("data", (b: Buffer) => err.push(b));
  (child.stdio[3] as NodeJS.ReadableStream | null | undefined)?.on("data", (b: Buffer) => status.push(b));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => {
      const own = Buffer.concat(status).toString().trim();
      resolve({ code: own === "" ? (code ?? -1) : Number(own), out: Buffer.concat(out), stderr: Buffer.concat(err).toString() });
    });
  });
}

type Stream = "stdout" | "stderr";

/** promtext with `stream` (stdout or stderr) into a shell pipe read by `reader`; the other stream goes to /dev/null or, for stdout runs, to the test. */
function piped(args: string[], reader: string, stream: Stream = "stdout"): Promise<Run> {
  const redirect = stream === "stdout" ? "" : " 2>&1 >/dev/null";
  const script = `{ "$@"${redirect}; echo $? >&3; } | ${reader}`;
  return collect(spawn("sh", ["-c", script, "sh", process.execPath, cli, ...args], { cwd: root, env, stdio: ["ignore", "pipe", "pipe", "pipe"] }));
}

const slowReader = (args: string[], stream: Stream = "stdout") => piped(args, "(sleep 1; cat)", stream);
const head = (args: string[], stream: Stream = "stdout") => piped(args, "head -c 100", stream);

/** promtext with `stream` redirected to a file, as `promtext … > file` (or `2> file`). */
async function toFile(args: string[], stream: Stream = "stdout"): Promise<Run> {
  const path = join(mkdtempSync(join(tmpdir(), "promtext-out-")), "out");
  const fd = openSync(path, "w");
  const stdio: Array<"ignore" | "pipe" | number> = stream === "stdout" ? ["ignore", fd, "pipe"] : ["ignore", "ignore", fd];
  const r = await collect(spawn(process.execPath, [cli, ...args], { cwd: root, env, stdio }));
  closeSync(fd);
  return { ...r, out: readFileSync(path) };
}

/** The same output through a slow pipe and into a file (or `-o FILE`), byte for byte; and `| head` ends it quietly. */
async function expectWholeThroughPipes(args: string[], options: { stream?: Stream; minBytes?: number; outputOption?: boolean; normalize?: (out: string) => string } = {}): Promise<Run> {
  const stream = options.stream ?? "stdout";
  let reference: Run;
  if (options.outputOption) {
    const path = join(mkdtempSync(join(tmpdir(), "promtext-out-")), "report");
    const r = await toFile([...args, "-o", path]);
    expect(r.out.length).toBe(0);
    reference = { ...r, out: readFileSync(path) };
  } else reference = await toFile(args, stream);
  expect(reference.out.length).toBeGreaterThanOrEqual(options.minBytes ?? 2 * MB);

  const slow = await slowReader(args, stream);
  const same = options.normalize ?? ((s: string) => s);
  if (options.normalize) expect(same(slow.out.toString())).toBe(same(reference.out.toString()));
  // (the lengths too, so that a failure says more than "false")
  else expect({ bytes: slow.out.length, identical: slow.out.equals(reference.out) }).toEqual({ bytes: reference.out.length, identical: true });
  expect(slow.code).toBe(reference.code);

  const early = await head(args, stream);
  expect(early.out.length).toBe(Math.min(100, reference.out.length));
  expect(early.stderr).toBe("");
  expect(early.code).toBe(reference.code);
  return reference;
}

let dir = "";
let lintInput = "";
let exposition = "";
let simulateScript = "";
let pushPayload = "";

/** Families that each draw lint findings (camelCase, no HELP, a trailing blank), and one error at the end. */
function findingsPayload(families: number): string {
  let text = "";
  for (let i = 0; i < families; i++) text += `fooBar_${i}{instance="db-${i}"} ${i} \n`;
  return `${text}bad{ 2\n`;
}

/** A valid exposition in canonical form: counters with HELP, TYPE and two series each. */
function canonicalPayload(families: number): string {
  let text = "";
  for (let i = 0; i < families; i++) {
    text += `# HELP jobs_done_${i}_total Jobs done by worker ${i}.\n# TYPE jobs_done_${i}_total counter\n`;
    text += `jobs_done_${i}_total{instance="db-${i}",zone="eu"} ${i}\njobs_done_${i}_total{instance="db-${i}",zone="us"} ${i + 1}\n`;
  }
  return text;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "promtext-pipes-"));
  lintInput = join(dir, "findings.prom");
  writeFileSync(lintInput, findingsPayload(5000));
  exposition = join(dir, "canonical.prom");
  writeFileSync(exposition, canonicalPayload(20000));
  pushPayload = join(dir, "push.prom");
  writeFileSync(pushPayload, canonicalPayload(10000));
  simulateScript = join(dir, "steps.json");
  writeFileSync(
    simulateScript,
    JSON.stringify([
      { method: "PUT", path: "/metrics/job/backup", contentType: "text/plain; version=0.0.4", body: canonicalPayload(8000) },
      { method: "GET", path: "/metrics" },
    ]),
  );
});

describe.skipIf(!existsSync(cli))("every byte of every command's output arrives through a slow pipe (built CLI)", () => {
  for (const format of ["human", "json", "sarif", "github"]) {
    it(`lint --format ${format}`, async () => {
      const r = await expectWholeThroughPipes(["lint", "--format", format, lintInput], { outputOption: true });
      expect(r.code).toBe(1);
      if (format === "json" || format === "sarif") expect(() => JSON.parse(r.out.toString())).not.toThrow();
    }, 60_000);
  }

  it("lint's report to stdout is the report --output writes", async () => {
    const piped = await slowReader(["lint", "--format", "json", lintInput]);
    const path = join(dir, "report.json");
    await toFile(["lint", "--format", "json", "-o", path, lintInput]);
    expect(piped.out.equals(readFileSync(path))).toBe(true);
  }, 60_000);

  it("fmt", async () => {
    const r = await expectWholeThroughPipes(["fmt", exposition]);
    expect(r.out.toString()).toBe(readFileSync(exposition, "utf8"));
  }, 60_000);

  it("fmt --to openmetrics and --to json", async () => {
    await expectWholeThroughPipes(["fmt", "--to", "openmetrics", exposition]);
    await expectWholeThroughPipes(["fmt", "--to", "json", exposition]);
  }, 60_000);

  it("merge --mode aggregate", async () => {
    await expectWholeThroughPipes(["merge", exposition, exposition]);
  }, 60_000);

  it("merge --mode pushgateway (push times, which come from the clock, aside)", async () => {
    const withoutPushTimes = (text: string) => text.replace(/^(push(_failure)?_time_seconds\{.*\}) .*$/gm, "$1 <ts>");
    const r = await expectWholeThroughPipes(["merge", "--mode", "pushgateway", `/metrics/job/backup=${exposition}`], { normalize: withoutPushTimes });
    expect(r.out.toString()).toContain('jobs_done_19999_total{instance="db-19999",job="backup",zone="us"} 20000\n');
  }, 60_000);

  it("gateway simulate", async () => {
    const r = await expectWholeThroughPipes(["gateway", "simulate", "--now", "1700000000", simulateScript]);
    expect((JSON.parse(r.out.toString()) as { finalStatus: number }).finalStatus).toBe(200);
  }, 60_000);

  it("a large stderr (merge's notes on every family) arrives whole too", async () => {
    const gauges = join(dir, "gauges.prom");
    writeFileSync(gauges, canonicalPayload(20000).replaceAll(" counter\n", " gauge\n").replaceAll("_total", ""));
    const r = await expectWholeThroughPipes(["merge", gauges], { stream: "stderr", minBytes: MB });
    expect(r.out.toString().split("\n")).toHaveLength(20001);
  }, 60_000);

  it("rules and explain (small outputs)", async () => {
    await expectWholeThroughPipes(["rules"], { minBytes: 100 });
    await expectWholeThroughPipes(["rules", "--format", "json"], { minBytes: 100 });
    await expectWholeThroughPipes(["explain", "help-missing"], { minBytes: 100 });
  }, 60_000);
});

describe.skipIf(!existsSync(cli))("check-exporter's report arrives whole through a slow pipe (built CLI)", () => {
  let server: Server;
  let base = "";
  beforeAll(async () => {
    const body = findingsPayload(5000).replace("bad{ 2\n", "");
    server = createServer((_req, res) => {
      res.setHeader("Content-Type", "text/plain; version=0.0.4");
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => server?.close());

  // the human and JSON reports carry each scrape's duration, which differs from run to run
  for (const format of ["github", "sarif"]) {
    it(`check-exporter --format ${format}`, async () => {
      await expectWholeThroughPipes(["check-exporter", "--scrapes", "2", "--interval", "0s", "--format", format, `${base}/metrics`], { outputOption: true });
    }, 60_000);
  }
});

describe.skipIf(!pushgatewayAvailable || !existsSync(cli))(`push --dry-run, delete, gateway stale against a real Pushgateway${pushgatewayAvailable ? "" : ` (skipped: ${PUSHGATEWAY_SKIP})`}`, () => {
  let gateway: RunningPushgateway;
  const staleGroups = 1000;
  beforeAll(async () => {
    gateway = await startPushgateway();
  });
  afterAll(async () => {
    await gateway?.stop();
  });

  it("push --dry-run", async () => {
    const r = await expectWholeThroughPipes(["push", "--dry-run", "--gateway", gateway.url, "--job", "backup", pushPayload]);
    expect(r.code).toBe(0);
    expect(r.out.toString()).toContain('+ jobs_done_9999_total{instance="db-9999",job="backup",zone="us"} 10000\n');
  }, 60_000);

  it("gateway stale, human and JSON", async () => {
    // a push the gateway refuses still creates its group, with push time 0 ("never pushed successfully"):
    // groups whose listing does not depend on the clock
    const put = (path: string, body: string) => fetch(`${gateway.url}${path}`, { method: "PUT", body, headers: { "Content-Type": "text/plain; version=0.0.4" } });
    expect((await put("/metrics/job/base", "# TYPE shared_total counter\nshared_total 1\n")).status).toBe(200);
    for (let i = 0; i < staleGroups; i += 50) {
      const answers = await Promise.all(
        Array.from({ length: 50 }, (_, k) => put(`/metrics/job/stale/instance/${"i".repeat(3000)}-${i + k}`, "# TYPE shared_total gauge\nshared_total 2\n")),
      );
      expect(answers.every((a) => a.status === 400)).toBe(true);
    }
    const human = await expectWholeThroughPipes(["gateway", "stale", "--gateway", gateway.url, "--older-than", "1h"]);
    expect(human.out.toString().split("\n").filter((l) => l.endsWith("never pushed successfully, last push failed"))).toHaveLength(staleGroups);
    expect(human.stderr).toBe(`promtext: ${staleGroups} of ${staleGroups + 1} groups older than 1h\n`);
    const json = await expectWholeThroughPipes(["gateway", "stale", "--format", "json", "--gateway", gateway.url, "--older-than", "1h"]);
    expect(JSON.parse(json.out.toString())).toHaveLength(staleGroups);
  }, 120_000);

  it("delete (its one line on stderr, here 120 KB long: more than a pipe holds)", async () => {
    // one argument can be at most 128 KiB (Linux' MAX_ARG_STRLEN)
    const r = await expectWholeThroughPipes(["delete", "--gateway", gateway.url, "--job", "backup", "--label", `instance=${"d".repeat(120_000)}`], { stream: "stderr", minBytes: 120_000 });
    expect(r.code).toBe(0);
    expect(r.out.toString()).toMatch(/^promtext: DELETE http:\/\/127\.0\.0\.1:\d+\/metrics\/job\/backup\/instance\/d+: HTTP 202\n$/);
  }, 60_000);
});
