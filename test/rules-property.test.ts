import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Target } from "../src/diagnostics/targets.js";
import { lint } from "../src/lint/lint.js";
import { RULES } from "../src/validate/rules/index.js";

/**
 * Generated payloads in the text format: well-formed, documented families of every type that
 * no rule should object to, and the same payloads with one defect injected that exactly one
 * rule should report.
 */

type Kind = "counter" | "gauge" | "histogram" | "summary" | "untyped";
type Labels = Array<[string, string]>;

interface Series {
  labels: Labels;
  value: number;
  /** Histogram: bucket increments (the first bounds.length + 1 are used); summary: quantile values. */
  increments: number[];
  sum: number;
}

interface Family {
  kind: Kind;
  /** Name components before the unit; the prefix is unique per family, so names never clash. */
  prefix: string;
  noun: string;
  unit: string;
  /** Appended after the unit (a defect such as `_gauge`). */
  suffix: string;
  /** Counters end in `_total`. */
  total: boolean;
  help: string | undefined;
  typeLine: boolean;
  series: Series[];
  /** Histogram bounds below +Inf, increasing. */
  bounds: number[];
  /** Summary quantiles, increasing. */
  quantiles: number[];
  timestamps: boolean;
  /** Repeat the first series (duplicate-series). */
  repeatFirst: boolean;
}

const PREFIXES = ["alpha", "backend", "cache", "disk", "frontend", "gateway", "indexer", "mailer", "queue", "router", "search", "storage"];
const NOUNS = ["requests", "errors", "items", "entries", "tasks", "lookups", "writes", "reads", "retries", "connections"];
const UNITS = ["", "seconds", "bytes"];
const LABEL_NAMES = ["method", "code", "path", "device", "mode", "region", "tier", "status"];
const LABEL_VALUES = ["get", "post", "put", "200", "404", "500", "eth0", "sda", "idle", "user", "eu", "us", "/api", "/login", "primary", "replica"];
const BOUNDS = [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const QUANTILES = [0.5, 0.9, 0.99];
const THRESHOLDS = { maxSeriesPerFamily: 30, minHistogramBuckets: 3 };

function nameOf(f: Family): string {
  return [f.prefix, f.noun, f.unit].filter((p) => p !== "").join("_") + f.suffix + (f.total ? "_total" : "");
}

function labelText(labels: Labels): string {
  return labels.length === 0 ? "" : `{${labels.map(([n, v]) => `${n}="${v}"`).join(",")}}`;
}

function render(families: Family[]): string {
  const lines: string[] = [];
  for (const f of families) {
    const name = nameOf(f);
    if (f.help !== undefined) lines.push(`# HELP ${name} ${f.help}`);
    if (f.typeLine) lines.push(`# TYPE ${name} ${f.kind}`);
    const ts = f.timestamps ? " 1700000000000" : "";
    const series = f.repeatFirst ? [...f.series, f.series[0]!] : f.series;
    for (const s of series) {
      if (f.kind === "histogram") {
        let cumulative = 0;
        for (let i = 0; i <= f.bounds.length; i++) {
          cumulative += s.increments[i]!;
          const le = i < f.bounds.length ? String(f.bounds[i]) : "+Inf";
          lines.push(`${name}_bucket${labelText([...s.labels, ["le", le]])} ${cumulative}${ts}`);
        }
        lines.push(`${name}_sum${labelText(s.labels)} ${s.sum}${ts}`, `${name}_count${labelText(s.labels)} ${cumulative}${ts}`);
      } else if (f.kind === "summary") {
        f.quantiles.forEach((q, i) => lines.push(`${name}${labelText([...s.labels, ["quantile", String(q)]])} ${s.increments[i]}${ts}`));
        const count = s.increments.reduce((a, b) => a + b, 0);
        lines.push(`${name}_sum${labelText(s.labels)} ${s.sum}${ts}`, `${name}_count${labelText(s.labels)} ${count}${ts}`);
      } else {
        lines.push(`${name}${labelText(s.labels)} ${s.value}${ts}`);
      }
    }
  }
  return lines.map((l) => `${l}\n`).join("");
}

/** One family of a kind; `labelled` families have one or two label names and at least two series. */
function familyArb(kind: Kind, labelled: boolean): fc.Arbitrary<Omit<Family, "prefix">> {
  return fc
    .record({
      noun: fc.constantFrom(...NOUNS),
      unit: fc.constantFrom(...UNITS),
      helpStyle: fc.constantFrom("How many {noun} the {prefix} handled.", "The {prefix}'s {noun}, by state.", "Current {noun} of the {prefix} component."),
      labelNames: fc.uniqueArray(fc.constantFrom(...LABEL_NAMES), { minLength: labelled ? 1 : 0, maxLength: 2 }),
      firstValues: fc.uniqueArray(fc.constantFrom(...LABEL_VALUES), { minLength: labelled ? 2 : 1, maxLength: 3 }),
      otherValues: fc.array(fc.constantFrom(...LABEL_VALUES), { minLength: 3, maxLength: 3 }),
      values: fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 3, maxLength: 3 }),
      increments: fc.array(fc.array(fc.integer({ min: 0, max: 500 }), { minLength: 6, maxLength: 6 }), { minLength: 3, maxLength: 3 }),
      sums: fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 3, maxLength: 3 }),
      bounds: fc.subarray(BOUNDS, { minLength: 2, maxLength: 5 }),
      quantiles: fc.subarray(QUANTILES, { minLength: 1 }),
    })
    .map((r) => {
      const count = r.labelNames.length === 0 ? 1 : r.firstValues.length;
      const series: Series[] = [];
      for (let i = 0; i < count; i++) {
        const labels: Labels = r.labelNames.map((n, j) => [n, j === 0 ? r.firstValues[i]! : r.otherValues[i]!]);
        series.push({ labels, value: r.values[i]!, increments: r.increments[i]!, sum: r.sums[i]! / 4 });
      }
      return {
        kind,
        noun: r.noun,
        unit: r.unit,
        suffix: "",
        total: kind === "counter",
        help: r.helpStyle.replace("{noun}", r.noun),
        typeLine: kind !== "untyped",
        series,
        bounds: r.bounds,
        quantiles: r.quantiles,
        timestamps: false,
        repeatFirst: false,
      };
    });
}

