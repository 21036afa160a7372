import { execFile, spawn } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/** Nothing lost: `fmt -w` never leaves a half-written file, URL bodies are capped, credentials are never shown. */

const root = join(import.meta.dirname, "..");
const cli = join(root, "dist/cli/promtext.cjs");

/** As root, permissions do not stop a write: a run that needs them drops to nobody. */
const SETPRIV = ["/usr/bin/setpriv", "/bin/setpriv"].find((p) => existsSync(p));
const asRoot = process.getuid?.() === 0;

function run(args: string[], options: { shell?: string; unprivileged?: boolean } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const [file, argv] =
      options.shell !== undefined
        ? ["sh", ["-c", `${options.shell}; exec "$@"`, "sh", process.execPath, cli, ...args]]
        : options.unprivileged && asRoot
          ? [SETPRIV as string, ["--reuid=65534", "--regid=65534", "--clear-groups", process.execPath, cli, ...args]]
          : [process.execPath, [cli, ...args]];
    const child = execFile(file, argv, { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "" } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code) : 0, stdout, stderr }),
    );
    child.stdin?.end();
  });
}

/** Not canonical (three blanks before each value), so `fmt -w` rewrites it; about 3 KB. */
const UNFORMATTED = Array.from({ length: 200 }, (_, i) => `metric_${i}   ${i}\n`).join("");

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "promtext-lost-"));
}

describe.skipIf(!existsSync(cli))("fmt -w replaces a file whole or not at all (built CLI)", () => {
  it("rewrites through a temporary file, keeping the mode, and leaves nothing else behind", async () => {
    const dir = tempDir();
    const file = join(dir, "job.prom");
    writeFileSync(file, UNFORMATTED);
    chmodSync(file, 0o640);
    const r = await run(["fmt", "-w", file]);
    expect(r).toMatchObject({ code: 0, stdout: "", stderr: `promtext fmt: wrote ${file}\n` });
    expect(readFileSync(file, "utf8")).toBe((await run(["fmt", join(dir, "job.prom")])).stdout);
    expect(readFileSync(file, "utf8")).toContain("# TYPE metric_0 untyped\nmetric_0 0\n");
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir)).toEqual(["job.prom"]);
  });

  it("a write that fails half way (the file size limit, as a full disk would) leaves the original byte for byte, one line, exit 2", async () => {
    const dir = tempDir();
    const file = join(dir, "job.prom");
    writeFileSync(file, UNFORMATTED);
    // `ulimit -f 1`: files of at most 512 bytes, so the write fails with EFBIG after the first 512
    const r = await run(["fmt", "-w", file], { shell: "ulimit -f 1" });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`promtext: cannot write ${file}: file too large (the file is unchanged)\n`);
    expect(readFileSync(file, "utf8")).toBe(UNFORMATTED);
    expect(readdirSync(dir)).toEqual(["job.prom"]);
  });

  it.skipIf(asRoot && SETPRIV === undefined)("a read-only directory: the original is untouched, one line, exit 2", async () => {
    const dir = tempDir();
    const file = join(dir, "job.prom");
    writeFileSync(file, UNFORMATTED);
    chmodSync(dir, 0o555);
    try {
      const r = await run(["fmt", "-w", file], { unprivileged: true });
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`promtext: cannot write ${file}: permission denied (the file is unchanged)\n`);
      expect(readFileSync(file, "utf8")).toBe(UNFORMATTED);
    } finally {
      chmodSync(dir, 0o755);
    }
  });

  it("killed (-9) while writing, the file is the original or the whole new text, never a part", async () => {
    const dir = tempDir();
    const file = join(dir, "big.prom");
    const original = Array.from({ length: 60_000 }, (_, i) => `metric_${i}{instance="db-${i}"}   ${i}\n`).join("");
    writeFileSync(file, original);
    copyFileSync(file, join(dir, "reference.prom"));
    const formatted = (await run(["fmt", join(dir, "reference.prom")])).stdout;
    const child = spawn(process.execPath, [cli, "fmt", "-w", file], { stdio: "ignore" });
    // kill it as soon as its temporary file shows up
    await new Promise<void>((resolve) => {
      const poll = (): void => {
        if (child.exitCode !== null || readdirSync(dir).some((name) => name.endsWith(".tmp"))) {
          child.kill("SIGKILL");
          resolve();
        } else setImmediate(poll);
      };
      poll();
    });
    await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(undefined) : child.once("exit", resolve)));
    const after = readFileSync(file, "utf8");
    expect(after === original || after === formatted).toBe(true);
  });

  it("--output to a full disk (/dev/full): one line, exit 2", async () => {
    if (!existsSync("/dev/full")) return;
    const r = await run(["lint", "--format", "json", "-o", "/dev/full", "fixtures/example.prom"]);
    expect(r).toMatchObject({ code: 2, stdout: "", stderr: "promtext: cannot write /dev/full: no space left on device\n" });
  });
});

