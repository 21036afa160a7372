import type { InputFormat, Severity } from "../diagnostics/codes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { Positions } from "../diagnostics/line-index.js";
import { safeMessage } from "../diagnostics/message.js";
import type { Target } from "../diagnostics/targets.js";
import type { MetricFamily } from "../model/types.js";
import { DEFAULT_THRESHOLDS, type At, type Rule, type RuleContext, type RuleSetting, type RuleThresholds } from "./rule.js";
import { RULES } from "./rules/index.js";

export interface ValidateOptions {
  /** The input's format (default `prometheus`): some rules differ for OpenMetrics. */
  format?: InputFormat;
  target?: Target;
  /** Per-rule settings by id; rules not named run at their default severity. */
  rules?: Record<string, RuleSetting>;
  /** Rules to run instead of the built-in ones (e.g. `[...RULES, myRule]`). */
  ruleSet?: readonly Rule[];
  thresholds?: Partial<RuleThresholds>;
  /** The parsed text's line index, for columns (ParseResult.lines); without it columns are 1. */
  lines?: Pick<Positions, "lineStart">;
}

const SEVERITY: Record<Exclude<RuleSetting, "off">, Severity> = { info: "info", warn: "warning", error: "error" };

/** Runs the lint rules over parsed families; returns their findings as diagnostics, in rule order. */
export function validate(families: readonly MetricFamily[], options: ValidateOptions = {}): Diagnostic[] {
  return runRules(families, options, "all");
}

/**
 * One stage of the rules, for a stream: `family` runs each rule's checkFamily on families as
 * they close, `payload` each checkPayload once at the end.
 */
export function runRules(families: readonly MetricFamily[], options: ValidateOptions, stage: "family" | "payload" | "all"): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const thresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds };
  for (const rule of options.ruleSet ?? RULES) {
    if (stage === "family" ? rule.checkFamily === undefined : stage === "payload" ? rule.checkPayload === undefined : false) continue;
    const setting = options.rules?.[rule.id];
    if (setting === "off") continue;
    const severity = setting === undefined ? rule.severity : SEVERITY[setting];
    const context: RuleContext = {
      format: options.format ?? "prometheus",
      target: options.target ?? "strict",
      thresholds,
      report(at: At, message: string, length = 1) {
        const start = options.lines?.lineStart(at.line);
        const column = start === undefined || Number.isNaN(start) ? 1 : at.offset - start + 1;
        diagnostics.push({
          code: rule.id,
          severity,
          message: safeMessage(message),
          line: at.line,
          column,
          endLine: at.line,
          endColumn: column + Math.max(1, length),
          offset: at.offset,
          length: Math.max(1, length),
          rejectedBy: [],
        });
      },
    };
    if (rule.checkFamily && stage !== "payload") for (const family of families) rule.checkFamily(family, context);
    if (stage !== "family") rule.checkPayload?.(families, context);
  }
  return diagnostics;
}
