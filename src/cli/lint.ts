import { writeSync } from "node:fs";
import type { InputFormat } from "../diagnostics/codes.js";
import { isTarget, TARGETS, type Target } from "../diagnostics/targets.js";
import { parse } from "../parser/parse.js";
import { readInput, UsageError } from "./inputs.js";
import { formatHuman } from "./report/human.js";
import { formatJson } from "./report/json.js";
import type { FileReport } from "./report/types.js";

export interface LintOptions {
  inputFormat: string;
  target: string;
  format: string;
  color?: boolean;
}

const INPUT_FORMATS = ["auto", "prometheus", "openmetrics"];
const OUTPUT_FORMATS = ["human", "json"];

function oneOf(option: string, value: string, allowed: readonly string[]): void {
  if (!allowed.includes(value)) throw new UsageError(`${option} must be one of ${allowed.join(", ")}; got "${value}"`);
}

function useColor(explicit: boolean | undefined): boolean {
  if (explicit !== undefined) return explicit;
  if (process.env["NO_COLOR"] !== undefined && process.env["NO_COLOR"] !== "") return false;
  if (process.env["FORCE_COLOR"] !== undefined && process.env["FORCE_COLOR"] !== "0") return true;
  return process.stdout.isTTY === true;
}

/** Lints each input; returns the exit code: 0 when no input has an error, 1 otherwise. */
export async function lint(paths: string[], options: LintOptions): Promise<number> {
  oneOf("--input-format", options.inputFormat, INPUT_FORMATS);
  oneOf("--target", options.target, TARGETS);
  oneOf("--format", options.format, OUTPUT_FORMATS);
  if (paths.length === 0) throw new UsageError("no input: give one or more files, or - for standard input");
  if (paths.filter((p) => p === "-").length > 1) throw new UsageError("standard input (-) can be read only once");
  const target: Target = isTarget(options.target) ? options.target : "strict";
  const format = options.inputFormat as InputFormat | "auto";
  const reports: FileReport[] = [];
  for (const path of paths) {
    const input = await readInput(path);
    reports.push({ file: input.name, result: parse(input.bytes, { format, target }) });
  }
  const text = options.format === "json" ? formatJson(reports) : formatHuman(reports, { color: useColor(options.color) });
  writeSync(1, text);
  return reports.every((r) => r.result.valid) ? 0 : 1;
}
