import { writeSync } from "node:fs";
import { aggregate } from "../merge/aggregate.js";
import { parse } from "../parser/parse.js";
import { serialize, type OutputFormat } from "../serialize/serialize.js";
import { readInput, resolveInputs, UsageError } from "./inputs.js";
import { formatHuman } from "./report/human.js";

export interface MergeCommandOptions {
  mode: string;
  to: string;
}

/**
 * `promtext merge --mode aggregate`: the payloads combined as prom-aggregation-gateway would
 * expose them. A payload that does not parse stops the merge (exit 1, its errors on stderr).
 */
export async function merge(args: string[], options: MergeCommandOptions): Promise<number> {
  if (options.mode !== "aggregate") throw new UsageError(`--mode ${options.mode} is not available; use --mode aggregate`);
  if (args.length === 0) throw new UsageError("no input: give the payloads to merge");
  const payloads = [];
  for (const spec of await resolveInputs(args)) {
    if (spec.kind === "url") throw new UsageError("merge reads files or standard input, not URLs");
    const input = await readInput(spec.kind === "stdin" ? "-" : spec.path);
    const result = parse(input.bytes, { target: "pushgateway" });
    if (!result.valid) {
      process.stderr.write(formatHuman([{ file: input.name, result: { ...result, diagnostics: result.diagnostics.filter((d) => d.severity === "error") } }], { color: false }));
      process.stderr.write(`promtext merge: ${input.name} does not parse; nothing merged\n`);
      return 1;
    }
    payloads.push(result.families);
  }
  const { families, notes } = aggregate(payloads);
  const { text, notes: conversion } = serialize(families, { format: options.to as OutputFormat, sort: true });
  for (const n of notes) process.stderr.write(`promtext merge: ${n.family}: ${n.severity}: ${n.message}\n`);
  for (const n of conversion) process.stderr.write(`promtext merge: ${n.family}: ${n.message}\n`);
  writeSync(1, text);
  return notes.some((n) => n.severity === "error") ? 1 : 0;
}
