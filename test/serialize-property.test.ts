import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse, parseJson, serialize, type Exemplar, type Label, type Metric, type MetricFamily, type MetricType, type Sample } from "../src/index.js";

/**
 * Property tests of the serializer: generated models (not text) in the conventions of each
 * format, written and read back. See the comments on each describe block for what is checked.
 *
 * Models use family names `f<index>…`, so that no family name is another family's name plus a
 * suffix (`_bucket`, `_total`…), and label names that never start with `f`, so that a
 * stateset's state label never clashes with another label.
 */

type Fmt = "prometheus" | "openmetrics";

const RUNS = 300;

// ---------------------------------------------------------------- model builders

function sample(name: string, labels: Label[], value: number, timestamp?: number, exemplar?: Exemplar): Sample {
  const s: Sample = { name, labels, value, valueText: String(value), offset: 0, line: 0 };
  if (timestamp !== undefined) s.timestamp = timestamp;
  if (exemplar !== undefined) s.exemplar = exemplar;
  return s;
}

function metric(labels: Label[], samples: Sample[]): Metric {
  return { labels, samples, offset: 0, line: 0 };
}

/** `labels` with the bound label (`le`, `quantile`) put in at `position` (the serializer moves it last). */
function withBound(labels: Label[], name: "le" | "quantile", text: string, position: number): Label[] {
  const at = position % (labels.length + 1);
  return [...labels.slice(0, at), { name, value: text }, ...labels.slice(at)];
}

/** A bound in one of the spellings a parser accepts (the serializer writes it as a Go float). */
function boundText(v: number, style: number): string {
  if (v === Infinity) return ["+Inf", "Inf", "+inf", "Infinity"][style % 4] as string;
  if (Object.is(v, -0)) return ["-0", "0", "-0.0", "0e+0"][style % 4] as string;
  return style % 2 === 0 ? String(v) : v.toExponential();
}

// ---------------------------------------------------------------- arbitraries

/** Characters that force a name to be quoted, and some that need escaping inside quotes. */
const SPECIALS = [".", " ", '"', "\\", "\n", "é", "🎉", "-", "/", "{", "}", ",", "=", "#", "ü", "\t"];
const NAME_CHARS = ["a", "z", "Q", "0", "9", "_", ":", ...SPECIALS];

/** The family name after `f<index>`: a legacy tail (`_abc`) or a UTF-8 one (`.a b`, `🎉"x`). */
function nameTailArb(colons: boolean): fc.Arbitrary<string> {
  return fc.oneof(
    fc.stringMatching(colons ? /^[a-zA-Z0-9_:]{0,8}$/ : /^[a-zA-Z0-9_]{0,8}$/).map((t) => `_${t}`),
    fc
      .tuple(fc.constantFrom(...SPECIALS), fc.string({ unit: fc.constantFrom(...NAME_CHARS.filter((c) => colons || c !== ":")), maxLength: 6 }))
      .map(([s, t]) => s + t),
  );
}

/**
 * Label names: legacy ones without colons (see the regression case for `a:b` below), and
 * UTF-8 ones (always with a character that forces quoting). Never `le`, `quantile`,
 * `__name__`, never starting with `f` (family names do).
 */
const labelNameArb: fc.Arbitrary<string> = fc.oneof(
  fc.stringMatching(/^[a-eg-zA-Z_][a-zA-Z0-9_]{0,6}$/).filter((n) => n !== "le" && n !== "quantile" && n !== "__name__"),
  fc
    .tuple(fc.stringMatching(/^[a-eg-z]{1,3}$/), fc.constantFrom(...SPECIALS), fc.string({ unit: fc.constantFrom(...NAME_CHARS), maxLength: 4 }))
    .map(([a, b, c]) => a + b + c),
);

const AWKWARD = ["", "\\", '"', "\n", "\\n", '\\"', "a\"b", "é", "🎉", "x y", "}", ",", "=", "#", "\t", "\r", "\u0000", "日本語"];
const labelValueArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...AWKWARD),
  fc.string({ unit: fc.constantFrom(...AWKWARD.filter((s) => s.length > 0), "a", "0"), maxLength: 6 }),
  fc.string({ unit: "binary", maxLength: 8 }),
);

const labelSetArb: fc.Arbitrary<Label[]> = fc
  .uniqueArray(fc.tuple(labelNameArb, labelValueArb), { selector: ([n]) => n, maxLength: 3 })
  .map((pairs) => pairs.map(([name, value]) => ({ name, value })));

