import { findConfig, loadConfig, parseRuleOption, type PromtextConfig } from "../config/config.js";
import { CODES, type InputFormat } from "../diagnostics/codes.js";
import { isTarget, type Target } from "../diagnostics/targets.js";
import type { LintOptions } from "../lint/lint.js";
import type { RuleSetting } from "../validate/rule.js";
import { judge, verdictNote, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { ParseResult } from "../parser/parse.js";
import { RULES } from "../validate/rules/index.js";
import { UsageError } from "./inputs.js";

/** What lint and check-exporter share: option checks, colors, the configuration file, scrape findings. */

export function oneOf(option: string, value: string, allowed: readonly string[]): void {
  if (!allowed.includes(value)) throw new UsageError(`${option} must be one of ${allowed.join(", ")}; got "${value}"`);
}

/** Colors for the human report: --color/--no-color, then NO_COLOR, FORCE_COLOR (0 or false: none), TERM=dumb (none), then whether stdout is a terminal. */
export function useColor(explicit: boolean | undefined, toFile: boolean): boolean {
  if (explicit !== undefined) return explicit;
  if (process.env["NO_COLOR"] !== undefined && process.env["NO_COLOR"] !== "") return false;
  const force = process.env["FORCE_COLOR"];
  if (force !== undefined && force !== "") return force !== "0" && force !== "false";
  if (process.env["TERM"] === "dumb") return false;
  return !toFile && process.stdout.isTTY === true;
}

/** The configuration file (given, or found upward from the working directory), or none with `--no-config`. */
export function configOf(options: { config?: string | false }): PromtextConfig {
  if (options.config === false) return {};
  const path = options.config ?? findConfig(process.cwd());
  return path === undefined ? {} : loadConfig(path, RULES.map((r) => r.id), Object.keys(CODES));
}

/** The Content-Type finding of a scrape, judged for the target like any diagnostic. */
export function contentTypeFinding(result: { format: InputFormat; target: Target }, contentType: string | undefined): Diagnostic {
  const { severity, rejectedBy } = judge("content-type-unsupported", result.format, result.target);
  const note = severity === "error" ? "" : verdictNote(rejectedBy);
  const what = contentType === undefined ? "no Content-Type" : `Content-Type "${contentType}"`;
  const message = `the target answered with ${what}; Prometheus 3 picks its parser by Content-Type and fails this scrape (read here as ${result.format})`;
  return { code: "content-type-unsupported", severity, message: note ? `${message} (${note})` : message, line: 1, column: 1, endLine: 1, endColumn: 2, offset: 0, length: 1, rejectedBy };
}

export function withDiagnostic(result: ParseResult, d: Diagnostic): ParseResult {
  const diagnostics = [d, ...result.diagnostics];
  return { ...result, diagnostics, valid: !diagnostics.some((x) => x.severity === "error") };
}

/** The lint settings of a run: the configuration file, overridden by --rule and --target. */
export interface LintSettings {
  config: PromtextConfig;
  target: Target;
  /** lint()'s options for an input read in `format`. */
  lintOptions(format: InputFormat | "auto"): LintOptions;
}

export function lintSettings(options: { config?: string | false; rule?: string[]; target?: string }, defaultTarget: Target = "strict"): LintSettings {
  const config = configOf(options);
  const rules: Record<string, RuleSetting> = { ...config.rules };
  for (const option of options.rule ?? []) {
    const [id, setting] = parseRuleOption(option, RULES.map((r) => r.id), Object.keys(CODES));
    rules[id] = setting;
  }
  const target: Target = options.target !== undefined && isTarget(options.target) ? options.target : (config.target ?? defaultTarget);
  return { config, target, lintOptions: (format) => ({ format, target, rules, ...(config.thresholds ? { thresholds: config.thresholds } : {}) }) };
}
