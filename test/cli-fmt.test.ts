import { execFile, spawnSync } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");
const cli = join(root, "dist/cli/promtext.cjs");

function run(args: string[], input?: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, input, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const messy = '# TYPE b gauge\nb{z="1",a="2"}  3.0\n# TYPE a_seconds histogram\na_seconds_bucket{le="1.0"} 1\na_seconds_count 2\na_seconds_sum 1.5\n';

describe.skipIf(!existsSync(cli))("promtext fmt (built CLI)", () => {
  it("writes canonical text 0.0.4 to stdout, as the Go encoder would, adding no sample (no +Inf bucket)", () => {
    const r = run(["fmt", "-"], messy);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      '# TYPE b gauge\nb{z="1",a="2"} 3\n# TYPE a_seconds histogram\na_seconds_bucket{le="1"} 1\na_seconds_sum 1.5\na_seconds_count 2\n',
    );
  });

  it("sorts families with --sort and converts with --to openmetrics", () => {
    const r = run(["fmt", "--sort", "--to", "openmetrics", "-"], messy);
    expect(r.stdout).toBe(
      '# TYPE a_seconds histogram\na_seconds_bucket{le="1.0"} 1\na_seconds_sum 1.5\na_seconds_count 2\n# TYPE b gauge\nb{z="1",a="2"} 3.0\n# EOF\n',
    );
  });

  it("keeps the input's spelling with --lossless", () => {
    expect(run(["fmt", "--lossless", "-"], messy).stdout).toBe(messy);
    const refused = run(["fmt", "--lossless", "--to", "openmetrics", "-"], messy);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("--lossless keeps the input's format");
  });

  it("--check exits 1 and names files not in canonical form; -w rewrites them, then --check passes", () => {
    const dir = mkdtempSync(join(tmpdir(), "promtext-fmt-"));
    const file = join(dir, "m.prom");
    writeFileSync(file, messy);
    const check = run(["fmt", "--check", file]);
    expect(check.code).toBe(1);
    expect(check.stdout).toBe(`${file}\n`);
    expect(readFileSync(file, "utf8")).toBe(messy);
    expect(run(["fmt", "-w", file]).code).toBe(0);
    expect(run(["fmt", "--check", file]).code).toBe(0);
    expect(readFileSync(file, "utf8")).toBe(run(["fmt", "-"], messy).stdout);
  });

  it("does not rewrite a file that does not parse, and says why", () => {
    const dir = mkdtempSync(join(tmpdir(), "promtext-fmt-"));
    const file = join(dir, "bad.prom");
    writeFileSync(file, 'a{b="c} 1\n');
    const r = run(["fmt", "-w", file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error the quoted string starting here is not closed");
    expect(r.stderr).toContain("does not parse; not rewritten");
    expect(readFileSync(file, "utf8")).toBe('a{b="c} 1\n');
  });

  it("escapes names for legacy consumers", () => {
    const r = run(["fmt", "--escaping", "underscores", "-"], '{"http.requests","http.route"="/"} 1\n');
    expect(r.stdout).toBe('# TYPE http_requests untyped\nhttp_requests{http_route="/"} 1\n');
  });

  it("writes prom2json's JSON and reads it back", () => {
    const json = run(["fmt", "--to", "json", "-"], messy);
    const families = JSON.parse(json.stdout) as Array<{ name: string; type: string; metrics: unknown[] }>;
    expect(families.map((f) => [f.name, f.type])).toEqual([
      ["b", "GAUGE"],
      ["a_seconds", "HISTOGRAM"],
    ]);
    // like prom2json, only the buckets written (expfmt adds no +Inf bucket when reading)
    expect(families[1]!.metrics).toEqual([{ buckets: { "1": "1" }, count: "2", sum: "1.5" }]);
    // JSON labels are a map, so they come back sorted by name
    const sorted = messy.replace('b{z="1",a="2"}', 'b{a="2",z="1"}');
    expect(run(["fmt", "--from", "json", "--to", "prometheus", "-"], json.stdout).stdout).toBe(run(["fmt", "-"], sorted).stdout);
  });

  it("takes what lint takes: quoted globs, standard input when it is a pipe, JSON told by its [", () => {
    const dir = mkdtempSync(join(tmpdir(), "promtext-fmt-"));
    writeFileSync(join(dir, "a.prom"), messy);
    writeFileSync(join(dir, "b.prom"), "m 1\n");
    expect(run(["fmt", join(dir, "*.prom")]).stdout).toBe(run(["fmt", join(dir, "a.prom")]).stdout + run(["fmt", join(dir, "b.prom")]).stdout);
    expect(run(["fmt"], messy).stdout).toBe(run(["fmt", "-"], messy).stdout);
    const json = run(["fmt", "--to", "json", "-"], messy).stdout;
    // JSON in, text 0.0.4 out unless --to says otherwise
    expect(run(["fmt", "-"], json).stdout).toBe(run(["fmt", "--from", "json", "--to", "prometheus", "-"], json).stdout);
    expect(run(["fmt", "-"], json).stdout).toContain("# TYPE a_seconds histogram\n");
    expect(run(["fmt", "-w", "-"], messy)).toMatchObject({ code: 2, stderr: "promtext: --write writes back to files only, not to standard input or a URL\n" });
  });

  it("writes what Prometheus or expfmt reads: a negative timestamp, invalid UTF-8 in HELP (expfmt takes both)", () => {
    expect(run(["fmt", "-"], "m 1 -5\n")).toMatchObject({ code: 0, stdout: "# TYPE m untyped\nm 1 -5\n", stderr: "" });
    const help = spawnSync(process.execPath, [cli, "fmt", "-"], { cwd: root, input: Buffer.from("# HELP m caf\xe9\n# TYPE m gauge\nm 1\n", "latin1") });
    expect(help.status).toBe(0);
    // the byte comes out as it was (as the Go encoders write it; test/serialize-differential.test.ts), and stderr says so
    expect(help.stdout.toString("latin1")).toBe("# HELP m caf\xe9\n# TYPE m gauge\nm 1\n");
    expect(help.stderr.toString()).toBe("promtext fmt: <stdin>: an invalid UTF-8 sequence is written as it was\n");
    // JSON has U+FFFD, as Go's encoding/json writes
    const json = spawnSync(process.execPath, [cli, "fmt", "--to", "json", "-"], { cwd: root, input: Buffer.from("# HELP m caf\xe9\n# TYPE m gauge\nm 1\n", "latin1") });
    expect(JSON.parse(json.stdout.toString())[0].help).toBe("caf\ufffd");
    expect(json.stderr.toString()).toBe("promtext fmt: <stdin>: an invalid UTF-8 sequence is written as U+FFFD\n");
    expect(run(["fmt", "--target", "prometheus", "-"], "m 1 -5\n").code).toBe(1);
  });

  it("--target decides what is too broken to rewrite", () => {
    const escape = 'm{a="\\q"} 1\n';
    // expfmt keeps an unknown escape's backslash, which the encoder then escapes
    expect(run(["fmt", "-"], escape)).toMatchObject({ code: 0, stdout: '# TYPE m untyped\nm{a="\\\\q"} 1\n' });
    const strict = run(["fmt", "--target", "strict", "-"], escape);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain("<stdin> does not parse; not rewritten");
  });

  it("says when what it writes would not parse: client_python's _created beside a counter, in OpenMetrics", () => {
    const python = "# HELP req_total r\n# TYPE req_total counter\nreq_total 3\n# HELP req_created r\n# TYPE req_created gauge\nreq_created 1.7e9\n";
    // found at the first line that names the family `req_created`: its HELP
    const flaw = "at line 4 column 8: `req_created` is a sample name of the counter family `req` [om-clashing-name]\n";
    // Prometheus takes it: written, and said
    const lenient = run(["fmt", "--to", "openmetrics", "-"], python);
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toContain("# TYPE req_created gauge\n");
    expect(lenient.stderr).toBe(`promtext fmt: <stdin>: the OpenMetrics written breaks the specification (target strict), ${flaw}`);
    const strict = run(["fmt", "--target", "strict", "--to", "openmetrics", "-"], python);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toBe(`promtext fmt: <stdin>: the OpenMetrics written does not parse for target strict, ${flaw}`);
    const dir = mkdtempSync(join(tmpdir(), "promtext-fmt-"));
    writeFileSync(join(dir, "py.prom"), python);
    const write = run(["fmt", "-w", "--target", "strict", "--to", "openmetrics", join(dir, "py.prom")]);
    expect(write.code).toBe(1);
    expect(write.stderr).toContain("; not rewritten\n");
    expect(readFileSync(join(dir, "py.prom"), "utf8")).toBe(python);
  });

  it("formats a URL's body", async () => {
    const server = createServer((_req, res) => res.writeHead(200, { "Content-Type": "text/plain; version=0.0.4" }).end(messy)).listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
    const out = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, [cli, "fmt", url], { cwd: root, encoding: "utf8" }, (error, stdout) => (error ? reject(error) : resolve(stdout))),
    );
    server.close();
    expect(out).toBe(run(["fmt", "-"], messy).stdout);
  });

  it("--to json of several inputs is one JSON document, their families in input order", () => {
    const dir = mkdtempSync(join(tmpdir(), "promtext-fmt-"));
    writeFileSync(join(dir, "a.prom"), messy);
    writeFileSync(join(dir, "b.prom"), "# TYPE m counter\nm 1\n");
    const r = run(["fmt", "--to", "json", join(dir, "a.prom"), join(dir, "b.prom")]);
    expect(r.code).toBe(0);
    const families = JSON.parse(r.stdout) as Array<{ name: string }>;
    expect(families.map((f) => f.name)).toEqual(["b", "a_seconds", "m"]);
    expect(JSON.parse(run(["fmt", "--to", "json", "--sort", join(dir, "a.prom"), join(dir, "b.prom")]).stdout).map((f: { name: string }) => f.name)).toEqual(["a_seconds", "b", "m"]);
  });

  it("--from json keeps what --to json wrote of OpenMetrics: created timestamps and exemplars", () => {
    const om = '# TYPE c counter\nc_total{a="1"} 1 # {t="x"} 2 1700000000.5\nc_created{a="1"} 1700000000\n# TYPE h histogram\nh_bucket{le="1"} 1 # {t="y"} 0.5\nh_bucket{le="+Inf"} 2\nh_sum 1.5\nh_count 2\nh_created 1700000000\n# EOF\n';
    const json = run(["fmt", "--to", "json", "-"], om).stdout;
    expect(run(["fmt", "--from", "json", "--to", "openmetrics", "-"], json).stdout).toBe(run(["fmt", "-"], om).stdout);
  });

  it("reports what the target format cannot hold", () => {
    const r = run(["fmt", "--to", "prometheus", "-"], '# TYPE c counter\nc_total 1 # {t="x"} 2\nc_created 5\n# EOF\n');
    expect(r.stdout).toBe("# TYPE c_total counter\nc_total 1\n");
    expect(r.stderr).toContain("<stdin>: c: 1 _created sample(s) left out");
    expect(r.stderr).toContain("<stdin>: c: 1 exemplar(s) left out");
  });
});