const KINDS: Kind[] = ["counter", "gauge", "histogram", "summary", "untyped"];

/** A payload with a labelled family of every kind first, then up to five more families. */
const payloadArb: fc.Arbitrary<Family[]> = fc
  .tuple(
    fc.tuple(...KINDS.map((k) => familyArb(k, true))),
    fc.array(
      fc.constantFrom(...KINDS).chain((k) => familyArb(k, false)),
      { maxLength: 5 },
    ),
  )
  .map(([first, more]) =>
    [...first, ...more].map((f, i) => {
      const prefix = PREFIXES[i]!;
      return { ...f, prefix, help: f.help?.replace("{prefix}", prefix) };
    }),
  );

const targetArb = fc.constantFrom<Target>("strict", "prometheus", "promtool", "pushgateway");
const ruleIds = new Set(RULES.map((r) => r.id));

interface Defect {
  rule: string;
  /** Which families it applies to (the labelled family of the right kind always qualifies). */
  applies(f: Family): boolean;
  inject(f: Family, n: number): void;
  target?: Target;
}

const labelled = (f: Family) => f.series.length >= 2 && f.series[0]!.labels.length > 0;
const plain = (f: Family) => f.kind === "counter" || f.kind === "gauge";
const gauge = (f: Family) => f.kind === "gauge";
const addLabel = (f: Family, name: string, value: string) => {
  for (const s of f.series) s.labels.push([name, value]);
};
const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const DEFECTS: Defect[] = [
  { rule: "help-missing", applies: () => true, inject: (f) => void (f.help = undefined) },
  { rule: "unit-non-base", applies: gauge, inject: (f) => void (f.unit = "milliseconds") },
  { rule: "counter-total-suffix", applies: (f) => f.kind === "counter", inject: (f) => void (f.total = false) },
  { rule: "non-counter-total-suffix", applies: gauge, inject: (f) => void (f.suffix = "_total") },
  { rule: "reserved-suffix-bucket", applies: gauge, inject: (f) => void (f.suffix = "_bucket") },
  { rule: "reserved-suffix-count", applies: gauge, inject: (f) => void (f.suffix = "_count") },
  { rule: "reserved-suffix-sum", applies: gauge, inject: (f) => void (f.suffix = "_sum") },
  { rule: "reserved-label-le", applies: gauge, inject: (f) => addLabel(f, "le", "0.5") },
  { rule: "reserved-label-quantile", applies: gauge, inject: (f) => addLabel(f, "quantile", "0.5") },
  { rule: "type-in-name", applies: gauge, inject: (f) => void (f.suffix = "_gauge") },
  { rule: "name-colon", applies: gauge, inject: (f) => void ((f.prefix = `${f.prefix}:${f.noun}`), (f.noun = "")) },
  { rule: "camelcase-metric-name", applies: gauge, inject: (f) => void ((f.prefix = `${f.prefix}${capitalize(f.noun)}`), (f.noun = "")) },
  {
    rule: "camelcase-label-name",
    applies: labelled,
    inject: (f) => {
      for (const s of f.series) s.labels[0]![0] = `${s.labels[0]![0]}Name`;
    },
  },
  { rule: "unit-abbreviation", applies: gauge, inject: (f) => void (f.unit = "ms") },
  { rule: "duplicate-series", applies: plain, inject: (f) => void (f.repeatFirst = true) },
  { rule: "help-uninformative", applies: () => true, inject: (f) => void (f.help = nameOf(f).toUpperCase()) },
  { rule: "unit-mixed-case", applies: gauge, inject: (f) => void (f.unit = "Seconds") },
  { rule: "counter-like-name", applies: (f) => f.kind === "counter", inject: (f) => void (f.typeLine = false) },
  { rule: "label-reserved-prefix", applies: () => true, inject: (f) => addLabel(f, "__tenant", "acme") },
  { rule: "target-label-in-payload", applies: () => true, inject: (f, n) => addLabel(f, ["job", "instance", "exported_instance"][n % 3]!, "host-1") },
  {
    rule: "label-value-empty",
    applies: labelled,
    inject: (f, n) => void (f.series[n % f.series.length]!.labels[0]![1] = ""),
  },
  {
    rule: "label-value-unbounded",
    applies: labelled,
    inject: (f, n) =>
      void (f.series[n % f.series.length]!.labels[0]![1] = ["3f2b8c1e-9a4d-4e2b-8f6a-1c2d3e4f5a6b", "jane@example.com", "10.1.2.3", "2001:db8::7", "1700000000", "9f86d081884c7d659a2feaa0c55ad015"][n % 6]!),
  },
  {
    rule: "mixed-label-names",
    applies: labelled,
    inject: (f, n) => void f.series[n % f.series.length]!.labels.push(["zone", "a"]),
  },
  { rule: "histogram-few-buckets", applies: (f) => f.kind === "histogram", inject: (f, n) => void (f.bounds = f.bounds.slice(0, n % 2)) },
  { rule: "summary-no-quantiles", applies: (f) => f.kind === "summary", inject: (f) => void (f.quantiles = []) },
  {
    rule: "family-cardinality",
    applies: (f) => gauge(f) && labelled(f),
    inject: (f) => {
      const model = f.series[0]!;
      for (let i = 0; i < THRESHOLDS.maxSeriesPerFamily; i++) {
        f.series.push({ ...model, labels: model.labels.map(([n, v], j) => [n, j === 0 ? `v${i}` : v]) });
      }
    },
  },
  { rule: "push-timestamp", applies: plain, inject: (f) => void (f.timestamps = true), target: "pushgateway" },
];