/** The labels as a set, independent of order. */
function setKey(labels: Label[]): string {
  return JSON.stringify(labels.map((l) => [l.name, l.value]).sort(([a], [b]) => ((a as string) < (b as string) ? -1 : 1)));
}

const SPECIAL_FLOATS = [NaN, Infinity, -Infinity, -0, 0, 5e-324, -5e-324, 1e21, 123456789.125, 1, -1, 0.1, 1e-7, 2 ** 53, 1.7976931348623157e308];
const valueArb: fc.Arbitrary<number> = fc.oneof(fc.constantFrom(...SPECIAL_FLOATS), fc.double(), fc.integer({ min: -1e6, max: 1e6 }));

/** Text 0.0.4: int64 milliseconds, negative allowed. */
const textTimestampArb: fc.Arbitrary<number | undefined> = fc.option(
  fc.oneof(fc.integer({ min: -4e12, max: 4e12 }), fc.constantFrom(0, -0, 1, -1, 2 ** 53 - 1, -(2 ** 53 - 1), 1e15, 8.64e15)),
  { nil: undefined },
);
/** Realistic milliseconds for conversions through OpenMetrics' float seconds. */
const realisticTimestampArb: fc.Arbitrary<number | undefined> = fc.option(
  fc.oneof(fc.integer({ min: -4e12, max: 4e12 }), fc.constantFrom(0, -0, 1, -1, 999, 1001, 4e12, -4e12, 1234567890123)),
  { nil: undefined },
);
/** OpenMetrics: non-negative milliseconds (written as seconds). */
const omTimestampArb: fc.Arbitrary<number | undefined> = fc.option(
  fc.oneof(fc.integer({ min: 0, max: 4e12 }), fc.constantFrom(0, 1, 999, 1000, 1001, 4e12, 1234567890123)),
  { nil: undefined },
);

/** Exemplars: few short labels (OpenMetrics caps their code points at 128). */
const exemplarArb: fc.Arbitrary<Exemplar> = fc
  .record({
    labels: fc
      .uniqueArray(fc.tuple(labelNameArb, fc.string({ unit: fc.constantFrom("a", "é", "🎉", '"', "\\", "\n", " "), maxLength: 8 })), { selector: ([n]) => n, maxLength: 2 })
      .map((pairs) => pairs.map(([name, value]) => ({ name, value }))),
    value: valueArb,
    timestamp: omTimestampArb,
  })
  .map(({ labels, value, timestamp }) => {
    const e: Exemplar = { labels, value, valueText: String(value), offset: 0 };
    if (timestamp !== undefined) e.timestamp = timestamp;
    return e;
  });

interface ModelOptions {
  fmt: Fmt;
  timestamps: fc.Arbitrary<number | undefined>;
}

/** A family, given its index (which makes its name unique). */
type Build = (index: number) => MetricFamily;

const TEXT_TYPES: MetricType[] = ["counter", "gauge", "untyped", "histogram", "summary"];
const OM_TYPES: MetricType[] = ["counter", "gauge", "unknown", "histogram", "summary", "info", "stateset", "gaugehistogram"];
const UNITS = ["seconds", "bytes", "ratio"];

function helpArb(fmt: Fmt): fc.Arbitrary<string | undefined> {
  const text = fc.oneof(fc.string({ unit: fc.constantFrom(...AWKWARD.filter((s) => s.length > 0), "a", " ", "help"), maxLength: 8 }), fc.string({ unit: "binary", maxLength: 10 }));
  // Text 0.0.4 cannot carry an empty HELP or one with leading blanks (expfmt and promtext
  // drop `# HELP x ` and strip the blanks after the name); OpenMetrics can.
  return fc.option(fmt === "openmetrics" ? text : text.filter((h) => h !== "" && !/^[ \t]/.test(h)), { nil: undefined });
}