const TEXT = "# HELP up Whether the target is up.\n# TYPE up gauge\nup 1\n";
/** About 2 MiB of valid text. */
const LARGE = TEXT + Array.from({ length: 110_000 }, (_, i) => `up{n="${i}"} 1\n`).join("");
/** 8 MiB once inflated, a few KB on the wire. */
const BOMB = gzipSync(Buffer.alloc(8 * 1024 * 1024, "#"));

const SECRET_PASSWORD = "pa55-w0rd-secret";
const SECRET_TOKEN = "t0ken-secret-value";
const SECRET_HEADER = "h3ader-secret-value";

let server: Server;
let base = "";
/** A port nobody listens on. */
let closed = 0;
let other = "";
const seen: Array<{ url: string; headers: IncomingHttpHeaders }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ url: req.url ?? "", headers: req.headers });
    const url = req.url ?? "";
    const text = (body: string | Buffer, extra: Record<string, string> = {}) => {
      res.writeHead(200, { "Content-Type": "text/plain; version=0.0.4", ...extra });
      res.end(body);
    };
    let m: RegExpExecArray | null;
    if (url === "/text") return text(TEXT);
    if (url === "/broken") return text("up 1 \nbad{ 2\n");
    if (url === "/large") return text(LARGE);
    if (url === "/large-chunked") {
      res.writeHead(200, { "Content-Type": "text/plain; version=0.0.4" });
      for (let at = 0; at < LARGE.length; at += 64 * 1024) res.write(LARGE.slice(at, at + 64 * 1024));
      return res.end();
    }
    if (url === "/bomb") return text(BOMB, { "Content-Encoding": "gzip" });
    if (url === "/trickle") {
      // the headers at once, then a line every 100 ms, without end
      res.writeHead(200, { "Content-Type": "text/plain; version=0.0.4" });
      const timer = setInterval(() => res.write("up 1\n"), 100);
      res.on("close", () => clearInterval(timer));
      return;
    }
    if ((m = /^\/redirect\/(\d+)$/.exec(url))) {
      const n = Number(m[1]);
      res.writeHead(302, { Location: n === 0 ? "/text" : `/redirect/${n - 1}` });
      return res.end();
    }
    if (url === "/elsewhere") {
      res.writeHead(307, { Location: `${other}/text` });
      return res.end();
    }
    // a Pushgateway's API, as much as push, delete, stale and lint --gateway read
    if (url.startsWith("/gw/api/v1/metrics")) {
      res.writeHead(200, { "Content-Type": "application/json" });
      return res.end(JSON.stringify({ status: "success", data: [] }));
    }
    if (url.startsWith("/huge-gw/api/v1/metrics")) {
      res.writeHead(200, { "Content-Type": "application/json" });
      return res.end(JSON.stringify({ status: "success", data: [], padding: "x".repeat(64 * 1024) }));
    }
    if (url.startsWith("/spoof-gw/metrics/")) {
      // a hostile or broken gateway: a huge error body with terminal escape sequences
      res.writeHead(400);
      return res.end(`\u001b[2J\u001b[H\u001b[32mpushed fine${"x".repeat(3_000_000)}\n`);
    }
    if (url.startsWith("/gw/metrics/")) {
      res.writeHead(req.method === "DELETE" ? 202 : 200);
      return res.end();
    }
    res.writeHead(404);
    res.end("not here");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  other = `http://localhost:${port}`;
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  closed = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
});

afterAll(() => {
  server?.close();
});

