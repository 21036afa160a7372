import type { InputFormat, Severity } from "../diagnostics/codes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { Positions } from "../diagnostics/line-index.js";
import { safeMessage } from "../diagnostics/message.js";
import type { Target } from "../diagnostics/targets.js";
import type { MetricFamily } from "../model/types.js";
import { DEFAULT_THRESHOLDS, WHOLE_FAMILY, type At, type FamilyPart, type Rule, type RuleContext, type RuleSetting, type RuleThresholds } from "./rule.js";
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
  const runner = new RuleRunner(options);
  for (const entry of runner.rules) {
    if (entry.rule.exempts?.(families)) continue;
    if (entry.rule.checkFamily) for (const family of families) runner.check(entry, family, WHOLE_FAMILY);
    entry.rule.checkPayload?.(families, entry.context);
    runner.release(entry);
  }
  return runner.take();
}

/**
 * A rule set up for one input; `held`: the findings of a rule that may exempt the payload, until
 * the payload is known; `carry` and `atFamily`: its tally and its messages at the family, across
 * the parts of the family it checks.
 */
interface RuleEntry {
  rule: Rule;
  context: RuleContext;
  held?: Diagnostic[];
  carry: unknown;
  atFamily: Set<string> | undefined;
}

/**
 * The rules of one input, set up once (their settings and contexts), for a stream: `family`
 * runs each rule's checkFamily on a family as it closes, `payload` each checkPayload at the end;
 * `take` hands over the findings so far.
 */
export class RuleRunner {
  readonly rules: RuleEntry[] = [];
  private diagnostics: Diagnostic[] = [];
  private readonly withFamily: RuleEntry[];
  /** The family (part) being checked. */
  private checking: MetricFamily | undefined;

  constructor(private readonly options: ValidateOptions) {
    const thresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds };
    for (const rule of options.ruleSet ?? RULES) {
      const setting = options.rules?.[rule.id];
      if (setting === "off") continue;
      const severity = setting === undefined ? rule.severity : SEVERITY[setting];
      const held: Diagnostic[] | undefined = rule.exempts ? [] : undefined;
      const report = (at: At, message: string, length = 1): void => {
        if (this.repeatsAtFamily(entry, at, message)) return;
        const start = this.options.lines?.lineStart(at.line);
        const offset = at.nameOffset ?? at.offset;
        const column = start === undefined || Number.isNaN(start) ? 1 : offset - start + 1;
        (held ?? this.diagnostics).push({
          code: rule.id,
          severity,
          message: safeMessage(message),
          line: at.line,
          column,
          endLine: at.line,
          endColumn: column + Math.max(1, length),
          offset,
          length: Math.max(1, length),
          rejectedBy: rule.rejectedBy ?? [],
        });
      };
      const context: RuleContext = {
        format: options.format ?? "prometheus",
        target: options.target ?? "strict",
        thresholds,
        report,
        part: WHOLE_FAMILY,
        carried: <T>(make: () => T): T => (entry.carry ??= make()) as T,
      };
      const entry: RuleEntry = { rule, context, carry: undefined, atFamily: undefined };
      if (held) entry.held = held;
      this.rules.push(entry);
    }
    this.withFamily = this.rules.filter((r) => r.rule.checkFamily !== undefined);
  }

  /** Runs every rule's checkFamily on a family, or on one part of it (see RuleContext.part). */
  family(family: MetricFamily, part: FamilyPart = WHOLE_FAMILY): void {
    for (const entry of this.withFamily) this.check(entry, family, part);
  }

  check(entry: RuleEntry, family: MetricFamily, part: FamilyPart): void {
    if (part.first) {
      entry.carry = undefined;
      entry.atFamily = undefined;
    }
    entry.context.part = part;
    this.checking = family;
    entry.rule.checkFamily!(family, entry.context);
    this.checking = undefined;
    if (part.last) {
      entry.carry = undefined;
      entry.atFamily = undefined;
    }
  }

  /** Whether a finding at the family itself was made, the same, on an earlier part of it. */
  private repeatsAtFamily(entry: RuleEntry, at: At, message: string): boolean {
    const family = this.checking;
    const part = entry.context.part;
    if (family === undefined || (part.first && part.last)) return false;
    if (at.line !== family.line || (at.nameOffset ?? at.offset) !== (family.nameOffset ?? family.offset)) return false;
    if (entry.atFamily?.has(message)) return true;
    (entry.atFamily ??= new Set()).add(message);
    return false;
  }

  payload(families: readonly MetricFamily[]): void {
    for (const entry of this.rules) {
      if (entry.rule.exempts?.(families)) {
        if (entry.held) entry.held.length = 0;
        continue;
      }
      entry.rule.checkPayload?.(families, entry.context);
      this.release(entry);
    }
  }

  /** Hands on what a rule that may exempt the payload found, the payload being known not to be exempt. */
  release(entry: RuleEntry): void {
    if (entry.held === undefined || entry.held.length === 0) return;
    this.diagnostics.push(...entry.held);
    entry.held.length = 0;
  }

  take(): Diagnostic[] {
    const found = this.diagnostics;
    this.diagnostics = [];
    return found;
  }
}