function familyArb(type: MetricType, o: ModelOptions): fc.Arbitrary<Build> {
  const om = o.fmt === "openmetrics";
  const unitAllowed = om && type !== "info" && type !== "stateset";
  const head = fc.record({
    // a counter whose family name ends in _total has _total_total samples: see the regression case below
    tail: nameTailArb(type !== "stateset").filter((t) => !t.endsWith("_total")),
    total: fc.boolean(),
    unit: unitAllowed ? fc.option(fc.constantFrom(...UNITS), { nil: undefined }) : fc.constant(undefined),
    help: helpArb(o.fmt),
  });
  const maybeExemplar = om ? fc.option(exemplarArb, { nil: undefined }) : fc.constant(undefined);
  const created = om && type !== "gaugehistogram" ? fc.option(fc.double({ min: 0, max: 2e9, noNaN: true }), { nil: undefined }) : fc.constant(undefined);
  const minSeries = om ? 0 : 1;
  const familyOf = (h: { tail: string; total: boolean; unit: string | undefined; help: string | undefined }, index: number, metrics: (name: string) => Metric[]): MetricFamily => {
    let name = `f${index}${h.tail}`;
    if (h.unit !== undefined) name += `_${h.unit}`;
    if (!om && type === "counter" && h.total) name += "_total";
    const family: MetricFamily = { name, type, metrics: metrics(name), offset: 0, line: 0 };
    if (h.help !== undefined) family.help = h.help;
    if (h.unit !== undefined) family.unit = h.unit;
    return family;
  };

  if (type === "histogram" || type === "gaugehistogram") {
    const series = fc.uniqueArray(
      fc.record({
        labels: labelSetArb,
        ts: o.timestamps,
        buckets: fc.uniqueArray(
          fc.record({
            bound: fc.oneof(fc.constantFrom(0, -0, 5e-324, 1e-7, 0.1, 1, -1, 1e21, 123456789.125), fc.double({ noNaN: true, noDefaultInfinity: true })),
            inc: fc.nat(100),
            exemplar: maybeExemplar,
          }),
          { selector: (b) => (b.bound === 0 ? 0 : b.bound), maxLength: 4 },
        ),
        inf: fc.record({ present: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, fc.constant(false)), inc: fc.nat(100), exemplar: maybeExemplar }),
        sum: fc.option(valueArb, { nil: undefined }),
        count: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, fc.constant(false)),
        created,
        style: fc.nat(),
        position: fc.nat(),
      }),
      { selector: (s) => setKey(s.labels), minLength: minSeries, maxLength: 3 },
    );
    return fc.record({ head, series }).map(({ head: h, series: list }) => (index) =>
      familyOf(h, index, (name) =>
        list.map((s) => {
          const samples: Sample[] = [];
          let cumulative = 0;
          for (const b of [...s.buckets].sort((x, y) => x.bound - y.bound)) {
            cumulative += b.inc;
            samples.push(sample(`${name}_bucket`, withBound(s.labels, "le", boundText(b.bound, s.style), s.position), cumulative, s.ts, b.exemplar));
          }
          cumulative += s.inf.inc;
          if (s.inf.present) samples.push(sample(`${name}_bucket`, withBound(s.labels, "le", boundText(Infinity, s.style), s.position), cumulative, s.ts, s.inf.exemplar));
          const g = type === "gaugehistogram";
          if (s.sum !== undefined) samples.push(sample(`${name}${g ? "_gsum" : "_sum"}`, s.labels, s.sum, s.ts));
          if (s.count) samples.push(sample(`${name}${g ? "_gcount" : "_count"}`, s.labels, cumulative, s.ts));
          if (s.created !== undefined) samples.push(sample(`${name}_created`, s.labels, s.created, s.ts));
          return metric(s.labels, samples);
        }),
      ),
    );
  }

  if (type === "summary") {
    const series = fc.uniqueArray(
      fc.record({
        labels: labelSetArb,
        ts: o.timestamps,
        quantiles: fc.uniqueArray(fc.record({ q: fc.oneof(fc.constantFrom(0, 0.5, 0.9, 0.99, 1, 5e-324), fc.double({ min: 0, max: 1, noNaN: true })), value: valueArb }), {
          selector: (q) => (q.q === 0 ? 0 : q.q),
          maxLength: 4,
        }),
        sum: fc.option(valueArb, { nil: undefined }),
        count: fc.option(fc.oneof(fc.nat(1000), fc.constantFrom(0, 2 ** 53)), { nil: undefined }),
        created,
        style: fc.nat(),
        position: fc.nat(),
      }),
      { selector: (s) => setKey(s.labels), minLength: minSeries, maxLength: 3 },
    );
    return fc.record({ head, series }).map(({ head: h, series: list }) => (index) =>
      familyOf(h, index, (name) =>
        list.map((s) => {
          const samples = [...s.quantiles]
            .sort((x, y) => x.q - y.q)
            .map((q) => sample(name, withBound(s.labels, "quantile", boundText(q.q, s.style), s.position), q.value, s.ts));
          if (s.sum !== undefined) samples.push(sample(`${name}_sum`, s.labels, s.sum, s.ts));
          if (s.count !== undefined) samples.push(sample(`${name}_count`, s.labels, s.count, s.ts));
          if (s.created !== undefined) samples.push(sample(`${name}_created`, s.labels, s.created, s.ts));
          return metric(s.labels, samples);
        }),
      ),
    );
  }

  if (type === "stateset") {
    // one series per state: the state is a label named after the family
    const series = fc.uniqueArray(
      fc.record({
        labels: labelSetArb,
        ts: o.timestamps,
        states: fc.uniqueArray(fc.record({ state: labelValueArb, on: fc.boolean() }), { selector: (s) => s.state, minLength: 1, maxLength: 3 }),
      }),
      { selector: (s) => setKey(s.labels), minLength: minSeries, maxLength: 2 },
    );
    return fc.record({ head, series }).map(({ head: h, series: list }) => (index) =>
      familyOf(h, index, (name) =>
        list.flatMap((s) =>
          s.states.map((st) => {
            const labels = [...s.labels, { name, value: st.state }];
            return metric(labels, [sample(name, labels, st.on ? 1 : 0, s.ts)]);
          }),
        ),
      ),
    );
  }

  // counter, gauge, untyped, unknown, info: one sample per series (plus _created)
  const series = fc.uniqueArray(
    fc.record({
      labels: labelSetArb,
      ts: o.timestamps,
      value: valueArb,
      exemplar: type === "counter" ? maybeExemplar : fc.constant(undefined),
      created: type === "counter" ? created : fc.constant(undefined),
    }),
    { selector: (s) => setKey(s.labels), minLength: minSeries, maxLength: 3 },
  );
  return fc.record({ head, series }).map(({ head: h, series: list }) => (index) =>
    familyOf(h, index, (name) =>
      list.map((s) => {
        const sampleName = om && type === "counter" ? `${name}_total` : om && type === "info" ? `${name}_info` : name;
        const samples = [sample(sampleName, s.labels, type === "info" ? 1 : s.value, s.ts, s.exemplar)];
        if (s.created !== undefined) samples.push(sample(`${name}_created`, s.labels, s.created, s.ts));
        return metric(s.labels, samples);
      }),
    ),
  );
}

