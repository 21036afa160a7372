import { execFileSync, spawnSync } from "node:child_process";
import { closeSync, createWriteStream, existsSync, mkdtempSync, openSync, readSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generate } from "../bench/payloads.mjs";
import { lint } from "../src/lint/lint.js";
import { runCli } from "./helpers/run-cli.js";

/**
 * `promtext lint` reads an input of more than 8 MiB as a stream, a smaller one whole; these
 * compare both with the library's whole-text lint().
 */
const root = join(import.meta.dirname, "..");
const cli = join(root, "dist/cli/promtext.cjs");

function run(args: string[], input?: string | Buffer): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, input, encoding: "utf8", maxBuffer: 1 << 28, env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));
}

interface JsonReport {
  file: string;
  valid: boolean;
  families: number;
  samples: number;
  diagnostics: { code: string; severity: string; message: string; line: number; column: number }[];
  diagnosticsLeftOut?: { errors: number; warnings: number; infos: number };
}

describe.skipIf(!existsSync(cli))("promtext lint reads its inputs as streams (built CLI)", () => {
  const fixtures = files(join(root, "fixtures")).filter((f) => /\.(prom|om|txt)$/.test(f));

  it("reports on every fixture what lint() reports on the whole text, from files and from standard input", () => {
    expect(fixtures.length).toBeGreaterThan(50);
    const expected = (bytes: Buffer) => {
      const whole = lint(bytes, { target: "pushgateway" });
      return { valid: whole.valid, families: whole.families.length, samples: whole.samples, diagnostics: whole.diagnostics.map((d) => ({ code: d.code, severity: d.severity, message: d.message, line: d.line, column: d.column })) };
    };
    const shown = (r: JsonReport) => ({ valid: r.valid, families: r.families, samples: r.samples, diagnostics: r.diagnostics.map(({ code, severity, message, line, column }) => ({ code, severity, message, line, column })) });
    const fromFiles = JSON.parse(run(["lint", "--no-config", "--target", "pushgateway", "--format", "json", ...fixtures]).stdout) as JsonReport[];
    expect(fromFiles.map(shown)).toEqual(fixtures.map((f) => expected(readFileSync(f))));
    for (const path of fixtures.filter((_, i) => i % 8 === 0)) {
      const bytes = readFileSync(path);
      const [fromStdin] = JSON.parse(run(["lint", "--no-config", "--target", "pushgateway", "--format", "json", "-"], bytes).stdout) as JsonReport[];
      expect(shown(fromStdin!), path).toEqual(expected(bytes));
    }
    // streamed: 10 MB of node-exporter-like families, then the example's errors
    const dir = mkdtempSync(join(tmpdir(), "promtext-stream-"));
    const big = join(dir, "big.prom");
    const payload = Buffer.concat([Buffer.from(generate(900)), readFileSync(join(root, "fixtures/example.prom"))]);
    writeFileSync(big, payload);
    expect(payload.length).toBeGreaterThan(9 * 1024 * 1024);
    const [streamed] = JSON.parse(run(["lint", "--no-config", "--target", "pushgateway", "--max-diagnostics", "1000000", "--format", "json", big]).stdout) as JsonReport[];
    expect(shown(streamed!)).toEqual(expected(payload));
    const [streamedStdin] = JSON.parse(run(["lint", "--no-config", "--target", "pushgateway", "--max-diagnostics", "1000000", "--format", "json", "-"], payload).stdout) as JsonReport[];
    expect(shown(streamedStdin!)).toEqual(expected(payload));
  });

  it("keeps the first --max-diagnostics diagnostics and counts the rest, in every format", () => {
    const input = `${Array.from({ length: 100_001 }, (_, i) => `bad_${i}{ 1`).join("\n")}\n`;
    const json = run(["lint", "--format", "json", "-"], input);
    expect(json.code).toBe(1);
    const [report] = JSON.parse(json.stdout) as JsonReport[];
    expect(report!.diagnostics).toHaveLength(10_000);
    expect(report!.diagnosticsLeftOut).toEqual({ errors: 90_001, warnings: 0, infos: 0 });
    expect(json.stderr).toBe("promtext: 100001 errors in 1 of 1 inputs\n");
    const human = run(["lint", "--max-diagnostics", "3", "-"], input);
    expect(human.stdout).toContain("<stdin>: 99,998 more diagnostics left out (99,998 errors; --max-diagnostics)");
    expect(human.stdout.match(/^<stdin>:\d+:\d+ error /gm)).toHaveLength(3);
    // streamed (over 8 MiB): the same cap
    const long = `${Array.from({ length: 700_000 }, (_, i) => `bad_${i}{ 1`).join("\n")}\n`;
    const [streamed] = JSON.parse(run(["lint", "--format", "json", "-"], long).stdout) as JsonReport[];
    expect(streamed!.diagnostics).toHaveLength(10_000);
    expect(streamed!.diagnostics[9_999]!.line).toBe(10_000);
    expect(streamed!.diagnosticsLeftOut).toEqual({ errors: 690_000, warnings: 0, infos: 0 });
    expect(run(["lint", "--max-diagnostics", "0", "-"], input).code).toBe(2);
  });

  it("stops reading standard input or a device past --max-bytes, with one line", () => {
    const zero = run(["lint", "--max-bytes", "1MB", "/dev/zero"]);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toBe("promtext: /dev/zero is larger than 1 MiB; promtext stopped reading it (--max-bytes)\n");
    const stdin = run(["lint", "--max-bytes", "100", "-"], "a 1\n".repeat(100));
    expect(stdin).toMatchObject({ code: 2, stderr: "promtext: <stdin> is larger than 100 bytes; promtext stopped reading it (--max-bytes)\n" });
  });

  it("reads a named pipe whose writer comes late and writes slowly as it reads a file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "promtext-fifo-"));
    const text = generate(100);
    writeFileSync(join(dir, "file.prom"), text);
    execFileSync("mkfifo", [join(dir, "pipe.prom")]);
    const piped = runCli(["lint", "--format", "json", "pipe.prom"], { cwd: dir });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const writer = createWriteStream(join(dir, "pipe.prom"));
    for (let at = 0; at < text.length; at += 8192) {
      writer.write(text.slice(at, at + 8192));
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    writer.end();
    const [fromPipe, fromFile] = [await piped, await runCli(["lint", "--format", "json", "file.prom"], { cwd: dir })];
    expect(fromPipe.stderr).toBe(fromFile.stderr);
    expect(fromPipe.code).toBe(fromFile.code);
    expect(fromPipe.stdout.replaceAll("pipe.prom", "file.prom")).toBe(fromFile.stdout);
  });

  it("reads standard input redirected from a file as the file, from where the file stands", () => {
    const dir = mkdtempSync(join(tmpdir(), "promtext-redirect-"));
    const withStdin = (file: string, args: string[], skip = 0) => {
      const fd = openSync(file, "r");
      // a shell's `read` leaves standard input past the line it read: promtext reads on from there
      if (skip > 0) readSync(fd, Buffer.alloc(skip), 0, skip, null);
      try {
        const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, stdio: [fd, "pipe", "pipe"], encoding: "utf8", maxBuffer: 1 << 28, env: { ...process.env, NO_COLOR: "1" } });
        return { code: r.status, stdout: r.stdout, stderr: r.stderr };
      } finally {
        closeSync(fd);
      }
    };
    // past 8 MiB (read as a stream) and small (read whole)
    for (const [name, text] of [["big.prom", generate(1000)], ["small.prom", "# TYPE a gauge\na 1\nb 2\n"]] as const) {
      const file = join(dir, name);
      writeFileSync(file, text);
      const fromFile = run(["lint", "--format", "json", file]);
      const fromStdin = withStdin(file, ["lint", "--format", "json", "-"]);
      expect(fromStdin.code).toBe(fromFile.code);
      expect(fromStdin.stdout.replaceAll("<stdin>", file)).toBe(fromFile.stdout);
    }
    const small = join(dir, "small.prom");
    expect(withStdin(small, ["fmt", "-"], "# TYPE a gauge\n".length)).toEqual({ code: 0, stdout: "# TYPE a untyped\na 1\n# TYPE b untyped\nb 2\n", stderr: "" });
  });

  it("tells a file's format by its last line, and says when a long standard input was read in the wrong one", () => {
    const dir = mkdtempSync(join(tmpdir(), "promtext-stream-"));
    const series = Array.from({ length: 12 }, (_, j) => `{instance="host-${j}.example.com:9100",job="node-exporter"}`);
    const om = `${Array.from({ length: 14_000 }, (_, i) => `# TYPE g${i} gauge\n${series.map((labels) => `g${i}${labels} ${i}`).join("\n")}`).join("\n")}\n# EOF\n`;
    expect(om.length).toBeGreaterThan(9 * 1024 * 1024);
    const file = join(dir, "long.om");
    writeFileSync(file, om);
    const fromFile = JSON.parse(run(["lint", "--format", "json", file]).stdout) as Array<JsonReport & { format: string }>;
    expect(fromFile[0]!.format).toBe("openmetrics");
    const fromStdin = run(["lint", "--format", "json", "-"], om);
    expect((JSON.parse(fromStdin.stdout) as Array<{ format: string }>)[0]!.format).toBe("prometheus");
    expect(fromStdin.stderr).toContain("promtext: <stdin>: read as Prometheus text (its beginning has nothing only OpenMetrics writes), but it ends with a # EOF line; give --input-format openmetrics to read it so");
  });
});
