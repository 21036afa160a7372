import { writeSync } from "node:fs";
import { findConfig, loadConfig, parseRuleOption, type PromtextConfig } from "../config/config.js";
import type { InputFormat } from "../diagnostics/codes.js";
import { isTarget, TARGETS, type Target } from "../diagnostics/targets.js";
import { lint as lintInput } from "../lint/lint.js";
import { RULES } from "../validate/rules/index.js";
import type { RuleSetting } from "../validate/rule.js";
import { readInput, UsageError } from "./inputs.js";
import { formatHuman } from "./report/human.js";
import { formatJson } from "./report/json.js";
import type { FileReport } from "./report/types.js";

export interface LintCommandOptions {
  inputFormat: string;
  target?: string;
  format: string;
  color?: boolean;
  rule?: string[];
  config?: string | false;
  maxWarnings?: string;
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

/** The configuration file (given, or found upward from the working directory), or none with `--no-config`. */
function configOf(options: LintCommandOptions): PromtextConfig {
  const ruleIds = RULES.map((r) => r.id);
  if (options.config === false) return {};
  const path = options.config ?? findConfig(process.cwd());
  return path === undefined ? {} : loadConfig(path, ruleIds);
}

/** Lints each input; returns the exit code: 0 when clean, 1 on an error or more warnings than allowed. */
export async function lint(paths: string[], options: LintCommandOptions): Promise<number> {
  oneOf("--input-format", options.inputFormat, INPUT_FORMATS);
  oneOf("--format", options.format, OUTPUT_FORMATS);
  if (options.target !== undefined) oneOf("--target", options.target, TARGETS);
  if (paths.length === 0) throw new UsageError("no input: give one or more files, or - for standard input");
  if (paths.filter((p) => p === "-").length > 1) throw new UsageError("standard input (-) can be read only once");
  let maxWarnings: number | undefined;
  if (options.maxWarnings !== undefined) {
    maxWarnings = Number(options.maxWarnings);
    if (!Number.isInteger(maxWarnings) || maxWarnings < 0) throw new UsageError(`--max-warnings takes a whole number ≥ 0; got "${options.maxWarnings}"`);
  }

  const config = configOf(options);
  const ruleIds = RULES.map((r) => r.id);
  const rules: Record<string, RuleSetting> = { ...config.rules };
  for (const option of options.rule ?? []) {
    const [id, setting] = parseRuleOption(option, ruleIds);
    rules[id] = setting;
  }
  const target: Target = options.target !== undefined && isTarget(options.target) ? options.target : (config.target ?? "strict");
  maxWarnings ??= config.maxWarnings;

  const format = options.inputFormat as InputFormat | "auto";
  const reports: FileReport[] = [];
  for (const path of paths) {
    const input = await readInput(path);
    const result = lintInput(input.bytes, { format, target, rules, ...(config.thresholds ? { thresholds: config.thresholds } : {}) });
    reports.push({ file: input.name, result });
  }
  const text = options.format === "json" ? formatJson(reports) : formatHuman(reports, { color: useColor(options.color) });
  writeSync(1, text);

  const warnings = reports.reduce((n, r) => n + r.result.diagnostics.filter((d) => d.severity === "warning").length, 0);
  if (maxWarnings !== undefined && warnings > maxWarnings) {
    process.stderr.write(`promtext: ${warnings} ${warnings === 1 ? "warning" : "warnings"}, more than --max-warnings ${maxWarnings}\n`);
    return 1;
  }
  return reports.every((r) => r.result.valid) ? 0 : 1;
}
