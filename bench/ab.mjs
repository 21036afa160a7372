// `node bench/ab.mjs DIR_A DIR_B FILE [PAIRS]`: `promtext lint --target promtool FILE` of two builds
// (DIR_A and DIR_B each hold a dist/ tree: cli/promtext.cjs), run in alternating pairs (the order
// swapped each pair), so that a busy machine's drift falls on both alike. Prints each build's
// median and minimum wall time and the median of the pairs' differences (B - A). Keep a copy of a
// build before rebuilding (`cp -r dist .tmp/dist-before`) to compare a change with what it replaced.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

const [a, b, file, pairsArg = "30"] = process.argv.slice(2);
const pairs = Number(pairsArg);
const cli = (dir) => path.join(dir ?? "", "cli", "promtext.cjs");
if (!a || !b || !file || !existsSync(cli(a)) || !existsSync(cli(b)) || !existsSync(file) || !(pairs > 0)) {
  process.stderr.write("usage: node bench/ab.mjs DIR_A DIR_B FILE [PAIRS] (DIR_A and DIR_B: builds, each with cli/promtext.cjs)\n");
  process.exit(2);
}

function once(dir) {
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [cli(dir), "lint", "--target", "promtool", file], { stdio: "ignore" });
  if (run.status === null || run.status > 1) throw new Error(`${cli(dir)} exited ${run.status ?? run.signal}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const median = (xs) => {
  const s = [...xs].sort((p, q) => p - q);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
for (let i = 0; i < 3; i++) once(a), once(b); // warm the page cache and the disk
const times = { a: [], b: [] };
for (let i = 0; i < pairs; i++) {
  if (i % 2) times.a.push(once(a)), times.b.push(once(b));
  else times.b.push(once(b)), times.a.push(once(a));
}
const ms = (x) => `${x.toFixed(1)} ms`;
console.log(`A ${a}: median ${ms(median(times.a))}, min ${ms(Math.min(...times.a))}`);
console.log(`B ${b}: median ${ms(median(times.b))}, min ${ms(Math.min(...times.b))}`);
console.log(`B - A over ${pairs} pairs: median ${ms(median(times.b.map((t, i) => t - times.a[i])))}`);