describe.skipIf(!existsSync(cli))("URL inputs: a size cap, the timeout over the body, at most 10 redirects (built CLI)", () => {
  it("a body over --max-bytes: one line, exit 2, whether its size is announced or not", async () => {
    for (const path of ["/large", "/large-chunked"]) {
      const r = await run(["lint", "--max-bytes", "1MB", `${base}${path}`]);
      expect(r).toMatchObject({ code: 2, stdout: "", stderr: `promtext: cannot scrape ${base}${path}: the body is larger than 1 MiB (--max-bytes)\n` });
    }
    const under = await run(["lint", "--format", "json", "--max-bytes", "3MB", `${base}/large-chunked`]);
    expect(under.code).toBe(0);
    expect((JSON.parse(under.stdout) as Array<{ source: { bytes: number } }>)[0]!.source.bytes).toBe(LARGE.length);
  });

  it("counts the bytes after gzip decompression", async () => {
    expect(BOMB.length).toBeLessThan(1024 * 1024);
    const r = await run(["lint", "--max-bytes", "1MB", `${base}/bomb`]);
    expect(r).toMatchObject({ code: 2, stdout: "", stderr: `promtext: cannot scrape ${base}/bomb: the body, decompressed, is larger than 1 MiB (--max-bytes)\n` });
  });

  it("check-exporter has the cap as --body-size-limit (its --max-bytes only warns)", async () => {
    const r = await run(["check-exporter", "--scrapes", "2", "--interval", "0s", "--body-size-limit", "1MB", `${base}/large`]);
    expect(r).toMatchObject({ code: 2, stdout: "", stderr: `promtext: cannot scrape ${base}/large: the body is larger than 1 MiB (--body-size-limit)\n` });
  });

  it("a gateway's error body is shown escaped and bounded", async () => {
    const r = await run(["delete", "--gateway", `${base}/spoof-gw`, "--job", "backup"]);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/\u001b/);
    expect(r.stderr).toContain("\\u001b[2J");
    expect(r.stderr.length).toBeLessThan(2_500);
    expect(r.stderr.split("\n").filter(Boolean)).toHaveLength(1);
  });

  it("a gateway's answer over --max-bytes: one line, exit 2", async () => {
    const r = await run(["push", "--dry-run", "--max-bytes", "1KB", "--gateway", `${base}/huge-gw`, "--job", "backup", "fixtures/good/node-exporter.prom"]);
    expect(r).toMatchObject({ code: 2, stdout: "" });
    expect(r.stderr).toBe(`promtext: the Pushgateway at ${base}/huge-gw answered GET /api/v1/metrics: the body is larger than 1 KiB (--max-bytes)\n`);
  });

  it("the timeout covers the body: a body that never ends is given up", async () => {
    const r = await run(["lint", "--timeout", "500ms", `${base}/trickle`]);
    expect(r).toMatchObject({ code: 2, stdout: "", stderr: `promtext: cannot read the response of ${base}/trickle: no complete answer within 500 ms (--timeout)\n` });
  });

  it("follows 9 redirects and stops at the 10th, as Prometheus does", async () => {
    const nine = await run(["lint", "--format", "json", `${base}/redirect/8`]);
    expect(nine.code).toBe(0);
    expect((JSON.parse(nine.stdout) as Array<{ valid: boolean }>)[0]!.valid).toBe(true);
    const ten = await run(["lint", `${base}/redirect/9`]);
    expect(ten).toMatchObject({ code: 2, stdout: "", stderr: `promtext: cannot scrape ${base}/redirect/9: stopped after 10 redirects (Prometheus follows at most 10)\n` });
  });
});

/** Every byte a run shows, for the secrets to be looked for in. */
function shown(r: { stdout: string; stderr: string }): string {
  return r.stdout + r.stderr;
}

function expectNoSecret(r: { stdout: string; stderr: string }): void {
  for (const secret of [SECRET_PASSWORD, SECRET_TOKEN, SECRET_HEADER, Buffer.from(`alice:${SECRET_PASSWORD}`).toString("base64")]) expect(shown(r)).not.toContain(secret);
}

