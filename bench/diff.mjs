// diff() of two 100 MB scrapes against parse() of both (npm run bench:diff; builds dist/ first): the
// time of each in this process, peak RSS, and the same as a whole `promtext diff` process. The first
// scrape is bench/payloads.mjs' node-exporter-like payload; the second is the first with a few changes
// (a HELP, a series gone, a family added, a gauge, a counter reset, a bucket gone), which the diff
// must find. MB = 10^6 bytes; the machine is shared: compare the ratio of one run.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { diff, parse } from "../dist/index.js";
import { writeLargePayload } from "./payloads.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const workDir = path.join(os.tmpdir(), "promtext-bench-diff");
mkdirSync(workDir, { recursive: true });
const BYTES = 100_000_000;
const beforeFile = path.join(workDir, "before.prom");
const afterFile = path.join(workDir, "after.prom");

/** The edits, each a line pattern of the first scrape and what becomes of it; `expect` is the change diff() must report. */
const EDITS = [
  { what: "HELP changed", pattern: /^# HELP b0_node_load1 .*$/m, replace: "# HELP b0_node_load1 1m load average (from /proc/loadavg).", expect: "b0_node_load1 help" },
  { what: "gauge changed", pattern: /^b2_node_load1 .*$/m, replace: "b2_node_load1 99.5", expect: "b2_node_load1 value" },
  { what: "counter reset", pattern: /^(b3_node_cpu_seconds_total\{cpu="0",mode="idle"\}) .*$/m, replace: "$1 1", expect: "b3_node_cpu_seconds_total reset" },
  { what: "series removed", pattern: /^b1_node_cpu_guest_seconds_total\{cpu="1",mode="nice"\} .*\n/m, replace: "", expect: "b1_node_cpu_guest_seconds_total series" },
  { what: "bucket removed", pattern: /^b5_http_request_duration_seconds_bucket\{[^}]*le="0\.025"\} .*\n/gm, replace: "", expect: "b5_http_request_duration_seconds layout" },
];
const ADDED = "# HELP deploy_marker_total Deploys seen.\n# TYPE deploy_marker_total counter\ndeploy_marker_total 1\n";

async function payloads() {
  if (!existsSync(beforeFile) || Math.abs(statSync(beforeFile).size - BYTES) > 6e6) await writeLargePayload(beforeFile, BYTES, 512);
  if (!existsSync(afterFile)) {
    let text = readFileSync(beforeFile, "utf8");
    for (const edit of EDITS) {
      if (!edit.pattern.test(text)) throw new Error(`no line for the edit "${edit.what}"`);
      edit.pattern.lastIndex = 0;
      text = text.replace(edit.pattern, edit.replace);
    }
    writeFileSync(afterFile, text + ADDED);
  }
}

const mb = (bytes) => (bytes / 1e6).toFixed(1);
const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const ms = (x) => `${x.toFixed(0)} ms`;

function time(f) {
  const start = performance.now();
  const value = f();
  return { value, ms: performance.now() - start };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

await payloads();
const sizes = { before: statSync(beforeFile).size, after: statSync(afterFile).size };
console.log(`payloads in ${workDir}: before ${mb(sizes.before)} MB, after ${mb(sizes.after)} MB`);

// each text is parsed and dropped: what stays is the two models, as in `promtext diff`
const read = (file) => {
  const { value, ms: took } = time(() => parse(readFileSync(file), { target: "prometheus" }));
  return { families: value.families, format: value.format, samples: value.samples, ms: took };
};
const a = read(beforeFile);
const b = read(afterFile);
const modelsRss = process.memoryUsage().rss;

const runs = [];
let changes;
for (let i = 0; i < 3; i++) {
  const r = time(() => diff(a.families, b.families, { formats: { before: a.format, after: b.format } }));
  runs.push(r.ms);
  changes = r.value;
}
const diffMs = median(runs);
const peak = process.resourceUsage().maxRSS * 1024;

const found = [];
for (const f of changes.families) {
  if (f.change !== "changed") found.push(`${f.name} ${f.change}`);
  if (f.metadata.length > 0) found.push(`${f.name} ${f.metadata.map((m) => m.field).join(",")}`);
  if (f.series.added.length + f.series.removed.length > 0) found.push(`${f.name} series`);
  if (f.layout) found.push(`${f.name} layout`);
  if (f.values.some((v) => v.reset)) found.push(`${f.name} reset`);
  else if (f.values.length > 0 && !f.layout) found.push(`${f.name} value`);
}
const expected = [...EDITS.map((e) => e.expect), "deploy_marker_total added"].sort();
const missing = expected.filter((e) => !found.includes(e));

console.log(`parse() before: ${ms(a.ms)} (${(sizes.before / 1e3 / a.ms).toFixed(1)} MB/s, ${a.samples.toLocaleString("en")} samples)`);
console.log(`parse() after:  ${ms(b.ms)} (${(sizes.after / 1e3 / b.ms).toFixed(1)} MB/s)`);
console.log(`diff():         ${ms(diffMs)} (median of 3: ${runs.map(ms).join(", ")}) = ${((diffMs / (a.ms + b.ms)) * 100).toFixed(0)} % of parsing both`);
console.log(`RSS with both models: ${mib(modelsRss)}; peak RSS of this process: ${mib(peak)}`);
console.log(`changes found: ${changes.summary.familiesChanged} families changed, ${changes.summary.familiesAdded} added, ${changes.summary.valueChanges} value changes, ${changes.summary.resets} reset, ${changes.summary.layoutChanges} layout change`);
console.log(missing.length === 0 ? `every edit found: ${expected.join("; ")}` : `NOT FOUND: ${missing.join("; ")} (found: ${found.join("; ")})`);

// the whole command, as users run it: both inputs parsed as they are read, the JSON report to /dev/null
const cli = path.join(root, "dist", "cli", "promtext.cjs");
if (existsSync("/usr/bin/time")) {
  const run = spawnSync("/usr/bin/time", ["-f", "%e %M", process.execPath, cli, "diff", "--format", "json", "-o", "/dev/null", beforeFile, afterFile], { encoding: "utf8" });
  const [seconds, rssKb] = (run.stderr.trim().split("\n").pop() ?? "").split(" ").map(Number);
  console.log(`promtext diff --format json (whole process, exit ${run.status}): ${ms(seconds * 1e3)}, peak RSS ${mib(rssKb * 1024)}`);
}
if (missing.length > 0) process.exitCode = 1;