function modelArb(o: ModelOptions): fc.Arbitrary<MetricFamily[]> {
  const types = o.fmt === "prometheus" ? TEXT_TYPES : OM_TYPES;
  return fc.array(fc.oneof(...types.map((t) => familyArb(t, o))), { maxLength: 4 }).map((builds) => builds.map((build, i) => build(i)));
}

const textModel = modelArb({ fmt: "prometheus", timestamps: textTimestampArb });
const textModelRealistic = modelArb({ fmt: "prometheus", timestamps: realisticTimestampArb });
const omModel = modelArb({ fmt: "openmetrics", timestamps: omTimestampArb });

// ---------------------------------------------------------------- comparison helpers

/** A number as a key: NaN equals NaN, -0 equals 0. */
function numKey(v: number): string {
  return Number.isNaN(v) ? "NaN" : v === 0 ? "0" : String(v);
}

/** An `le`/`quantile` value by what it means (the serializer rewrites it as a Go float). */
function boundKey(text: string): string {
  const t = text.toLowerCase();
  const v = /^\+?inf(inity)?$/.test(t) ? Infinity : /^-inf(inity)?$/.test(t) ? -Infinity : Number(text);
  return numKey(v);
}

function labelsKey(labels: Label[]): string[] {
  return labels.map((l) => JSON.stringify([l.name, l.name === "le" || l.name === "quantile" ? boundKey(l.value) : l.value])).sort();
}

function sampleKey(s: Sample): string {
  const e = s.exemplar;
  return JSON.stringify([
    s.name,
    labelsKey(s.labels),
    numKey(s.value),
    s.timestamp === undefined ? null : numKey(s.timestamp),
    e === undefined ? null : [labelsKey(e.labels), numKey(e.value), e.timestamp === undefined ? null : numKey(e.timestamp)],
  ]);
}

/** Every sample of the families as a sorted multiset of keys. */
function sampleKeys(families: readonly MetricFamily[]): string[] {
  return families.flatMap((f) => f.metrics.flatMap((m) => m.samples.map(sampleKey))).sort();
}

