/**
 * Realistic expositions in text 0.0.4 and OpenMetrics 1.0, as fast-check arbitraries: every
 * type of each format, quoted UTF-8 names, escapes in HELP, names and label values, special
 * values, timestamps (milliseconds; seconds with fractions and exponents), exemplars,
 * histograms with cumulative buckets, summaries, gauge histograms, infos and statesets.
 * Mostly valid, so that the round-trip properties have something to say.
 */
import fc from "fast-check";

type Format = "prometheus" | "openmetrics";

const LEGACY_METRIC = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LEGACY_LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

const quote = (s: string): string => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;

const textChar = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(..."abcdefxyz0189 -_./:") },
  { weight: 3, arbitrary: fc.constantFrom("\\", '"', "\n") },
  { weight: 2, arbitrary: fc.constantFrom("{", "}", ",", "=", "#", "\t", "'") },
  { weight: 2, arbitrary: fc.constantFrom("é", "ü", "日本", "😀", "\u00a0", "Ω", "\u2028") },
);
const utf8NameChar = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(..."abcxyz019_.-:") },
  { weight: 2, arbitrary: fc.constantFrom(" ", "ü", "日本", "😀", "/", "@") },
  { weight: 1, arbitrary: fc.constantFrom('"', "\\", "\n", "{", "}", "=", ",") },
);

const wordArb = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom("http_requests", "node_cpu_seconds", "go_gc_duration_seconds", "process_open_fds", "up", "a", "_x", "job:rate5m") },
  { weight: 2, arbitrary: fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,10}$/) },
);
const utf8WordArb = fc.string({ unit: utf8NameChar, minLength: 1, maxLength: 10 });

const labelNameArb = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom("job", "instance", "code", "method", "path", "cpu", "mode", "le_x", "A1", "_y", "quantiles") },
  { weight: 2, arbitrary: fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,8}$/) },
  { weight: 1, arbitrary: utf8WordArb },
).filter((n) => n !== "le" && n !== "quantile" && n !== "__name__" && n !== "");
const labelValueArb = fc.string({ unit: textChar, maxLength: 12 });
const labelSetArb = fc.uniqueArray(fc.tuple(labelNameArb, labelValueArb), { maxLength: 3, selector: (l) => l[0] });

const valueArb = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom("0", "1", "-1", "NaN", "+Inf", "-Inf", "1e+06", "1.5e-05", "0.1", "123456789", "9007199254740993", "-0", "1.7976931348623157e+308", "5e-324", ".5", "5.", "1E6") },
  { weight: 3, arbitrary: fc.integer({ min: -1000, max: 1_000_000 }).map(String) },
  { weight: 2, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }).map(String) },
);
const countArb = fc.oneof(fc.nat(1000), fc.constantFrom(0, 1, 17, 1_000_000, 2 ** 53));

const msArb = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 1_500_000_000_000, max: 1_800_000_000_000 }).map(String) },
  { weight: 2, arbitrary: fc.integer({ min: -2_000_000_000_000, max: 2_000_000_000_000 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom("0", "-1", "9007199254740993", "9223372036854775807", "-9223372036854775808") },
);
const secondsArb = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(fc.integer({ min: 1_500_000_000, max: 1_800_000_000 }), fc.integer({ min: 0, max: 999_999_999 }), fc.nat(9)).map(([s, f, d]) => (d === 0 ? String(s) : `${s}.${String(f).padStart(9, "0").slice(0, d)}`)) },
  { weight: 2, arbitrary: fc.double({ min: -1e12, max: 1e12, noNaN: true }).map(String) },
  { weight: 2, arbitrary: fc.constantFrom("0", "0.0", "-1.5", "1.520872607123e+09", "1.5e9", "567890.12389", "123456789567890.1234567890", "0.0000000001", "1e307", "1e-400", "8.796093022208001e+12", "9.007199254740993e+12") },
);

interface Ctx {
  format: Format;
  index: number;
}

/** `name{labels}` or `{"name",labels}` (quoted UTF-8 names inside the braces). */
function head(name: string, labels: readonly (readonly [string, string])[], quoteName: boolean): string {
  const pairs = labels.map(([n, v]) => `${LEGACY_LABEL.test(n) ? n : quote(n)}=${quote(v)}`);
  if (!quoteName && LEGACY_METRIC.test(name)) return pairs.length === 0 ? name : `${name}{${pairs.join(",")}}`;
  return `{${[quote(name), ...pairs].join(",")}}`;
}

const metaName = (name: string): string => (LEGACY_METRIC.test(name) ? name : quote(name));

const helpArb = (format: Format) =>
  fc.string({ unit: textChar, maxLength: 24 }).map((h) => {
    const escaped = h.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
    return format === "openmetrics" ? escaped.replace(/"/g, '\\"') : escaped;
  });

const seriesArb = fc.record({
  labels: labelSetArb,
  value: valueArb,
  timestamp: fc.option(fc.constant(true), { freq: 3, nil: undefined }),
  ms: msArb,
  seconds: secondsArb,
  exemplar: fc.option(fc.tuple(labelSetArb, valueArb, fc.option(secondsArb, { nil: undefined })), { freq: 3, nil: undefined }),
  bounds: fc.subarray([-1, 0, 0.005, 0.1, 0.5, 1, 2.5, 10, 1e6]),
  increments: fc.array(countArb, { minLength: 10, maxLength: 10 }),
  quantiles: fc.subarray([0, 0.05, 0.5, 0.9, 0.99, 1]),
  quantileValues: fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 6, maxLength: 6 }),
  sum: fc.double({ min: 0, max: 1e9, noNaN: true }),
  created: fc.boolean(),
  withSumCount: fc.constantFrom(true, true, true, false),
  state: fc.nat(),
});

