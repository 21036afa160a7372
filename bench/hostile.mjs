// `promtext lint` on hostile inputs (npm run bench:hostile; builds dist/ first): per case, the wall
// time of the whole process (performance.now around the spawn), its peak RSS (GNU time, when
// /usr/bin/time is there), its exit code and the size of the report. The inputs: the minimal
// ones the fuzzer found (../shared/fuzz-found/minimal/, skipped when ../shared is absent) and the
// cases of issues 10 and 15 and test/adversarial.test.ts, generated into a temporary directory at
// the sizes the tests use. `--large` adds 200 MB of tiny series in one family. One process at a time.
import { spawn } from "node:child_process";
import { chmodSync, closeSync, copyFileSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { collidingSeries } from "./colliding-series.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const cli = path.join(root, "dist/cli/promtext.cjs");
const minimal = path.join(root, "../shared/fuzz-found/minimal");
const TIME = "/usr/bin/time";
const haveTime = existsSync(TIME);
if (!existsSync(cli)) {
  console.error("bench/hostile.mjs: dist/cli/promtext.cjs is missing; run npm run build first");
  process.exit(2);
}
chmodSync(cli, 0o755); // run as users run it, by its #! line

const dir = mkdtempSync(path.join(tmpdir(), "promtext-hostile-"));

/** Generated cases: a name and the input's text or bytes. */
const GENERATED = [
  ["10^6 labels on one series", () => `a{${Array.from({ length: 1_000_000 }, (_, i) => `l${i}="v"`).join(",")}} 1\n`],
  ["10^6 labels, 1,000 names repeated", () => `a{${Array.from({ length: 1_000_000 }, (_, i) => `l${i % 1000}="v"`).join(",")}} 1\n`],
  ["25,000 series, colliding hashes", () => collidingSeries(25_000)],
  ["8.4 M-character quoted string", () => `a{x="${"v".repeat(8_400_000)}"} 1 2 3\n`],
  ["m 1 0e500000000 (OpenMetrics)", () => "m 1 0e500000000\n# EOF\n"],
  ["backslashes, 5 M escaped pairs", () => `a{x="${"\\\\".repeat(5_000_000)}"} 1\n`],
  ["backslashes, 10,000,001 in a row", () => `a{x="${"\\".repeat(10_000_001)}"} 1\n`],
  ["invalid UTF-8, 10 MB", () => Uint8Array.from({ length: 10_000_000 }, (_, i) => 0x80 + (i % 0x7f))],
  ["NUL bytes, 10 MB", () => new Uint8Array(10_000_000)],
  ["10^5 diagnostics", () => Array.from({ length: 100_000 }, (_, i) => `m${i} x\n`).join("")],
  ["50 MB label value", () => `a{x="${"v".repeat(50_000_000)}"} 1\n`],
  ["100 MB unterminated line", () => `a{x="${"v".repeat(100_000_000)}\n`],
  ["10^6 tiny families", () => `${Array.from({ length: 1_000_000 }, (_, i) => `f${i} 1`).join("\n")}\n`],
];
if (process.argv.includes("--large")) {
  GENERATED.push([
    "200 MB, one family of tiny series",
    function* () {
      yield "# TYPE m gauge\n";
      for (let i = 0; i < 11_800_000; i += 100_000) yield Array.from({ length: 100_000 }, (_, k) => `m{i="${i + k}"} 1\n`).join("");
    },
  ]);
}

/** Writes a case's input: a text, bytes, or the pieces of a text too long to build whole. */
function write(file, input) {
  if (typeof input === "string" || input instanceof Uint8Array) return writeFileSync(file, input);
  const fd = openSync(file, "w");
  for (const piece of input) writeSync(fd, piece);
  closeSync(fd);
}

const cases = [];
if (existsSync(minimal)) {
  for (const name of readdirSync(minimal).sort()) {
    const file = path.join(dir, name);
    copyFileSync(path.join(minimal, name), file);
    cases.push({ name: `fuzz-found: ${name}`, file });
  }
} else {
  console.error(`bench/hostile.mjs: ${minimal} is absent; the fuzz-found cases are skipped`);
}
for (const [name, make] of GENERATED) {
  const file = path.join(dir, `${name.replace(/[^a-zA-Z0-9]+/g, "-")}.input`);
  write(file, make());
  cases.push({ name, file });
}

/** Runs `promtext lint FILE`: wall time, peak RSS (MiB, or NaN without GNU time), exit code, report bytes, promtext's last word on stderr (or V8's). */
function lintMeasured(file) {
  const rssFile = path.join(dir, "rss");
  const [command, args] = haveTime ? [TIME, ["-o", rssFile, "-f", "%M", cli, "lint", file]] : [cli, ["lint", file]];
  return new Promise((resolve) => {
    const start = performance.now();
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
    let reportBytes = 0;
    let stderr = "";
    child.stdout.on("data", (chunk) => (reportBytes += chunk.length));
    child.stderr.on("data", (chunk) => (stderr = (stderr + chunk).slice(-4000)));
    child.on("close", (code, signal) => {
      const ms = performance.now() - start;
      const rss = haveTime && existsSync(rssFile) ? Number(readFileSync(rssFile, "utf8").trim().split("\n").pop()) / 1024 : Number.NaN;
      const said = stderr.trim().split("\n").filter((l) => l.startsWith("promtext") || l.startsWith("FATAL ERROR")).pop() ?? "";
      resolve({ ms, rss, code: code ?? `signal ${signal}`, reportBytes, said });
    });
  });
}

function size(bytes) {
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(1)} KB`;
  return `${bytes} B`;
}

const header = ["case", "input", "exit", "wall", "peak RSS", "report", "stderr"];
const rows = [];
for (const c of cases) {
  const r = await lintMeasured(c.file);
  rows.push([c.name, size(statSync(c.file).size), String(r.code), `${(r.ms / 1000).toFixed(2)} s`, Number.isNaN(r.rss) ? "n/a" : `${r.rss.toFixed(1)} MiB`, size(r.reportBytes), r.said.slice(0, 70)]);
  rmSync(c.file);
}
rmSync(dir, { recursive: true, force: true });

const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
const right = new Set([1, 2, 3, 4, 5]);
const line = (cells) => cells.map((cell, i) => (i === cells.length - 1 ? cell : right.has(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join("  ");
console.log(line(header));
console.log(line(widths.map((w) => "-".repeat(w))));
for (const row of rows) console.log(line(row));
if (!haveTime) console.log(`(no peak RSS: ${TIME} is not installed; Debian's package "time" has it)`);