function metadata(families: readonly MetricFamily[]): unknown[] {
  return families.map((f) => [f.name, f.type, f.help ?? null, f.unit ?? null]);
}

/**
 * What prom2json's shape carries of a model: a histogram or summary always has `count` and
 * `sum` (zero when the model has none) and one timestamp per metric (the last one); buckets
 * and quantiles are those of the model.
 */
function jsonCarries(families: readonly MetricFamily[]): MetricFamily[] {
  return families.map((f) => ({
    ...f,
    metrics: f.metrics.map((m) => {
      if (f.type !== "histogram" && f.type !== "gaugehistogram" && f.type !== "summary") return m;
      let ts: number | undefined;
      for (const s of m.samples) if (s.timestamp !== undefined) ts = s.timestamp;
      const sumName = `${f.name}_sum`;
      const countName = `${f.name}_count`;
      const samples = m.samples.map((s) => sample(s.name, s.labels, s.value, ts, s.exemplar));
      if (!samples.some((s) => s.name === sumName)) samples.push(sample(sumName, m.labels, 0, ts));
      if (!samples.some((s) => s.name === countName)) samples.push(sample(countName, m.labels, 0, ts));
      return metric(m.labels, samples);
    }),
  }));
}

/**
 * A text counter not named `…_total` cannot be an OpenMetrics counter: expfmt (and promtext,
 * see openMetricsFamily in src/serialize/openmetrics.ts) writes it as `unknown` under its own
 * name, which comes back to text as `untyped`.
 */
function counterConversion(families: readonly MetricFamily[]): MetricFamily[] {
  return families.map((f) => (f.type === "counter" && !f.name.endsWith("_total") ? { ...f, type: "untyped" } : f));
}

/** prom2json keeps labels in a map (written sorted by name), so a JSON round trip sorts them. */
function sortedLabels(families: readonly MetricFamily[]): MetricFamily[] {
  const sort = (labels: Label[]) => [...labels].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return families.map((f) => ({ ...f, metrics: f.metrics.map((m) => metric(sort(m.labels), m.samples.map((s) => ({ ...s, labels: sort(s.labels) })))) }));
}

/**
 * What of an OpenMetrics model text 0.0.4 can carry through a write and a read: no family
 * without samples (expfmt drops it when reading and refuses to write it; see the regression
 * case below), no empty HELP and no blanks at the start of one (`# HELP x ` is written as
 * expfmt writes it, and both expfmt and promtext skip it and strip those blanks when reading).
 */
function textCarries(families: readonly MetricFamily[]): MetricFamily[] {
  return families
    .filter((f) => f.metrics.some((m) => m.samples.length > 0))
    .map((f) => {
      if (f.help === undefined) return f;
      const { help, ...rest } = f;
      const kept = help.replace(/^[ \t]+/, "");
      return kept === "" ? rest : { ...rest, help: kept };
    });
}

function hasNegativeTimestamp(families: readonly MetricFamily[]): boolean {
  return families.some((f) => f.metrics.some((m) => m.samples.some((s) => s.timestamp !== undefined && s.timestamp < 0)));
}

/**
 * Error-severity diagnostics for Prometheus. A negative timestamp is one in text 0.0.4
 * (Prometheus reads digits only): allowed exactly when the model has one.
 */
function errorsFor(text: string, fmt: Fmt, families: readonly MetricFamily[]): string[] {
  const negative = hasNegativeTimestamp(families);
  return parse(text, { format: fmt, target: "prometheus" })
    .diagnostics.filter((d) => d.severity === "error" && !(d.code === "negative-timestamp" && negative))
    .map((d) => `${d.code}: ${d.message}`);
}

// ---------------------------------------------------------------- 1. round trips of generated models