const familyArb = (format: Format) =>
  fc.record({
    word: fc.oneof({ weight: 6, arbitrary: wordArb }, { weight: 1, arbitrary: utf8WordArb }),
    quoteName: fc.constantFrom(false, false, false, true),
    type: format === "openmetrics"
      ? fc.constantFrom("counter", "counter", "gauge", "histogram", "histogram", "gaugehistogram", "summary", "info", "stateset", "unknown", "none")
      : fc.constantFrom("counter", "counter", "gauge", "histogram", "histogram", "summary", "untyped", "none"),
    help: fc.option(helpArb(format), { freq: 2, nil: undefined }),
    unit: fc.option(fc.constantFrom("seconds", "bytes"), { freq: 4, nil: undefined }),
    total: fc.boolean(),
    series: fc.array(seriesArb, { minLength: 1, maxLength: 3 }),
  });

type FamilySpec = typeof familyArb extends (f: Format) => fc.Arbitrary<infer T> ? T : never;
type SeriesSpec = FamilySpec["series"][number];

const float = (v: number): string => (v === Infinity ? "+Inf" : String(v));

function familyLines(spec: FamilySpec, ctx: Ctx): string[] {
  const om = ctx.format === "openmetrics";
  let base = `${spec.word}_${ctx.index}`;
  if (om && spec.unit !== undefined && spec.type !== "info" && spec.type !== "stateset") base = `${base}_${spec.unit}`;
  const counterName = om ? base : spec.total ? `${base}_total` : base;
  const familyName = spec.type === "counter" ? counterName : base;
  const lines: string[] = [];
  if (spec.help !== undefined) lines.push(`# HELP ${metaName(familyName)} ${spec.help}`);
  if (spec.type !== "none") lines.push(`# TYPE ${metaName(familyName)} ${spec.type}`);
  if (om && spec.unit !== undefined && base.endsWith(`_${spec.unit}`)) lines.push(`# UNIT ${metaName(familyName)} ${spec.unit}`);
  const seen = new Set<string>();
  for (const s of spec.series) {
    const key = JSON.stringify([...s.labels].sort());
    if (seen.has(key)) continue;
    seen.add(key);
    lines.push(...seriesLines(spec, s, familyName, ctx));
  }
  return lines;
}

function seriesLines(spec: FamilySpec, s: SeriesSpec, name: string, ctx: Ctx): string[] {
  const om = ctx.format === "openmetrics";
  const ts = s.timestamp === undefined ? "" : ` ${om ? s.seconds : s.ms}`;
  const line = (sampleName: string, extra: [string, string][], value: string, exemplar = false) => {
    let text = `${head(sampleName, [...s.labels, ...extra], spec.quoteName)} ${value}${ts}`;
    if (exemplar && om && s.exemplar !== undefined) {
      const [labels, v, t] = s.exemplar;
      text += ` # {${labels.map(([n, val]) => `${LEGACY_LABEL.test(n) ? n : quote(n)}=${quote(val)}`).join(",")}} ${v}${t === undefined ? "" : ` ${t}`}`;
    }
    return text;
  };
  const created = om && s.created ? [line(`${name}_created`, [], "1.7e9")] : [];
  switch (spec.type) {
    case "counter": {
      const value = String(Math.abs(Number(s.value)) || 0);
      return om ? [line(`${name}_total`, [], value, true), ...created] : [line(name, [], s.value)];
    }
    case "histogram":
    case "gaugehistogram": {
      const gauge = spec.type === "gaugehistogram";
      const out: string[] = [];
      let total = 0;
      s.bounds.forEach((b, i) => {
        total += s.increments[i] ?? 0;
        out.push(line(`${name}_bucket`, [["le", om ? String(Number.isInteger(b) ? `${b}.0` : b) : float(b)]], String(total), true));
      });
      total += s.increments[9] ?? 0;
      out.push(line(`${name}_bucket`, [["le", "+Inf"]], String(total), true));
      const negative = s.bounds.some((b) => b < 0);
      if (s.withSumCount && !(om && negative && !gauge)) {
        out.push(line(`${name}${gauge && om ? "_gsum" : "_sum"}`, [], String(s.sum)));
        out.push(line(`${name}${gauge && om ? "_gcount" : "_count"}`, [], String(total)));
      }
      return gauge ? out : [...out, ...created];
    }
    case "summary": {
      const out = s.quantiles.map((q, i) => line(name, [["quantile", String(q)]], String(s.quantileValues[i] ?? 0)));
      if (s.withSumCount || out.length === 0) out.push(line(`${name}_sum`, [], String(s.sum)), line(`${name}_count`, [], String(s.increments[0] ?? 0)));
      return [...out, ...created];
    }
    case "info":
      return [line(`${name}_info`, [], "1")];
    case "stateset": {
      const states = ["a", "b", "c"].slice(0, 1 + (s.state % 3));
      return states.map((st, i) => line(name, [[name.replace(/[^a-zA-Z0-9_]/g, "_").replace(/^[0-9]/, "_"), st]], i === s.state % states.length ? "1" : "0"));
    }
    default:
      return [line(name, [], s.value)];
  }
}

/** A whole exposition in one format. */
export function expositionArb(format: Format): fc.Arbitrary<string> {
  return fc.array(familyArb(format), { minLength: 1, maxLength: 5 }).map((specs) => {
    const lines = specs.flatMap((spec, index) => familyLines(spec, { format, index }));
    return format === "openmetrics" ? `${lines.join("\n")}\n# EOF\n` : `${lines.join("\n")}\n`;
  });
}

/** Expositions of both formats, half each. */
export const anyExpositionArb: fc.Arbitrary<string> = fc.oneof(expositionArb("prometheus"), expositionArb("openmetrics"));
