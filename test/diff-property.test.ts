import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diff, type ChangeSet, type FamilyDiff, type Label, type Metric, type MetricFamily, type Sample, type ValueChange } from "../src/index.js";

/**
 * Properties of diff() over generated models: a payload against itself is no change, the diff
 * one way mirrors the diff the other way, and a single edit is found exactly.
 */

type Kind = "counter" | "gauge" | "histogram" | "summary" | "untyped";

interface SeriesSpec {
  labels: Label[];
  values: number[];
}

interface FamilySpec {
  name: string;
  type: Kind;
  help: string | undefined;
  /** Bucket bounds (histogram) or quantiles (summary), ascending. */
  bounds: number[];
  series: SeriesSpec[];
}

const LABEL_NAMES = ["code", "instance", "method", "pod"];
const LABEL_VALUES = ["a", "b", "c", "200", "500", "GET", ""];

const value = fc.oneof(fc.integer({ min: 0, max: 10_000 }), fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }));

const labelSet = fc
  .uniqueArray(fc.constantFrom(...LABEL_NAMES), { maxLength: 3 })
  .chain((names) => fc.tuple(...names.sort().map((name) => fc.constantFrom(...LABEL_VALUES.filter((v) => v !== "")).map((v) => ({ name, value: v })))));

const key = (labels: readonly Label[]) => labels.map((l) => `${l.name}=${l.value}`).join(",");

function samplesPerSeries(type: Kind, bounds: number[]): number {
  if (type === "histogram") return bounds.length + 2;
  if (type === "summary") return bounds.length + 2;
  return 1;
}

const familySpec = (name: string) =>
  fc
    .record({
      type: fc.constantFrom<Kind>("counter", "gauge", "histogram", "summary", "untyped"),
      help: fc.option(fc.constantFrom("Requests.", "Latency in seconds.", 'With "quotes" and \\ backslash.'), { nil: undefined }),
      bounds: fc.uniqueArray(fc.constantFrom(0.005, 0.1, 0.25, 0.5, 0.9, 0.99, 1, 2.5), { minLength: 1, maxLength: 4 }).map((b) => b.sort((x, y) => x - y)),
      labels: fc.uniqueArray(labelSet, { minLength: 1, maxLength: 5, selector: key }),
    })
    .chain(({ type, help, bounds, labels }) =>
      fc.tuple(...labels.map(() => fc.array(value, { minLength: samplesPerSeries(type, bounds), maxLength: samplesPerSeries(type, bounds) }))).map(
        (values): FamilySpec => ({ name: type === "counter" ? `${name}_total` : name, type, help, bounds, series: labels.map((l, i) => ({ labels: l, values: values[i] as number[] })) }),
      ),
    );

const payloadSpec = fc
  .uniqueArray(fc.constantFrom("http_requests", "queue_depth", "rpc_duration_seconds", "jobs", "temperature_celsius", "up"), { minLength: 1, maxLength: 5 })
  .chain((names) => fc.tuple(...names.map(familySpec)));

function sample(name: string, labels: Label[], v: number): Sample {
  return { name, labels, value: v, valueText: String(v), offset: 0, line: 0 };
}

function boundText(b: number): string {
  return b === Infinity ? "+Inf" : String(b);
}

/** The model parse() would give for the spec (buckets cumulative, +Inf last). */
function build(spec: FamilySpec): MetricFamily {
  const metrics: Metric[] = spec.series.map(({ labels, values }) => {
    let samples: Sample[];
    if (spec.type === "histogram") {
      let running = 0;
      const bounds = [...spec.bounds, Infinity];
      samples = bounds.map((b, i) => {
        running += Math.abs(values[i] as number);
        return sample(`${spec.name}_bucket`, [...labels, { name: "le", value: boundText(b) }], running);
      });
      samples.push(sample(`${spec.name}_sum`, labels, values[bounds.length] as number), sample(`${spec.name}_count`, labels, running));
    } else if (spec.type === "summary") {
      samples = spec.bounds.map((q, i) => sample(spec.name, [...labels, { name: "quantile", value: String(q) }], values[i] as number));
      samples.push(sample(`${spec.name}_sum`, labels, values[spec.bounds.length] as number), sample(`${spec.name}_count`, labels, Math.abs(values[spec.bounds.length + 1] as number)));
    } else samples = [sample(spec.name, labels, values[0] as number)];
    return { labels, samples, offset: 0, line: 0 };
  });
  const family: MetricFamily = { name: spec.name, type: spec.type, metrics, offset: 0, line: 0 };
  if (spec.help !== undefined) family.help = spec.help;
  return family;
}