describe.skipIf(!existsSync(cli))("credentials from -H and user:password@ are sent, and never shown (built CLI)", () => {
  const basic = `Basic ${Buffer.from(`alice:${SECRET_PASSWORD}`).toString("base64")}`;
  const withUser = (url: string) => url.replace("://", `://alice:${SECRET_PASSWORD}@`);
  const headers = ["-H", `Authorization: Bearer ${SECRET_TOKEN}`, "-H", `X-Api-Key: ${SECRET_HEADER}`];

  it("lint: in every report format, the URL shows the user and *** for the password", async () => {
    for (const format of ["human", "json", "sarif", "github"]) {
      const before = seen.length;
      const r = await run(["lint", "--format", format, "-H", `X-Api-Key: ${SECRET_HEADER}`, withUser(`${base}/broken`)]);
      expect(r.code).toBe(1);
      expectNoSecret(r);
      expect(r.stdout).toContain(format === "github" ? "http%3A//alice%3A***@127.0.0.1%3A" : "http://alice:***@127.0.0.1:");
      // and the credentials were sent
      expect(seen.slice(before).map((s) => [s.headers.authorization, s.headers["x-api-key"]])).toEqual([[basic, SECRET_HEADER]]);
    }
    const bearer = await run(["lint", "--format", "json", ...headers, `${base}/broken`]);
    expect(bearer.code).toBe(1);
    expectNoSecret(bearer);
    expect(seen.at(-1)!.headers.authorization).toBe(`Bearer ${SECRET_TOKEN}`);
  });

  it("lint: no error message shows them", async () => {
    const shownUrl = (path: string) => `http://alice:***@127.0.0.1:${new URL(base).port}${path}`;
    const cases: Array<[string[], string]> = [
      [["lint", withUser(`${base}/nope`)], `promtext: cannot scrape ${shownUrl("/nope")}: HTTP 404 Not Found\n`],
      [["lint", "--max-bytes", "1MB", withUser(`${base}/large`)], `promtext: cannot scrape ${shownUrl("/large")}: the body is larger than 1 MiB (--max-bytes)\n`],
      [["lint", "--timeout", "300ms", withUser(`${base}/trickle`)], `promtext: cannot read the response of ${shownUrl("/trickle")}: no complete answer within 300 ms (--timeout)\n`],
      [["lint", withUser(`${base}/redirect/20`)], `promtext: cannot scrape ${shownUrl("/redirect/20")}: stopped after 10 redirects (Prometheus follows at most 10)\n`],
      [["lint", withUser(`http://127.0.0.1:${closed}/metrics`)], `promtext: cannot scrape http://alice:***@127.0.0.1:${closed}/metrics: connection refused\n`],
      [["lint", "-H", `Bearer ${SECRET_TOKEN}`, `${base}/text`], 'promtext: -H takes "Name: value", e.g. "Authorization: Bearer …"; got a value without a header name\n'],
    ];
    for (const [args, stderr] of cases) {
      const r = await run([...args, ...headers]);
      expect(r).toMatchObject({ code: 2, stdout: "", stderr });
    }
  });

  it("a redirect to another host gets no credentials", async () => {
    const before = seen.length;
    const r = await run(["lint", ...headers, withUser(`${base}/elsewhere`)]);
    expect(r.code).toBe(0);
    expectNoSecret(r);
    const [first, second] = seen.slice(before);
    expect(first!.headers.authorization).toBe(`Bearer ${SECRET_TOKEN}`);
    expect(second!.headers.host).toMatch(/^localhost:/);
    expect(second!.headers.authorization).toBeUndefined();
    expect(second!.headers["x-api-key"]).toBe(SECRET_HEADER);
  });

  it("check-exporter: in every report format and its summary line", async () => {
    for (const format of ["human", "json", "sarif", "github"]) {
      const before = seen.length;
      const r = await run(["check-exporter", "--scrapes", "2", "--interval", "0s", "--format", format, "-H", `X-Api-Key: ${SECRET_HEADER}`, withUser(`${base}/broken`)]);
      expect(r.code).toBe(1);
      expectNoSecret(r);
      expect(r.stderr).toContain("promtext: 2 scrapes of http://alice:***@127.0.0.1:");
      expect(seen.slice(before).every((s) => s.headers.authorization === basic)).toBe(true);
    }
  });

  it("push, delete, gateway stale and lint --gateway: the gateway URL is shown without them", async () => {
    const gateway = withUser(`${base}/gw`);
    const runs = [
      await run(["push", "--gateway", gateway, "--job", "backup", "fixtures/good/node-exporter.prom", ...headers]),
      await run(["push", "--dry-run", "--gateway", gateway, "--job", "backup", "fixtures/good/node-exporter.prom"]),
      await run(["delete", "--gateway", gateway, "--job", "backup"]),
      await run(["gateway", "stale", "--gateway", gateway, "--older-than", "1h"]),
      await run(["lint", "--gateway-group", "/metrics/job/backup", "--gateway", gateway, "fixtures/good/node-exporter.prom"]),
      await run(["push", "--gateway", withUser(`http://127.0.0.1:${closed}`), "--job", "backup", "fixtures/good/node-exporter.prom"]),
      await run(["push", "--gateway", withUser("ftp://127.0.0.1:1"), "--job", "backup", "fixtures/good/node-exporter.prom"]),
    ];
    for (const r of runs) expectNoSecret(r);
    expect(runs.slice(0, 5).map((r) => r.code)).toEqual([0, 0, 0, 0, 0]);
    expect(runs[0]!.stderr).toBe(`promtext: PUT ${base}/gw/metrics/job/backup: HTTP 200\n`);
    expect(runs[2]!.stderr).toBe(`promtext: DELETE ${base}/gw/metrics/job/backup: HTTP 202\n`);
    expect(runs[5]).toMatchObject({ code: 2, stderr: `promtext: cannot reach the Pushgateway at http://127.0.0.1:${closed}: connection refused\n` });
    expect(runs[6]).toMatchObject({ code: 2, stderr: 'promtext: --gateway must be an http(s):// URL; got "ftp://alice:***@127.0.0.1:1"\n' });
    const toGateway = seen.filter((s) => s.url.startsWith("/gw/"));
    expect(toGateway.length).toBeGreaterThanOrEqual(6);
    expect(toGateway.every((s) => s.headers.authorization === basic || s.headers.authorization === `Bearer ${SECRET_TOKEN}`)).toBe(true);
  });
});