/** Format problems a defect cannot avoid (the same series twice is a format problem as well). */
const ALSO: Record<string, string[]> = { "duplicate-series": ["repeated-series"] };

const SEED = 20_240_611;

describe("generated valid payloads", () => {
  it("raise no diagnostic at all, for any target", () => {
    fc.assert(
      fc.property(payloadArb, targetArb, (families, target) => {
        const text = render(families);
        const result = lint(text, { target, thresholds: THRESHOLDS });
        expect(result.diagnostics, text).toEqual([]);
        expect(result.valid).toBe(true);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});

describe("one injected defect", () => {
  it("every defect names a rule, and the defects cover at least half the rules", () => {
    for (const d of DEFECTS) expect(ruleIds.has(d.rule), d.rule).toBe(true);
    expect(new Set(DEFECTS.map((d) => d.rule)).size).toBeGreaterThanOrEqual(RULES.length / 2);
  });

  it.each(DEFECTS.map((d, i) => [d.rule, i] as const))("%s: raises exactly that rule", (rule, i) => {
    const defect = DEFECTS[i]!;
    fc.assert(
      fc.property(payloadArb, fc.nat(), fc.nat(), targetArb, (generated, pick, n, anyTarget) => {
        const families = structuredClone(generated);
        const candidates = families.filter((f) => defect.applies(f));
        expect(candidates.length, "the labelled family of each kind qualifies").toBeGreaterThan(0);
        const family = candidates[pick % candidates.length]!;
        defect.inject(family, n);
        const text = render(families);
        const result = lint(text, { target: defect.target ?? anyTarget, thresholds: THRESHOLDS });
        const findings = result.diagnostics.filter((d) => ruleIds.has(d.code)).map((d) => d.code);
        const format = result.diagnostics.filter((d) => !ruleIds.has(d.code)).map((d) => d.code);
        expect(findings.length, text).toBeGreaterThan(0);
        expect(new Set(findings), text).toEqual(new Set([rule]));
        expect(new Set(format), text).toEqual(new Set(ALSO[rule] ?? []));
      }),
      { seed: SEED + i, numRuns: 200 },
    );
  });
});
