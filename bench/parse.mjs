// Parsing throughput of promtext against its peers, in one run on the same payloads:
//   (a) promtext parse() in-process (also fastPath:false, the pure chevrotain path, on the small payload),
//   (b) prometheus/common expfmt TextParser in-process (bench/expfmt-bench.go, needs Go),
//   (c) the npm package parse-prometheus-text-format in-process,
//   (d) whole processes on the large payload: `promtool check metrics` vs `promtext lint --target pushgateway`.
// Run with `npm run bench` (builds dist/ first). MB = 10^6 bytes; figures are medians.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { parse } from "../dist/index.js";
import { generate } from "./payloads.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const workDir = path.join(os.tmpdir(), "promtext-bench");
mkdirSync(workDir, { recursive: true });

/** The payload closest to `target` bytes: grow the scale until the text is big enough. */
function payload(name, target) {
  let scale = 1;
  let text = generate(scale);
  while (text.length < target) {
    scale = Math.max(scale + 1, Math.floor((scale * target) / text.length));
    text = generate(scale);
  }
  const file = path.join(workDir, `${name}.prom`);
  writeFileSync(file, text);
  return { name, file, text, bytes: Buffer.byteLength(text) };
}

// ---------------------------------------------------------------------------------------------
// Timing

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median milliseconds of `fn` after a warm-up, over at least `minMs` and `minIters` runs. */
function time(fn, { warmupMs = 300, minMs = 1000, minIters = 5 } = {}) {
  for (const start = performance.now(); performance.now() - start < warmupMs; ) fn();
  const times = [];
  let total = 0;
  while (times.length < minIters || total < minMs) {
    const t = performance.now();
    fn();
    const d = performance.now() - t;
    times.push(d);
    total += d;
  }
  return { ms: median(times), iterations: times.length };
}

const rows = [];
function record(peer, p, ms, iterations, samples) {
  const row = { peer, payload: p.name, mbPerS: p.bytes / 1e6 / (ms / 1e3), samplesPerS: samples / (ms / 1e3), ms, iterations };
  rows.push(row);
  console.error(`  ${peer.padEnd(44)} ${p.name.padEnd(6)} ${row.mbPerS.toFixed(1).padStart(8)} MB/s  (${iterations} runs, median ${ms.toFixed(2)} ms)`);
}

function has(command, args = ["--version"]) {
  return spawnSync(command, args, { stdio: "ignore" }).status === 0;
}

// ---------------------------------------------------------------------------------------------

const payloads = [payload("100KB", 100_000), payload("10MB", 10_000_000)];
console.error(`payloads in ${workDir}: ${payloads.map((p) => `${p.name} = ${p.bytes} bytes`).join(", ")}`);

// Every peer must accept the payloads, or the figures mean nothing.
for (const p of payloads) {
  const result = parse(p.text, { format: "prometheus", target: "pushgateway" });
  if (!result.valid) throw new Error(`promtext rejects the ${p.name} payload: ${result.diagnostics.find((d) => d.severity === "error")?.message}`);
  p.samples = result.samples;
}

console.error("(a) promtext, in-process");
for (const p of payloads) {
  const { ms, iterations } = time(() => parse(p.text, { format: "prometheus" }));
  record("promtext parse(string)", p, ms, iterations, p.samples);
  const bytes = new Uint8Array(readFileSync(p.file));
  const b = time(() => parse(bytes, { format: "prometheus" }));
  record("promtext parse(Uint8Array)", p, b.ms, b.iterations, p.samples);
}
{
  const p = payloads[0];
  const { ms, iterations } = time(() => parse(p.text, { format: "prometheus", fastPath: false }));
  record("promtext parse, fastPath:false (chevrotain)", p, ms, iterations, p.samples);
}