describe("serialize ∘ parse on generated models", () => {
  for (const [label, arb, fmt, seed] of [
    ["text 0.0.4", textModel, "prometheus", 4004],
    ["OpenMetrics", omModel, "openmetrics", 1001],
  ] as const) {
    it(`${label}: the output parses without errors for Prometheus and gives back the model's samples and metadata`, () => {
      fc.assert(
        fc.property(arb, (model) => {
          const text = serialize(model, { format: fmt }).text;
          expect(errorsFor(text, fmt, model)).toEqual([]);
          const back = parse(text, { format: fmt }).families;
          const carried = fmt === "prometheus" ? textCarries(model) : model;
          expect(metadata(back)).toEqual(metadata(carried));
          expect(sampleKeys(back)).toEqual(sampleKeys(carried));
        }),
        { seed, numRuns: RUNS },
      );
    });

    it(`${label}: serializing is idempotent in both output formats`, () => {
      fc.assert(
        fc.property(arb, (model) => {
          for (const out of ["prometheus", "openmetrics"] as const) {
            const text = serialize(model, { format: out }).text;
            expect(errorsFor(text, out, model), out).toEqual([]);
            const carried = out === "prometheus" ? textCarries(model) : model;
            expect(serialize(parse(text, { format: out }).families, { format: out }).text, out).toBe(serialize(carried, { format: out }).text);
          }
        }),
        { seed: seed + 1, numRuns: RUNS },
      );
    });
  }

  it("text 0.0.4: JSON (prom2json) → parseJson → text equals writing text directly (labels sorted as prom2json's maps are)", () => {
    fc.assert(
      fc.property(textModel, (model) => {
        const json = serialize(model, { format: "json" }).text;
        const read = parseJson(json);
        expect(read.diagnostics).toEqual([]);
        expect(serialize(read.families, { format: "prometheus" }).text).toBe(serialize(sortedLabels(jsonCarries(model)), { format: "prometheus" }).text);
      }),
      { seed: 5005, numRuns: RUNS },
    );
  });
});

// ---------------------------------------------------------------- 2. conversion

describe("text 0.0.4 → OpenMetrics → text 0.0.4", () => {
  it("keeps every sample (counters named …_total stay counters, others become unknown → untyped)", () => {
    fc.assert(
      fc.property(textModelRealistic, (model) => {
        const om = serialize(model, { format: "openmetrics" }).text;
        expect(errorsFor(om, "openmetrics", model)).toEqual([]);
        const back = parse(om, { format: "openmetrics" }).families;
        const expected = counterConversion(model);
        expect(serialize(back, { format: "prometheus" }).text).toBe(serialize(expected, { format: "prometheus" }).text);
        // and the samples themselves, read back from text
        const text = serialize(back, { format: "prometheus" }).text;
        expect(sampleKeys(parse(text, { format: "prometheus" }).families)).toEqual(sampleKeys(expected));
      }),
      { seed: 2002, numRuns: RUNS },
    );
  });

  it("timestamps survive ms → s → ms exactly for integer ms in 0 … 4e12 (samples and exemplars)", () => {
    const ms = fc.oneof(fc.integer({ min: 0, max: 4e12 }), fc.constantFrom(0, 1, 9, 10, 99, 100, 999, 1000, 1001, 4e12, 4e12 - 1, 1e12 + 1, 2 ** 41 + 1));
    fc.assert(
      fc.property(ms, ms, (a, b) => {
        const e: Exemplar = { labels: [{ name: "id", value: "x" }], value: 1, valueText: "1", offset: 0, timestamp: b };
        const model: MetricFamily[] = [
          { name: "g", type: "gauge", metrics: [metric([], [sample("g", [], 1, a)])], offset: 0, line: 0 },
          { name: "c", type: "counter", metrics: [metric([], [sample("c_total", [], 1, a, e)])], offset: 0, line: 0 },
        ];
        const read = parse(serialize(model, { format: "openmetrics" }).text, { format: "openmetrics" }).families;
        expect(read[0]?.metrics[0]?.samples[0]?.timestamp).toBe(a);
        expect(read[1]?.metrics[0]?.samples[0]?.timestamp).toBe(a);
        expect(read[1]?.metrics[0]?.samples[0]?.exemplar?.timestamp).toBe(b);
      }),
      { seed: 3003, numRuns: RUNS },
    );
  });

  it("timestamps stay exact for every integer ms up to 2^53, also beyond 2^43 s where float64 seconds are coarser than 1 ms", () => {
    // expfmt writes float64(ms)/1000, which from 2^43 s on (year ~280 000) cannot tell
    // neighbouring milliseconds apart: 8796093022208001 ms becomes "8.796093022208002e+12".
    // promtext moves the decimal point of the exact value instead.
    const ms = fc.oneof(
      fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
      fc.constantFrom(2 ** 43 * 1000, 2 ** 43 * 1000 - 1, 8796093022208001, 1e15, 1e15 + 1, 2 ** 52 + 1, Number.MAX_SAFE_INTEGER),
    );
    fc.assert(
      fc.property(ms, (a) => {
        const model: MetricFamily[] = [{ name: "g", type: "gauge", metrics: [metric([], [sample("g", [], 1, a)])], offset: 0, line: 0 }];
        const text = serialize(model, { format: "openmetrics" }).text;
        const read = parse(text, { format: "openmetrics" }).families;
        expect(read[0]?.metrics[0]?.samples[0]?.timestamp, text).toBe(a);
      }),
      { seed: 3004, numRuns: RUNS },
    );
    const drifting = [{ name: "g", type: "gauge", metrics: [metric([], [sample("g", [], 1, 8796093022208001)])], offset: 0, line: 0 }] as MetricFamily[];
    expect(serialize(drifting, { format: "openmetrics" }).text).toBe("# TYPE g gauge\ng 1.0 8.796093022208001e+12\n# EOF\n");
  });
});

