import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describeFileError } from "../cli/file-error.js";
import { jsonSyntaxError } from "../diagnostics/json-syntax-error.js";
import { safeMessage } from "../diagnostics/message.js";
import { isTarget, TARGETS, type Target } from "../diagnostics/targets.js";
import type { RuleSetting, RuleThresholds } from "../validate/rule.js";
import { closest } from "./closest.js";

/** The configuration file's shape (`promtext.config.json` or `.promtextrc.json`). */
export interface PromtextConfig {
  rules?: Record<string, RuleSetting>;
  target?: Target;
  maxWarnings?: number;
  thresholds?: Partial<RuleThresholds>;
}

export const CONFIG_FILES = ["promtext.config.json", ".promtextrc.json"];
const SETTINGS: readonly RuleSetting[] = ["off", "info", "warn", "error"];
const THRESHOLDS: readonly (keyof RuleThresholds)[] = ["maxSeriesPerFamily", "minHistogramBuckets"];

/** A problem with the configuration: the place and the reason; the CLI exits 2. */
export class ConfigError extends Error {}

/** The nearest configuration file from `start` upwards, if any. */
export function findConfig(start: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    for (const name of CONFIG_FILES) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export function loadConfig(path: string, ruleIds: readonly string[], formatCodes: readonly string[] = []): PromtextConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigError(`cannot read ${path}: ${describeFileError(error)}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${path}: not JSON: ${safeMessage(jsonSyntaxError(text) ?? (error as Error).message)}`);
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new ConfigError(`${path}: expected a JSON object`);
  const config = raw as Record<string, unknown>;
  const unknownKey = Object.keys(config).find((k) => !["rules", "target", "maxWarnings", "thresholds", "$schema"].includes(k));
  if (unknownKey !== undefined) throw new ConfigError(`${path}: unknown key "${unknownKey}" (expected rules, target, maxWarnings, thresholds)`);
  const out: PromtextConfig = {};
  if (config["rules"] !== undefined) {
    if (typeof config["rules"] !== "object" || config["rules"] === null) throw new ConfigError(`${path}: "rules" must be an object of rule id to ${SETTINGS.join("|")}`);
    const rules: Record<string, RuleSetting> = {};
    for (const [id, setting] of Object.entries(config["rules"] as Record<string, unknown>)) {
      rules[checkRuleId(id, ruleIds, `${path}: rules`, formatCodes)] = checkSetting(setting, `${path}: rules.${id}`);
    }
    out.rules = rules;
  }
  if (config["target"] !== undefined) {
    const target = config["target"];
    if (typeof target !== "string" || !isTarget(target)) throw new ConfigError(`${path}: "target" must be one of ${TARGETS.join(", ")}`);
    out.target = target;
  }
  if (config["maxWarnings"] !== undefined) out.maxWarnings = checkCount(config["maxWarnings"], `${path}: "maxWarnings"`);
  if (config["thresholds"] !== undefined) {
    const thresholds: Partial<RuleThresholds> = {};
    for (const [key, value] of Object.entries(config["thresholds"] as Record<string, unknown>)) {
      const known = THRESHOLDS.find((t) => t === key);
      if (known === undefined) throw new ConfigError(`${path}: unknown threshold "${key}"; did you mean "${closest(key, THRESHOLDS)}"?`);
      thresholds[known] = checkCount(value, `${path}: thresholds.${key}`);
    }
    out.thresholds = thresholds;
  }
  return out;
}

/** `id=setting` from the command line. */
export function parseRuleOption(option: string, ruleIds: readonly string[], formatCodes: readonly string[] = []): [string, RuleSetting] {
  const at = option.indexOf("=");
  if (at === -1) throw new ConfigError(`--rule ${option}: expected id=${SETTINGS.join("|")}`);
  const id = checkRuleId(option.slice(0, at).trim(), ruleIds, "--rule", formatCodes);
  return [id, checkSetting(option.slice(at + 1).trim(), `--rule ${option}`)];
}

/** `id` if it names a rule; else an error saying what it is: a format problem's code (which no setting turns off) or a misspelt rule. */
export function checkRuleId(id: string, ruleIds: readonly string[], where: string, formatCodes: readonly string[] = []): string {
  if (ruleIds.includes(id)) return id;
  if (formatCodes.includes(id)) {
    throw new ConfigError(
      `${where}: "${id}" is a format problem, not a lint rule: format problems cannot be switched off, their severity follows --target (promtext explain ${id})`,
    );
  }
  throw new ConfigError(`${where}: unknown rule "${id}"; did you mean "${closest(id, ruleIds)}"? (docs/rules.md lists them)`);
}

function checkSetting(setting: unknown, where: string): RuleSetting {
  const value = setting === "warning" ? "warn" : setting;
  if (typeof value === "string" && (SETTINGS as readonly string[]).includes(value)) return value as RuleSetting;
  throw new ConfigError(`${where}: expected one of ${SETTINGS.join(", ")}, got ${JSON.stringify(setting)}`);
}

function checkCount(value: unknown, where: string): number {
  if (typeof value === "number" && Number.isInteger(value) && value >= 0) return value;
  throw new ConfigError(`${where}: expected a whole number ≥ 0, got ${JSON.stringify(value)}`);
}