const buildAll = (specs: readonly FamilySpec[]) => specs.map(build);

/** diff(b, a) as diff(a, b) predicts it: added ↔ removed, before ↔ after, deltas negated. */
function mirrored(d: ChangeSet): unknown {
  const swapCounts = (c: { before: number; after: number }) => ({ before: c.after, after: c.before });
  return d.families.map((f: FamilyDiff) => ({
    name: f.name,
    change: f.change === "added" ? "removed" : f.change === "removed" ? "added" : "changed",
    type: f.metadata.find((m) => m.field === "type")?.before ?? f.type,
    metadata: f.metadata.map((m) => ({ field: m.field, ...(m.after !== undefined ? { before: m.after } : {}), ...(m.before !== undefined ? { after: m.before } : {}) })),
    series: {
      ...swapCounts(f.series),
      cardinality: swapCounts(f.series.cardinality),
      added: f.series.removed,
      removed: f.series.added,
      labels: f.series.labels.map((l) => ({ name: l.name, before: l.after, after: l.before, added: l.removed, removed: l.added })),
    },
    ...(f.layout ? { layout: { ...f.layout, before: f.layout.after, after: f.layout.before, added: f.layout.removed, removed: f.layout.added } } : {}),
    values: f.values.map((v) => ({ labels: v.labels, sample: v.sample, ...(v.bound !== undefined ? { bound: v.bound } : {}), before: v.after, after: v.before, delta: -v.delta })),
  }));
}

/** The parts of a diff that mirror (increase, rate and reset are one-way). */
function comparable(d: ChangeSet): unknown {
  return d.families.map((f) => ({ ...f, values: f.values.map(({ increase: _i, rate: _r, reset: _s, ...rest }: ValueChange) => rest) }));
}

const RUNS = { numRuns: 300 };