// ---------------------------------------------------------------- 3. lossless

interface Decoration {
  before: string[];
  lead: string;
  afterHash: string;
  sep1: string;
  sep2: string;
  comma: boolean;
}

const decorationArb: fc.Arbitrary<Decoration> = fc.record({
  before: fc.array(
    fc.oneof(
      fc.constantFrom("", " ", "\t", " \t "),
      fc
        .tuple(fc.constantFrom("#", "# ", " # ", "\t#\t", "##"), fc.string({ unit: fc.constantFrom("a", " ", "é", "🎉", '"', "\\", "{", "#", "x", "\t"), maxLength: 10 }))
        .filter(([, t]) => !/^[ \t]*(HELP|TYPE)/i.test(t))
        .map(([h, t]) => h + t),
    ),
    { maxLength: 2 },
  ),
  lead: fc.constantFrom("", " ", "\t", "  \t"),
  afterHash: fc.constantFrom(" ", "  ", "\t", " \t"),
  sep1: fc.constantFrom(" ", "  ", "\t", " \t "),
  sep2: fc.constantFrom(" ", "  ", "\t", "\t "),
  comma: fc.boolean(),
});

/**
 * The text with blank lines and comments added, sample lines indented and their value and
 * timestamp set off by other blanks (with a trailing comma in the braces), metadata lines
 * spaced differently: all still the same text 0.0.4 exposition.
 */
function decorate(text: string, decorations: Decoration[]): string {
  const parsed = parse(text, { format: "prometheus" });
  const withTimestamp = new Map<number, boolean>();
  for (const f of parsed.families) for (const m of f.metrics) for (const s of m.samples) withTimestamp.set(s.line, s.timestampText !== undefined);
  const lines = text.split("\n");
  lines.pop();
  const out: string[] = [];
  const at = (k: number) => decorations[k % decorations.length] as Decoration;
  lines.forEach((line, k) => {
    const d = at(k);
    out.push(...d.before);
    const ts = withTimestamp.get(k + 1);
    if (ts !== undefined) {
      // value and timestamp have no blanks; the name and labels before them may
      const parts = line.split(" ");
      const timestamp = ts ? parts.pop() : undefined;
      const value = parts.pop() as string;
      let head = parts.join(" ");
      if (d.comma && head.endsWith("}")) head = `${head.slice(0, -1)},}`;
      out.push(`${d.lead}${head}${d.sep1}${value}${timestamp === undefined ? "" : d.sep2 + timestamp}`);
    } else {
      const m = /^# (HELP|TYPE) ([^]*)$/.exec(line);
      if (m === null) throw new Error(`unexpected line ${JSON.stringify(line)}`);
      let rest = m[2] as string;
      if (m[1] === "TYPE") rest = rest.replace(/ (\w+)$/, `${d.sep2}$1`);
      out.push(`${d.lead}#${d.afterHash}${m[1]}${d.sep1}${rest}`);
    }
  });
  out.push(...at(lines.length).before);
  return `${out.join("\n")}\n`;
}

function codes(text: string): string[] {
  return parse(text, { format: "prometheus" })
    .diagnostics.map((d) => d.code)
    .sort();
}

