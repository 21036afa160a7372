/**
 * `npm run fuzz -- [--count N] [--seed N] [--from I] [--time SECONDS] [--save DIR] [--dist DIR]`: the fuzz
 * properties (fuzz/properties.ts) over generated and mutated inputs, against the built library
 * (dist/, or a copy of it, so that a long run is not affected by a rebuild).
 * Failures are minimized and saved as NAME.input + NAME.txt (options, assertion, detail), the
 * layout of fixtures/fuzz/, at most 10 per assertion; the last line gives the count, the time
 * and the inputs per second. Input i of a seed is the same in every run, so `--from I` goes on
 * from where a run that reached input I stopped.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { loadCorpus, minimize, runFuzz } from "./engine.js";
import type { Library } from "./properties.js";

function repositoryRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json")) || JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).name !== "promtext") {
    const up = dirname(dir);
    if (up === dir) throw new Error("not inside the promtext repository");
    dir = up;
  }
  return dir;
}

const { values } = parseArgs({
  options: {
    count: { type: "string", default: "100000" },
    seed: { type: "string", default: "1" },
    from: { type: "string", default: "0" },
    time: { type: "string", default: "0" },
    save: { type: "string", default: ".tmp/fuzz-found" },
    dist: { type: "string", default: "dist" },
    quiet: { type: "boolean", default: false },
  },
});
const count = Number(values.count);
const seed = Number(values.seed);
const from = Number(values.from);
const seconds = Number(values.time);
if (!Number.isSafeInteger(count) || count < 0 || !Number.isSafeInteger(seed) || !Number.isSafeInteger(from) || from < 0 || !(seconds >= 0)) {
  process.stderr.write("usage: npm run fuzz -- [--count N] [--seed N] [--from I] [--time SECONDS] [--save DIR] [--dist DIR] [--quiet]\n");
  process.exit(2);
}

const root = repositoryRoot();
const lib = (await import(pathToFileURL(join(resolve(root, values.dist), "index.js")).href)) as Library;
const corpusDirs = [resolve(root, "../shared/conformance"), join(root, "fixtures")];
const corpus = loadCorpus(corpusDirs);
const saveDir = resolve(root, values.save);
const savedPerKind = new Map<string, number>();
const failuresPerKind = new Map<string, number>();

process.stderr.write(`fuzz: seed ${seed}, up to ${count} inputs${from > 0 ? ` from input ${from}` : ""}${seconds > 0 ? ` or ${seconds} s` : ""}, corpus of ${corpus.length} inputs${existsSync(corpusDirs[0] as string) ? "" : " (../shared/conformance absent: fixtures and generated inputs only)"}\n`);

const result = runFuzz(lib, {
  seed,
  from,
  count,
  seconds,
  corpus,
  onFailure(index, input, origin, failure) {
    const kind = failure.assertion;
    failuresPerKind.set(kind, (failuresPerKind.get(kind) ?? 0) + 1);
    const saved = savedPerKind.get(kind) ?? 0;
    if (saved >= 10) return;
    savedPerKind.set(kind, saved + 1);
    const small = minimize(lib, input, failure);
    const name = `${kind}-${createHash("sha256").update(small).digest("hex").slice(0, 12)}`;
    mkdirSync(saveDir, { recursive: true });
    writeFileSync(join(saveDir, `${name}.input`), small);
    writeFileSync(
      join(saveDir, `${name}.txt`),
      `assertion: ${kind}\noptions: ${JSON.stringify(failure.options)}\nfound: seed ${seed}, input ${index} (${origin}), ${input.length} bytes, minimized to ${small.length}\ndetail: ${failure.detail}\n`,
    );
    process.stderr.write(`fuzz: input ${index}: ${kind} ${JSON.stringify(failure.options)} → ${join(values.save, name)}.input\n`);
  },
  onProgress(index, elapsed) {
    const done = index - from;
    if (!values.quiet && done % (1 << 17) === 0) process.stderr.write(`fuzz: ${done} inputs (up to input ${index}), ${(elapsed / 1000).toFixed(0)} s, ${Math.round(done / (elapsed / 1000))}/s\n`);
  },
});

const kinds = [...failuresPerKind].map(([k, n]) => `${k} ×${n}`).join(", ");
const secondsTaken = result.ms / 1000;
process.stdout.write(
  `inputs: ${result.inputs}  time: ${secondsTaken.toFixed(1)} s  inputs/s: ${Math.round(result.inputs / secondsTaken)}  failures: ${result.failures}${kinds ? ` (${kinds})` : ""}\n`,
);
process.exitCode = result.failures > 0 ? 1 : 0;