console.error("(b) prometheus/common expfmt TextParser, in-process");
const GOPATH = "/usr/share/gocode";
if (!has("go", ["version"]) || !existsSync(`${GOPATH}/src/github.com/prometheus/common/expfmt`)) {
  console.error("  skipped: Go or golang-github-prometheus-common-dev is not installed");
} else {
  const bin = path.join(workDir, "expfmt-bench");
  const build = spawnSync("go", ["build", "-o", bin, path.join(root, "bench", "expfmt-bench.go")], {
    env: { ...process.env, GO111MODULE: "off", GOPATH },
    encoding: "utf8",
  });
  if (build.status !== 0) throw new Error(`go build failed:\n${build.stderr}`);
  const run = spawnSync(bin, payloads.map((p) => p.file), { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`expfmt-bench failed:\n${run.stderr}`);
  run.stdout
    .trim()
    .split("\n")
    .forEach((line, i) => {
      const r = JSON.parse(line);
      if (r.error) throw new Error(`expfmt rejects the ${payloads[i].name} payload: ${r.error}`);
      record("expfmt TextToMetricFamilies (Go)", payloads[i], r.median_ms, r.iterations, payloads[i].samples);
    });
}

console.error("(c) parse-prometheus-text-format, in-process");
for (const p of payloads) {
  const { ms, iterations } = time(() => parsePrometheusTextFormat(p.text));
  record("parse-prometheus-text-format", p, ms, iterations, p.samples);
}

console.error("(d) whole process on the 10MB payload: promtool check metrics vs promtext lint");
const processes = [];
const big = payloads[1];
const cli = path.join(root, "dist", "cli", "main.js");
if (!existsSync(cli)) {
  console.error("  skipped: dist/cli/main.js is absent (build the CLI first)");
} else if (!has("promtool")) {
  console.error("  skipped: promtool is not installed");
} else if (![0, 1].includes(spawnSync(process.execPath, [cli, "lint", "--target", "pushgateway", big.file], { stdio: "ignore" }).status)) {
  console.error("  skipped: `promtext lint --target pushgateway` does not run (exit code other than 0 or 1)");
} else {
  const commands = [
    { name: "promtool check metrics", shell: `promtool check metrics < ${big.file}` },
    { name: "promtext lint --target pushgateway", shell: `${process.execPath} ${cli} lint --target pushgateway ${big.file}` },
  ];
  if (has("hyperfine")) {
    const json = path.join(workDir, "hyperfine.json");
    const run = spawnSync("hyperfine", ["--warmup", "1", "--runs", "5", "-i", "--style", "none", "--export-json", json, ...commands.map((c) => c.shell)], {
      stdio: ["ignore", "ignore", "inherit"],
    });
    if (run.status !== 0) throw new Error("hyperfine failed");
    const { results } = JSON.parse(readFileSync(json, "utf8"));
    results.forEach((r, i) => processes.push({ name: commands[i].name, ms: r.median * 1e3, runs: r.times.length, tool: "hyperfine" }));
  } else {
    for (const c of commands) {
      spawnSync("sh", ["-c", c.shell], { stdio: "ignore" });
      const times = [];
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        spawnSync("sh", ["-c", c.shell], { stdio: "ignore" });
        times.push(performance.now() - t);
      }
      processes.push({ name: c.name, ms: median(times), runs: times.length, tool: "child_process" });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Report

const fmt = (n, digits = 1) => n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const find = (peer, payload) => rows.find((r) => r.peer === peer && r.payload === payload);

console.log(`\nnode ${process.version}, ${os.cpus()[0]?.model ?? "unknown CPU"} (${os.cpus().length} cores); MB = 10^6 bytes; medians`);
console.log(
  `payloads: ${payloads.map((p) => `${p.name} = ${fmt(p.bytes / 1e6, 2)} MB, ${p.samples.toLocaleString("en-US")} samples`).join("; ")}\n`,
);
const header = ["peer", "payload", "MB/s", "samples/s", "ms/parse", "runs"];
const table = rows.map((r) => [r.peer, r.payload, fmt(r.mbPerS), Math.round(r.samplesPerS).toLocaleString("en-US"), fmt(r.ms, 2), String(r.iterations)]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
const line = (cells) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
console.log(line(header));
console.log(widths.map((w) => "-".repeat(w)).join("  "));
for (const row of table) console.log(line(row));

console.log("");
for (const p of payloads) {
  const ours = find("promtext parse(string)", p.name);
  const ratios = [
    ["expfmt (Go)", find("expfmt TextToMetricFamilies (Go)", p.name)],
    ["parse-prometheus-text-format", find("parse-prometheus-text-format", p.name)],
  ]
    .filter(([, peer]) => peer !== undefined)
    .map(([name, peer]) => `promtext/${name} = ${fmt(ours.mbPerS / peer.mbPerS, 2)}×`);
  if (ratios.length > 0) console.log(`${p.name}: ${ratios.join(", ")}`);
}
if (processes.length === 2) {
  console.log(`\nwhole process, ${big.name} payload (${processes[0].tool}, ${processes[0].runs} runs, median):`);
  for (const p of processes) console.log(`  ${p.name.padEnd(36)} ${fmt(p.ms, 0).padStart(7)} ms`);
  console.log(`  promtool time / promtext time = ${fmt(processes[0].ms / processes[1].ms, 2)}×`);
}
