// What parse() leaves for later: a parsed metric keeps its plain samples compactly and makes
// Sample objects when `metric.samples` is first read. Prints, for one payload, the time of
// parse() and then of reading every sample of the result, each the minimum and median of
// ROUNDS runs in this process: `npm run bench:read-samples [-- FILE [ROUNDS]]`
// (default: the bench's 10 MB payload, generated as bench/run.mjs makes it, 8 rounds).
import { readFileSync } from "node:fs";
import { parse } from "../dist/index.js";
import { generate } from "./payloads.mjs";

const [file, roundsArg] = process.argv.slice(2);
const text = file === undefined ? tenMegabytes() : readFileSync(file, "utf8");
const rounds = Number(roundsArg ?? 8);
const parsing = [];
const reading = [];
let samples = 0;
for (let i = 0; i < rounds; i++) {
  let at = performance.now();
  const result = parse(text, { format: "prometheus" });
  parsing.push(performance.now() - at);
  at = performance.now();
  samples = 0;
  for (const family of result.families) for (const metric of family.metrics) samples += metric.samples.length;
  reading.push(performance.now() - at);
}
/** The generated payload closest above 10 MB, as bench/run.mjs makes it. */
function tenMegabytes() {
  let scale = 1;
  let text = generate(scale);
  while (text.length < 10_000_000) {
    scale = Math.max(scale + 1, Math.floor((scale * 10_000_000) / text.length));
    text = generate(scale);
  }
  return text;
}

const summary = (times) => {
  const sorted = [...times].sort((a, b) => a - b);
  return `min ${sorted[0].toFixed(1)} ms, median ${sorted[sorted.length >> 1].toFixed(1)} ms`;
};
console.log(`${(text.length / 1e6).toFixed(2)} MB, ${samples.toLocaleString("en-US")} samples, ${rounds} rounds`);
console.log(`parse():                       ${summary(parsing)}`);
console.log(`then reading every sample:     ${summary(reading)}`);
