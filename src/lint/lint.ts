import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { parse, type ParseOptions, type ParseResult } from "../parser/parse.js";
import type { Rule, RuleSetting, RuleThresholds } from "../validate/rule.js";
import { validate } from "../validate/validate.js";

export interface LintOptions extends ParseOptions {
  rules?: Record<string, RuleSetting>;
  ruleSet?: readonly Rule[];
  thresholds?: Partial<RuleThresholds>;
}

/**
 * Parses and lints one input: the format's diagnostics and the lint rules' findings, less
 * those that `# promtext-disable-next-line` comments exempt, in the order of the text.
 */
export function lint(input: string | Uint8Array, options: LintOptions = {}): ParseResult {
  const result = parse(input, options);
  const findings = validate(result.families, {
    format: result.format,
    target: result.target,
    lines: result.lines,
    ...(options.rules ? { rules: options.rules } : {}),
    ...(options.ruleSet ? { ruleSet: options.ruleSet } : {}),
    ...(options.thresholds ? { thresholds: options.thresholds } : {}),
  }).filter((d) => !suppressed(result, d));
  const diagnostics = [...result.diagnostics, ...findings].sort((a, b) => a.offset - b.offset || a.code.localeCompare(b.code));
  return { ...result, diagnostics, valid: !diagnostics.some((d) => d.severity === "error") };
}

function suppressed(result: ParseResult, d: Diagnostic): boolean {
  const rules = result.suppressions.get(d.line);
  return rules !== undefined && (rules === "all" || rules.includes(d.code));
}
