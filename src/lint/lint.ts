import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { MetricFamily, Metric } from "../model/types.js";
import { detach } from "../parser/detach.js";
import { parse, type ParseOptions, type ParseResult } from "../parser/parse.js";
import type { SegmentIndex } from "../diagnostics/segment-index.js";
import { ParseStream, type StreamOptions, type StreamSource } from "../parser/stream.js";
import type { Rule, RuleSetting, RuleThresholds } from "../validate/rule.js";
import { RuleRunner, validate, type ValidateOptions } from "../validate/validate.js";

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
  const findings = validate(result.families, { ...ruleOptions(options), format: result.format, target: result.target, lines: result.lines }).filter(
    (d) => !suppressed(result.suppressions, d),
  );
  const diagnostics = [...result.diagnostics, ...findings].sort((a, b) => a.offset - b.offset || a.code.localeCompare(b.code));
  return { ...result, diagnostics, valid: !diagnostics.some((d) => d.severity === "error") };
}

/** Metrics kept of each family for the whole-payload rules of a stream: one per set of label names, among the first OUTLINE_SCAN. */
const KEPT_METRICS = 16;
const OUTLINE_SCAN = 256;

/**
 * lint() for a stream: parseStream's events, with the rules' findings among the diagnostics.
 * Each family's rules run as it closes (on each part of a family handed on in parts, as one
 * family: see RuleContext.part); the whole-payload rules (checkPayload) run at the end
 * over every family's name, metadata and position and up to 16 of its metrics (one per set of
 * label names among its first 256, without samples), so memory follows the number of
 * families, not of samples.
 */
export function lintStream(source: StreamSource, options: LintOptions & StreamOptions = {}): ParseStream {
  const kept: MetricFamily[] = [];
  let runner: RuleRunner | undefined;
  // made on first use: the format is known once the stream has chosen it
  const rules = (positions: SegmentIndex) => (runner ??= new RuleRunner({ ...ruleOptions(options), format: stream.format, target: options.target ?? "strict", lines: positions }));
  const unsuppressed = (d: Diagnostic) => !suppressed(stream.suppressions, d);
  const stream: ParseStream = new ParseStream(source, options, {
    family(family, positions, part) {
      if (part.first) {
        kept.push(outlineOf(family));
        positions.pin(family.line, family.offset);
      }
      rules(positions).family(family, part);
      return rules(positions).take().filter(unsuppressed);
    },
    end(positions) {
      rules(positions).payload(kept);
      return rules(positions).take().filter(unsuppressed);
    },
  });
  return stream;
}

function ruleOptions(options: LintOptions): ValidateOptions {
  return {
    ...(options.rules ? { rules: options.rules } : {}),
    ...(options.ruleSet ? { ruleSet: options.ruleSet } : {}),
    ...(options.thresholds ? { thresholds: options.thresholds } : {}),
  };
}

/** A family's metadata and position, and one metric (labels only) per set of label names. */
function outlineOf(family: MetricFamily): MetricFamily {
  const metrics: Metric[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < family.metrics.length && i < OUTLINE_SCAN && metrics.length < KEPT_METRICS; i++) {
    const m = family.metrics[i] as Metric;
    const names = m.labels.map((l) => l.name).join("\u0000");
    if (seen.has(names)) continue;
    seen.add(names);
    metrics.push({ labels: m.labels.map((l) => ({ name: detach(l.name), value: detach(l.value) })), samples: [], offset: m.offset, line: m.line });
  }
  return { ...family, metrics };
}

function suppressed(suppressions: ReadonlyMap<number, readonly string[] | "all">, d: Diagnostic): boolean {
  const rules = suppressions.get(d.line);
  return rules !== undefined && (rules === "all" || rules.includes(d.code));
}
