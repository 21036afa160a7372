// promtext against its peers, in one run on the same payloads (npm run bench; builds dist/ first):
//   in-process: promtext parse() and parseStream(), prometheus/common expfmt TextToMetricFamilies (Go,
//               bench/expfmt-bench.go), the npm package parse-prometheus-text-format;
//   whole process (hyperfine): `promtext lint` against `promtool check metrics`, and `node -e 0`;
//   for each, MB/s, samples/s and peak RSS (each measurement in a process of its own, under /usr/bin/time),
//   on 100 KB, 10 MB, 100 MB and 1 GB payloads (bench/payloads.mjs; the two large ones are 5.6 MB blocks of
//   node-exporter-like families, each family once). `--sizes 100KB,10MB` picks sizes.
// MB = 10^6 bytes; times are medians. The machine is shared: compare the ratios of one run.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generate, writeLargePayload } from "./payloads.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const workDir = path.join(os.tmpdir(), "promtext-bench");
mkdirSync(workDir, { recursive: true });
const sizesArg = process.argv.indexOf("--sizes");
const wanted = sizesArg === -1 ? ["100KB", "10MB", "100MB", "1GB"] : process.argv[sizesArg + 1].split(",");

// ---------------------------------------------------------------------------------------------
// Payloads

/** The generated payload closest above `target` bytes. */
function smallPayload(name, target) {
  let scale = 1;
  let text = generate(scale);
  while (text.length < target) {
    scale = Math.max(scale + 1, Math.floor((scale * target) / text.length));
    text = generate(scale);
  }
  const file = path.join(workDir, `${name}.prom`);
  writeFileSync(file, text);
  return file;
}

async function largePayload(name, bytes) {
  const file = path.join(workDir, `${name}.prom`);
  if (!existsSync(file) || Math.abs(statSync(file).size - bytes) > 6e6) await writeLargePayload(file, bytes, 512);
  return file;
}

const SIZES = {
  "100KB": { make: () => smallPayload("100KB", 100_000), iterations: 50, runs: 30 },
  "10MB": { make: () => smallPayload("10MB", 10_000_000), iterations: 10, runs: 10 },
  "100MB": { make: () => largePayload("100MB", 100_000_000), iterations: 3, runs: 3 },
  "1GB": { make: () => largePayload("1GB", 1_000_000_000), iterations: 1, runs: 1 },
};
const payloads = [];
for (const name of wanted) {
  const size = SIZES[name];
  if (!size) throw new Error(`unknown size ${name}; sizes: ${Object.keys(SIZES).join(", ")}`);
  const file = await size.make();
  payloads.push({ name, file, bytes: statSync(file).size, ...size });
}
console.error(`payloads in ${workDir}: ${payloads.map((p) => `${p.name} = ${p.bytes.toLocaleString("en-US")} bytes`).join(", ")}`);

// ---------------------------------------------------------------------------------------------
// Measuring

function has(command, args = ["--version"]) {
  return spawnSync(command, args, { stdio: "ignore" }).status === 0;
}
const haveTime = existsSync("/usr/bin/time");

/** Runs a command under /usr/bin/time: its stdout and peak RSS in MiB. */
function measured(command, args, options = {}) {
  const full = haveTime ? ["/usr/bin/time", ["-f", "%e %M", command, ...args]] : [command, args];
  const run = spawnSync(full[0], full[1], { encoding: "utf8", maxBuffer: 1 << 26, ...options });
  // lint problems are exit 1 for promtext and 3 for promtool; anything else is a failure of the run
  if (run.status === null || run.status === 2 || run.status > 3) throw new Error(`${command} ${args.join(" ")} failed (${run.status}):\n${run.stderr}`);
  const [seconds, rssKb] = haveTime ? (run.stderr.trim().split("\n").pop() ?? "").split(" ").map(Number) : [Number.NaN, Number.NaN];
  return { stdout: run.stdout, stderr: run.stderr, rssMiB: rssKb / 1024, ms: seconds * 1e3 };
}