describe("diff: properties over generated payloads", () => {
  it("diff(a, a) is empty, strict or not", () => {
    fc.assert(
      fc.property(payloadSpec, (specs) => {
        const a = buildAll(specs);
        expect(diff(a, a).equal).toBe(true);
        expect(diff(a, buildAll(specs), { strict: true }).families).toEqual([]);
      }),
      RUNS,
    );
  });

  it("diff(a, b) mirrors diff(b, a)", () => {
    // b shares some families with a (so that series and values are compared), and has some of its own
    const pair = fc.tuple(payloadSpec, payloadSpec, fc.array(fc.boolean(), { minLength: 6, maxLength: 6 })).map(([a, b, keep]) => {
      const shared = a.filter((_, i) => keep[i]).map((f) => b.find((g) => g.name === f.name) ?? f);
      return [a, [...shared, ...b.filter((g) => !shared.some((s) => s.name === g.name))]] as const;
    });
    fc.assert(
      fc.property(pair, ([sa, sb]) => {
        const a = buildAll(sa);
        const b = buildAll(sb);
        const forward = diff(a, b);
        const backward = diff(b, a);
        expect(comparable(backward)).toEqual(mirrored(forward));
        expect(backward.summary).toMatchObject({
          familiesAdded: forward.summary.familiesRemoved,
          familiesRemoved: forward.summary.familiesAdded,
          seriesAdded: forward.summary.seriesRemoved,
          seriesRemoved: forward.summary.seriesAdded,
          valueChanges: forward.summary.valueChanges,
          series: { before: forward.summary.series.after, after: forward.summary.series.before },
        });
      }),
      RUNS,
    );
  });

  it("a series added (or removed) is found exactly, with the label values it brings", () => {
    const edit = payloadSpec.chain((specs) => fc.tuple(fc.constant(specs), fc.nat({ max: specs.length - 1 }), labelSet, fc.array(value, { minLength: 12, maxLength: 12 })));
    fc.assert(
      fc.property(edit, ([specs, at, labels, values]) => {
        const target = specs[at] as FamilySpec;
        fc.pre(!target.series.some((s) => key(s.labels) === key(labels)));
        const edited = specs.map((s, i) => (i === at ? { ...s, series: [...s.series, { labels, values: values.slice(0, samplesPerSeries(s.type, s.bounds)) }] } : s));
        const before = buildAll(specs);
        const after = buildAll(edited);
        const added = diff(before, after);
        expect(added.families.map((f) => f.name)).toEqual([target.name]);
        const f = added.families[0] as FamilyDiff;
        expect(f).toMatchObject({ change: "changed", metadata: [], values: [] });
        expect(f.layout).toBeUndefined();
        expect(f.series.added).toEqual([Object.fromEntries(labels.map((l) => [l.name, l.value]))]);
        expect(f.series.removed).toEqual([]);
        expect(f.series.after).toBe(f.series.before + 1);
        const newValues = labels
          .filter((l) => !target.series.some((s) => s.labels.some((m) => m.name === l.name && m.value === l.value)))
          .map((l) => {
            const had = new Set(target.series.flatMap((s) => s.labels.filter((m) => m.name === l.name).map((m) => m.value)));
            return { name: l.name, before: had.size, after: had.size + 1, added: [l.value], removed: [] };
          });
        expect([...f.series.labels].sort((x, y) => (x.name < y.name ? -1 : 1))).toEqual(newValues);
        const removed = diff(after, before).families[0] as FamilyDiff;
        expect(removed.series.removed).toEqual(f.series.added);
        expect(removed.series.added).toEqual([]);
      }),
      RUNS,
    );
  });

  it("a value changed is found exactly: one change, of that sample", () => {
    const edit = payloadSpec.chain((specs) =>
      fc.nat({ max: specs.length - 1 }).chain((at) => {
        const spec = specs[at] as FamilySpec;
        return fc.tuple(fc.constant(specs), fc.constant(at), fc.nat({ max: spec.series.length - 1 }), fc.nat({ max: samplesPerSeries(spec.type, spec.bounds) - 1 }), value);
      }),
    );
    fc.assert(
      fc.property(edit, ([specs, at, s, i, v]) => {
        const before = buildAll(specs);
        const after = buildAll(specs);
        const family = after[at] as MetricFamily;
        const changed = (family.metrics[s] as Metric).samples[i] as Sample;
        const old = ((before[at] as MetricFamily).metrics[s] as Metric).samples[i] as Sample;
        fc.pre(v !== old.value);
        changed.value = v;
        changed.valueText = String(v);
        const result = diff(before, after);
        expect(result.families.map((f) => f.name)).toEqual([family.name]);
        const f = result.families[0] as FamilyDiff;
        expect(f.metadata).toEqual([]);
        expect(f.series).toMatchObject({ added: [], removed: [], labels: [] });
        expect(f.values).toHaveLength(1);
        const labels = Object.fromEntries((family.metrics[s] as Metric).labels.map((l) => [l.name, l.value]));
        expect(f.values[0]).toMatchObject({ labels, before: old.value, after: v, delta: v - old.value });
        const kind = changed.name.endsWith("_bucket") ? "bucket" : changed.name.endsWith("_sum") ? "sum" : changed.name.endsWith("_count") ? "count" : family.type === "summary" ? "quantile" : "value";
        expect(f.values[0]?.sample).toBe(kind);
        if (family.type === "counter" && v < old.value) expect(f.values[0]).toMatchObject({ increase: v, reset: true });
        if (family.type === "gauge") expect(f.values[0]?.increase).toBeUndefined();
      }),
      RUNS,
    );
  });

  it("a HELP changed is found exactly", () => {
    const edit = payloadSpec.chain((specs) => fc.tuple(fc.constant(specs), fc.nat({ max: specs.length - 1 }), fc.option(fc.string({ maxLength: 20 }), { nil: undefined })));
    fc.assert(
      fc.property(edit, ([specs, at, help]) => {
        const target = specs[at] as FamilySpec;
        fc.pre(help !== target.help);
        const edited = specs.map((s, i) => (i === at ? { ...s, help } : s));
        const result = diff(buildAll(specs), buildAll(edited));
        const change = { field: "help", ...(target.help !== undefined ? { before: target.help } : {}), ...(help !== undefined ? { after: help } : {}) };
        expect(result.families).toEqual([
          { name: target.name, change: "changed", type: target.type, metadata: [change], series: { before: target.series.length, after: target.series.length, cardinality: expect.anything(), added: [], removed: [], labels: [] }, values: [] },
        ]);
      }),
      RUNS,
    );
  });
});
