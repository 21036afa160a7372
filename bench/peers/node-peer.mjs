// One in-process measurement for bench/run.mjs, in a process of its own so that its peak RSS
// is its own: `node node-peer.mjs PEER FILE ITERATIONS`, printing one JSON line.
//   parse    promtext parse() of the file's text (read once, before timing)
//   stream   promtext parseStream() of the file, read from disk (page cache) as it goes
//   ppt      the npm package parse-prometheus-text-format
import { createReadStream, readFileSync } from "node:fs";
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { parse, parseStream } from "../../dist/index.js";

const [peer, file, iterationsArg] = process.argv.slice(2);
const iterations = Number(iterationsArg ?? 5);

async function once() {
  if (peer === "stream") {
    const stream = parseStream(createReadStream(file), { format: "prometheus" });
    for await (const event of stream) void event;
    return stream.summary.samples;
  }
  if (peer === "parse") return parse(text, { format: "prometheus" }).samples;
  if (peer === "ppt") return parsePrometheusTextFormat(text).length;
  throw new Error(`unknown peer ${peer}`);
}

const text = peer === "stream" ? "" : readFileSync(file, "utf8");
const times = [];
let samples = 0;
if (iterations > 1) await once(); // warm-up
for (let i = 0; i < iterations; i++) {
  const t = performance.now();
  samples = await once();
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
const mid = times.length >> 1;
const median = times.length % 2 ? times[mid] : (times[mid - 1] + times[mid]) / 2;
process.stdout.write(`${JSON.stringify({ peer, median_ms: median, iterations, samples })}\n`);