const rows = [];
function record(kind, peer, p, ms, samples, rssMiB, note = "") {
  const row = { kind, peer, payload: p.name, ms, mbPerS: ms ? p.bytes / 1e6 / (ms / 1e3) : Number.NaN, samplesPerS: ms ? samples / (ms / 1e3) : Number.NaN, rssMiB, note };
  rows.push(row);
  console.error(`  ${peer.padEnd(36)} ${p.name.padEnd(6)} ${ms ? `${row.mbPerS.toFixed(1).padStart(7)} MB/s` : "      n/a"}  ${Number.isNaN(rssMiB) ? "" : `${rssMiB.toFixed(0)} MiB`} ${note}`);
}

const V8_STRING_LIMIT = 536_870_888; // characters (2^29 - 24): no larger string exists, so parse() cannot take it
const nodePeer = path.join(root, "bench", "peers", "node-peer.mjs");

console.error("in-process");
for (const p of payloads) {
  for (const peer of ["parse", "stream", "ppt"]) {
    const label = { parse: "promtext parse()", stream: "promtext parseStream() (from the file)", ppt: "parse-prometheus-text-format" }[peer];
    if (peer !== "stream" && p.bytes > V8_STRING_LIMIT) {
      record("in-process", label, p, 0, 0, Number.NaN, "(the text exceeds V8's string limit)");
      continue;
    }
    if (peer === "ppt" && p.bytes > 200e6) {
      record("in-process", label, p, 0, 0, Number.NaN, "(not run: over 200 MB)");
      continue;
    }
    const { stdout, stderr, rssMiB } = measured(process.execPath, [nodePeer, peer, p.file, String(p.iterations)]);
    if (stdout.trim() === "") {
      record("in-process", label, p, 0, 0, rssMiB, `(failed: ${stderr.split("\n").find((l) => /Error|error/.test(l))?.trim() ?? "no result"})`);
      continue;
    }
    const r = JSON.parse(stdout);
    p.samples ??= r.samples;
    record("in-process", label, p, r.median_ms, p.samples, rssMiB);
  }
}

const GOPATH = "/usr/share/gocode";
if (!has("go", ["version"]) || !existsSync(`${GOPATH}/src/github.com/prometheus/common/expfmt`)) {
  console.error("  expfmt skipped: Go or golang-github-prometheus-common-dev is not installed");
} else {
  const bin = path.join(workDir, "expfmt-bench");
  const build = spawnSync("go", ["build", "-o", bin, path.join(root, "bench", "expfmt-bench.go")], { env: { ...process.env, GO111MODULE: "off", GOPATH }, encoding: "utf8" });
  if (build.status !== 0) throw new Error(`go build failed:\n${build.stderr}`);
  for (const p of payloads) {
    const args = p.iterations === 1 ? ["-warmup", "0s", "-min-time", "0s", "-min-iters", "1"] : ["-min-iters", String(p.iterations)];
    const { stdout, rssMiB } = measured(bin, [...args, p.file]);
    const r = JSON.parse(stdout.trim());
    if (r.error) throw new Error(`expfmt rejects the ${p.name} payload: ${r.error}`);
    record("in-process", "expfmt TextToMetricFamilies (Go)", p, r.median_ms, p.samples, rssMiB);
  }
}

