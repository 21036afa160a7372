import { applyRequest, createGateway, exposeMetrics, TEXT_PUSH_CONTENT_TYPE } from "../gateway/gateway.js";
import { aggregate } from "../merge/aggregate.js";
import { parse } from "../parser/parse.js";
import { serialize, type OutputFormat } from "../serialize/serialize.js";
import { readInput, resolveInputs, UsageError } from "./inputs.js";
import { writeStderr, writeStdout } from "./output.js";
import { humanReport } from "./report/human.js";
import { linted } from "./report/types.js";

export interface MergeCommandOptions {
  mode: string;
  to: string;
}

/**
 * `promtext merge --mode aggregate`: the payloads combined as prom-aggregation-gateway would
 * expose them. A payload that does not parse stops the merge (exit 1, its errors on stderr).
 */
export async function merge(args: string[], options: MergeCommandOptions): Promise<number> {
  if (args.length === 0) throw new UsageError("no input: give the payloads to merge");
  if (options.mode === "pushgateway") return mergeAsPushgateway(args);
  if (options.mode !== "aggregate") throw new UsageError(`--mode must be aggregate or pushgateway; got "${options.mode}"`);
  const payloads = [];
  for (const spec of await resolveInputs(args)) {
    if (spec.kind === "url") throw new UsageError("merge reads files or standard input, not URLs");
    const input = await readInput(spec.kind === "stdin" ? "-" : spec.path);
    const result = parse(input.bytes, { target: "pushgateway" });
    if (!result.valid) {
      await writeStderr(humanReport([{ file: input.name, result: linted({ ...result, diagnostics: result.diagnostics.filter((d) => d.severity === "error") }) }], { color: false }));
      await writeStderr(`promtext merge: ${input.name} does not parse; nothing merged\n`);
      return 1;
    }
    payloads.push(result.families);
  }
  const { families, notes } = aggregate(payloads);
  const { text, notes: conversion } = serialize(families, { format: options.to as OutputFormat, sort: true });
  await writeStderr([...notes.map((n) => `promtext merge: ${n.family}: ${n.severity}: ${n.message}\n`), ...conversion.map((n) => `promtext merge: ${n.family}: ${n.message}\n`)]);
  const exitCode = notes.some((n) => n.severity === "error") ? 1 : 0;
  await writeStdout(text, { exitCode });
  return exitCode;
}

/**
 * `promtext merge --mode pushgateway GROUP=FILE…`: each payload PUT into its group of an empty
 * Pushgateway, in order; prints what /metrics then exposes (push times as the gateway writes
 * them), or the first push the gateway would refuse and why (exit 1).
 */
async function mergeAsPushgateway(args: string[]): Promise<number> {
  let state = createGateway();
  for (const arg of args) {
    const at = arg.lastIndexOf("=");
    if (!arg.startsWith("/metrics/") || at === -1) throw new UsageError(`--mode pushgateway takes GROUP=FILE pairs, e.g. /metrics/job/backup/instance/db1=backup.prom; got "${arg}"`);
    const path = arg.slice(0, at);
    const input = await readInput(arg.slice(at + 1));
    const result = applyRequest(state, { method: "PUT", path, contentType: TEXT_PUSH_CONTENT_TYPE, body: input.bytes });
    if (result.status < 200 || result.status > 299) {
      await writeStderr(`promtext merge: PUT ${path} (${input.name}) would be refused: HTTP ${result.status} (${result.class}): ${result.body.trim()}\n`);
      return 1;
    }
    state = result.state;
  }
  await writeStdout(exposeMetrics(state));
  return 0;
}
