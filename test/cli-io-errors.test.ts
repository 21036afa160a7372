import { chmodSync, existsSync, mkdirSync, mkdtempSync, truncateSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { asRoot, cli, runCli, SETPRIV } from "./helpers/run-cli.js";

/** Ordinary I/O problems in every command: one line naming the file or URL and the cause, exit 2, never "internal error". */

const run = runCli;

/** The commands that read a file, each given `file` as its input. */
const reading = (file: string): string[][] => [
  ["lint", file],
  ["lint", "--gateway-group", "/metrics/job/x", file],
  ["fmt", file],
  ["fmt", "-w", file],
  ["merge", file],
  ["merge", "--mode", "pushgateway", `/metrics/job/x=${file}`],
  ["push", "--dry-run", "--no-check", "--gateway", "http://127.0.0.1:9091", "--job", "x", file],
  ["gateway", "simulate", file],
];

let dir = "";
/** A port nobody listens on. */
let closed = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "promtext-io-"));
  chmodSync(dir, 0o755);
  mkdirSync(join(dir, "a-directory.prom"));
  mkdirSync(join(dir, "read-only"), { mode: 0o555 });
  chmodSync(join(dir, "read-only"), 0o555);
  // sparse: 501 MiB on paper, nothing on disk
  writeFileSync(join(dir, "huge.prom"), "");
  truncateSync(join(dir, "huge.prom"), 501 * 1024 ** 2);
  writeFileSync(join(dir, "m.prom"), "# TYPE m gauge\nm 1\n");
  writeFileSync(join(dir, "not-json.json"), "{\n  rules: {}\n}\n");
  writeFileSync(join(dir, "unreadable.prom"), "# TYPE m gauge\nm 1\n", { mode: 0o000 });
  chmodSync(join(dir, "unreadable.prom"), 0o000);
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  closed = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
});

describe.skipIf(!existsSync(cli))("ordinary I/O problems: one line, exit 2 (built CLI)", () => {
  it("an input that is a directory, in every command that reads files", async () => {
    for (const args of reading("a-directory.prom")) {
      expect(await run(args, { cwd: dir })).toEqual({ code: 2, stdout: "", stderr: "promtext: cannot read a-directory.prom: is a directory\n" });
    }
  });

  it("an input that does not exist, in every command that reads files", async () => {
    for (const args of reading("missing.prom")) {
      expect(await run(args, { cwd: dir })).toEqual({ code: 2, stdout: "", stderr: "promtext: cannot read missing.prom: no such file or directory\n" });
    }
  });

  it("an input too large to read whole, where a command reads it whole", async () => {
    for (const args of reading("huge.prom").filter((a) => a[0] !== "lint" || a.includes("--gateway-group"))) {
      expect(await run(args, { cwd: dir })).toEqual({
        code: 2,
        stdout: "",
        stderr: "promtext: huge.prom is larger than 500 MiB, the most promtext reads whole; promtext lint (without --gateway-group) reads any size as a stream\n",
      });
    }
  });

  it("--output into a missing directory, or onto a directory", async () => {
    expect(await run(["lint", "-o", "no/such/dir/report.json", "m.prom"], { cwd: dir })).toEqual({ code: 2, stdout: "", stderr: "promtext: cannot write no/such/dir/report.json: no such file or directory\n" });
    expect(await run(["lint", "-o", "a-directory.prom", "m.prom"], { cwd: dir })).toEqual({ code: 2, stdout: "", stderr: "promtext: cannot write a-directory.prom: is a directory\n" });
  });

  it.skipIf(asRoot && SETPRIV === undefined)("--output into a directory that may not be written", async () => {
    expect(await run(["lint", "-o", "read-only/report.json", "m.prom"], { cwd: dir, unprivileged: true })).toEqual({ code: 2, stdout: "", stderr: "promtext: cannot write read-only/report.json: permission denied\n" });
  });

  it.skipIf(asRoot && SETPRIV === undefined)("an input that may not be read, in every command that reads files", async () => {
    for (const args of reading("unreadable.prom")) {
      expect(await run(args, { cwd: dir, unprivileged: true })).toEqual({ code: 2, stdout: "", stderr: "promtext: cannot read unreadable.prom: permission denied\n" });
    }
  });

  it("a configuration file that is a directory or not JSON", async () => {
    expect(await run(["lint", "--config", "a-directory.prom", "m.prom"], { cwd: dir })).toEqual({ code: 2, stdout: "", stderr: "promtext: cannot read a-directory.prom: is a directory\n" });
    expect(await run(["lint", "--config", "not-json.json", "m.prom"], { cwd: dir })).toEqual({ code: 2, stdout: "", stderr: "promtext: not-json.json: not JSON: unexpected `r` at line 2 column 3\n" });
  });

  it("a URL that refuses the connection, in every command that connects", async () => {
    const url = `http://127.0.0.1:${closed}`;
    const refused = `promtext: cannot reach the Pushgateway at ${url}: connection refused\n`;
    const cases: Array<[string[], string]> = [
      [["check-exporter", "--scrapes", "2", "--interval", "0s", `${url}/metrics`], `promtext: cannot scrape ${url}/metrics: connection refused\n`],
      [["delete", "--gateway", url, "--job", "x"], refused],
      [["gateway", "stale", "--gateway", url, "--older-than", "1h"], refused],
      [["lint", "--gateway", url, "--gateway-group", "/metrics/job/x", "m.prom"], refused],
      [["push", "--dry-run", "--gateway", url, "--job", "x", "m.prom"], refused],
    ];
    for (const [args, stderr] of cases) expect(await run(args, { cwd: dir })).toEqual({ code: 2, stdout: "", stderr });
  });
});