console.error("whole process");
const cli = path.join(root, "dist", "cli", "promtext.cjs");
const processes = [];
if (!has("hyperfine")) console.error("  skipped: hyperfine is not installed");
else if (!has("promtool")) console.error("  skipped: promtool is not installed");
else {
  spawnSync("chmod", ["+x", cli]);
  for (const p of payloads) {
    // both read the payload from standard input (promtool check metrics reads only that); the CLI is
    // run as users run it, by its own #! line (which sets its V8 flags)
    const commands = [
      { name: "promtool check metrics", shell: `promtool check metrics < ${p.file}`, argv: ["promtool", ["check", "metrics"]] },
      { name: "promtext lint --target promtool", shell: `${cli} lint --target promtool - < ${p.file}`, argv: [cli, ["lint", "--target", "promtool", "-"]] },
    ];
    if (p.name === "100KB") commands.push({ name: "node -e 0", shell: `${process.execPath} -e 0`, argv: [process.execPath, ["-e", "0"]] });
    const stdin = () => ({ stdio: [openSync(p.file, "r"), "pipe", "pipe"] });
    if (p.runs <= 2) {
      // one run each, timed by GNU time with its peak RSS (promtool holds 1 GB's model: minutes)
      for (const c of commands) {
        const { ms, rssMiB } = measured(c.argv[0], c.argv[1], stdin());
        processes.push({ name: c.name, payload: p.name, ms, runs: 1 });
        record("process", c.name, p, ms, p.samples ?? 0, rssMiB, "(1 run)");
      }
      continue;
    }
    const json = path.join(workDir, `hyperfine-${p.name}.json`);
    // through sh, for the redirection; hyperfine subtracts the shell's own start-up
    const run = spawnSync("hyperfine", ["--warmup", "2", "--runs", String(p.runs), "-i", "--style", "none", "--export-json", json, ...commands.map((c) => c.shell)], { stdio: ["ignore", "ignore", "inherit"] });
    if (run.status !== 0) throw new Error("hyperfine failed");
    const { results } = JSON.parse(readFileSync(json, "utf8"));
    results.forEach((r, i) => {
      const c = commands[i];
      const { rssMiB } = c.name === "node -e 0" ? { rssMiB: Number.NaN } : measured(c.argv[0], c.argv[1], stdin());
      processes.push({ name: c.name, payload: p.name, ms: r.median * 1e3, runs: r.times.length });
      record("process", c.name, p, r.median * 1e3, p.samples ?? 0, rssMiB);
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Report

const fmt = (n, digits = 1) => (Number.isFinite(n) ? n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits }) : "n/a");
const find = (peer, payload) => rows.find((r) => r.peer === peer && r.payload === payload && r.ms > 0);

console.log(`\nnode ${process.version}, ${os.cpus()[0]?.model ?? "unknown CPU"} (${os.cpus().length} cores); MB = 10^6 bytes; medians; peak RSS from /usr/bin/time`);
console.log(`payloads: ${payloads.map((p) => `${p.name} = ${fmt(p.bytes / 1e6, 2)} MB, ${(p.samples ?? 0).toLocaleString("en-US")} samples`).join("; ")}\n`);
const header = ["peer", "payload", "MB/s", "samples/s", "ms", "peak RSS MiB"];
const table = rows.map((r) => [r.peer, r.payload, r.ms ? fmt(r.mbPerS) : "n/a", r.ms ? Math.round(r.samplesPerS).toLocaleString("en-US") : "", r.ms ? fmt(r.ms, 1) : r.note, fmt(r.rssMiB, 0)]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
const line = (cells) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
console.log(line(header));
console.log(widths.map((w) => "-".repeat(w)).join("  "));
for (const row of table) console.log(line(row));

console.log("\nratios (higher is better for promtext):");
for (const p of payloads) {
  const go = find("expfmt TextToMetricFamilies (Go)", p.name);
  const parts = [];
  for (const [label, peer] of [["parse()", "promtext parse()"], ["parseStream()", "promtext parseStream() (from the file)"]]) {
    const ours = find(peer, p.name);
    if (ours && go) parts.push(`${label}/expfmt = ${fmt(ours.mbPerS / go.mbPerS, 2)}×`);
  }
  const ppt = find("parse-prometheus-text-format", p.name);
  const ours = find("promtext parse()", p.name);
  if (ours && ppt) parts.push(`parse()/parse-prometheus-text-format = ${fmt(ours.mbPerS / ppt.mbPerS, 2)}×`);
  const tool = processes.find((x) => x.payload === p.name && x.name === "promtool check metrics");
  const lint = processes.find((x) => x.payload === p.name && x.name.startsWith("promtext lint"));
  if (tool && lint) parts.push(`promtool time / promtext lint time = ${fmt(tool.ms / lint.ms, 2)}×`);
  const node = processes.find((x) => x.payload === p.name && x.name === "node -e 0");
  if (node && lint) parts.push(`promtext lint - node -e 0 = ${fmt(lint.ms - node.ms, 0)} ms`);
  if (parts.length > 0) console.log(`  ${p.name}: ${parts.join("; ")}`);
  const promtoolRss = rows.find((r) => r.peer === "promtool check metrics" && r.payload === p.name)?.rssMiB;
  const lintRss = rows.find((r) => r.peer.startsWith("promtext lint") && r.payload === p.name)?.rssMiB;
  if (promtoolRss && lintRss) console.log(`         peak RSS: promtext lint ${fmt(lintRss, 0)} MiB, promtool ${fmt(promtoolRss, 0)} MiB`);
}