describe("lossless writing of generated text 0.0.4 payloads", () => {
  const payload = fc
    .tuple(textModel.filter((m) => m.length > 0), fc.array(decorationArb, { minLength: 1, maxLength: 12 }), fc.nat(), fc.nat())
    .map(([model, decorations, family, series]) => {
      const plain = serialize(model, { format: "prometheus" }).text;
      return { plain, input: decorate(plain, decorations), family, series };
    });

  it("reproduces the input byte for byte, and drops exactly a deleted series' lines", () => {
    fc.assert(
      fc.property(payload, ({ plain, input, family, series }) => {
        // the decorations keep the payload what it was: no new finding
        expect(codes(input)).toEqual(codes(plain));
        const parsed = parse(input, { format: "prometheus" });
        expect(serialize(parsed.families, { lossless: parsed }).text).toBe(input);

        const victimFamily = parsed.families[family % parsed.families.length] as MetricFamily;
        const victim = victimFamily.metrics[series % victimFamily.metrics.length] as Metric;
        const edited = parsed.families.map((f) => (f === victimFamily ? { ...f, metrics: f.metrics.filter((m) => m !== victim) } : f));
        const gone = new Set(victim.samples.map((s) => s.line));
        const expected = input
          .split("\n")
          .filter((_, k) => !gone.has(k + 1))
          .join("\n");
        expect(serialize(edited, { lossless: parsed }).text).toBe(expected);
      }),
      { seed: 6006, numRuns: RUNS },
    );
  });
});

// ---------------------------------------------------------------- regression cases

/**
 * Shrunk counterexamples the properties above once found, fixed since and kept as
 * regression tests: label names with a colon, counters named `…_total_total`, and a
 * family without samples written as text.
 */
describe("regressions found by the properties", () => {
  const gauge = (labels: Label[]): MetricFamily[] => [{ name: "a", type: "gauge", metrics: [metric(labels, [sample("a", labels, 1)])], offset: 0, line: 0 }];

  // Was a bug: a label name that is a legacy *metric* name with a colon (`a:b`) is written bare,
  // `a{a:b="x"} 1`, which promtext (and Prometheus) reject: invalid-label-name, an error for
  // every target. formatName() applies the metric-name rule to label names; a label name
  // must be quoted unless it matches [a-zA-Z_][a-zA-Z0-9_]*. (Stateset families named with a
  // colon hit the same bug through their state label.)
  it("writes a label name with a colon quoted", () => {
    const model = gauge([{ name: "a:b", value: "x" }]);
    for (const fmt of ["prometheus", "openmetrics"] as const) {
      const text = serialize(model, { format: fmt }).text;
      expect(errorsFor(text, fmt, model), text).toEqual([]);
      expect(sampleKeys(parse(text, { format: fmt }).families)).toEqual(sampleKeys(model));
    }
  });

  // Was a bug: a counter whose samples are `…_total_total` loses a `_total`. The text counter
  // `a_total_total` is written to OpenMetrics as expfmt writes it (family `a_total`, samples
  // `a_total_total`), but that family comes back to text as `a_total 1`, and written to
  // OpenMetrics as `# TYPE a counter` / `a_total 1.0`: textFamilyName() (src/serialize/text.ts)
  // returns a counter's name unchanged when it ends in `_total`, even when its samples are
  // named `<name>_total`.
  it("keeps the text counter a_total_total through OpenMetrics", () => {
    const text = "# TYPE a_total_total counter\na_total_total 1\n";
    const om = serialize(parse(text, { format: "prometheus" }).families, { format: "openmetrics" }).text;
    expect(om).toBe("# TYPE a_total counter\na_total_total 1.0\n# EOF\n");
    expect(serialize(parse(om, { format: "openmetrics" }).families, { format: "prometheus" }).text).toBe(text);
  });

  it("keeps the OpenMetrics counter family a_total (samples a_total_total)", () => {
    const om = "# TYPE a_total counter\na_total_total 1.0\n# EOF\n";
    expect(serialize(parse(om, { format: "openmetrics" }).families, { format: "openmetrics" }).text).toBe(om);
  });

  // MINOR: an OpenMetrics family without samples is written to text 0.0.4 as its metadata
  // alone (`# TYPE a gauge`), which every text reader drops, so writing is not idempotent;
  // expfmt's MetricFamilyToText refuses such a family ("MetricFamily has no metrics").
  // Either leave it out with a note or keep it; then this passes.
  it("writes text 0.0.4 idempotently for a family without samples", () => {
    const model = parse("# TYPE a gauge\n# EOF\n", { format: "openmetrics" }).families;
    const text = serialize(model, { format: "prometheus" }).text;
    expect(serialize(parse(text, { format: "prometheus" }).families, { format: "prometheus" }).text).toBe(text);
  });
});
