import { describe, expect, it } from "vitest";
import { detectFormat, lint, parse } from "../src/index.js";

describe("parse: the model", () => {
  it("folds histogram children into one metric per label set, labels in written order", () => {
    const r = parse(
      '# HELP h Latency.\n# TYPE h histogram\nh_bucket{path="/a",le="0.5"} 1\nh_bucket{path="/a",le="+Inf"} 2\nh_sum{path="/a"} 0.7\nh_count{path="/a"} 2\nh_bucket{le="+Inf",path="/b"} 0\nh_count{path="/b"} 0\n',
    );
    expect(r.valid).toBe(true);
    expect(r.families).toHaveLength(1);
    const [family] = r.families;
    expect(family).toMatchObject({ name: "h", type: "histogram", help: "Latency.", line: 1 });
    expect(family!.metrics.map((m) => m.labels)).toEqual([[{ name: "path", value: "/a" }], [{ name: "path", value: "/b" }]]);
    expect(family!.metrics[0]!.samples.map((s) => s.name)).toEqual(["h_bucket", "h_bucket", "h_sum", "h_count"]);
    expect(family!.metrics[1]!.samples[0]!.labels).toEqual([
      { name: "le", value: "+Inf" },
      { name: "path", value: "/b" },
    ]);
    expect(r.samples).toBe(6);
  });

  it("keeps value text, unescapes label values and HELP, reads timestamps as milliseconds", () => {
    const r = parse('# HELP m a\\\\b\\nc\nm{v="q\\"x\\\\y\\nz"} 1.50e+3 -1234\n', { target: "pushgateway" });
    const sample = r.families[0]!.metrics[0]!.samples[0]!;
    expect(r.families[0]!.help).toBe("a\\b\nc");
    expect(sample.labels[0]!.value).toBe('q"x\\y\nz');
    expect(sample).toMatchObject({ value: 1500, valueText: "1.50e+3", timestamp: -1234, timestampText: "-1234", line: 2, offset: 17 });
  });

  it("keeps every value's text as written, plain integers (which it keeps as numbers only) included", () => {
    const texts = ["0", "12", "007", "-0", "-5", "+5", "999999999999999", "1234567890123456", "1e3", "1.50", "NaN", "+Inf"];
    for (const fastPath of [true, false]) {
      const r = parse(`# TYPE a gauge\n${texts.map((t, i) => `a{i="${i}"} ${t}`).join("\n")}\n# TYPE h histogram\n${texts.map((t, i) => `h_bucket{le="${i}"} ${t}`).join("\n")}\n`, { fastPath });
      for (const family of r.families) {
        const samples = family.metrics.flatMap((m) => m.samples);
        expect(samples.map((s) => s.valueText)).toEqual(texts);
        expect(samples.map((s) => s.value)).toEqual([0, 12, 7, -0, -5, 5, 999999999999999, 1234567890123456, 1000, 1.5, NaN, Infinity]);
      }
    }
  });

  it("converts OpenMetrics timestamps from seconds exactly", () => {
    const r = parse("# TYPE a gauge\na 1 1520879607.789\na 2 1520879608.5e0\n# EOF\n");
    expect(r.format).toBe("openmetrics");
    expect(r.families[0]!.metrics[0]!.samples.map((s) => s.timestamp)).toEqual([1520879607789, 1520879608500]);
  });

  it("reads quoted UTF-8 names in samples, HELP and TYPE", () => {
    const r = parse('# TYPE "my.metric" counter\n{"my.metric","a.b"="v",c="d"} 1\n');
    expect(r.valid).toBe(true);
    expect(r.families[0]).toMatchObject({ name: "my.metric", type: "counter" });
    expect(r.families[0]!.metrics[0]!.labels).toEqual([
      { name: "a.b", value: "v" },
      { name: "c", value: "d" },
    ]);
  });

  it("reads OpenMetrics exemplars, units and counters", () => {
    const r = parse('# TYPE c counter\n# UNIT c_seconds seconds\n# TYPE c_seconds counter\nc_seconds_total 3 # {trace="x"} 0.5 1.25\nc_seconds_created 1.5\n# EOF');
    const family = r.families.find((f) => f.name === "c_seconds")!;
    expect(family.unit).toBe("seconds");
    const [total, created] = family.metrics[0]!.samples;
    expect(total!.exemplar).toMatchObject({ labels: [{ name: "trace", value: "x" }], value: 0.5, timestamp: 1250 });
    expect(created!.name).toBe("c_seconds_created");
  });

  it("detects the format from a final # EOF line", () => {
    expect(detectFormat("a 1\n# EOF\n")).toBe("openmetrics");
    expect(detectFormat("a 1\n# EOF")).toBe("openmetrics");
    expect(detectFormat("a 1\n")).toBe("prometheus");
    expect(detectFormat("# EOF\na 1\n")).toBe("prometheus");
  });
});

describe("parse: diagnostics", () => {
  it("reports every one of 50 scattered errors at its line and column, and keeps the good lines", () => {
    const lines: string[] = [];
    const expected: Array<{ line: number; column: number; code: string }> = [];
    const broken = [
      { text: 'm{a="x} 1', column: 5, code: "label-value-unterminated" },
      { text: "m 1_000", column: 3, code: "invalid-value" },
      { text: 'm{a="\\q"} 1', column: 6, code: "label-value-invalid-escape" },
      { text: "m 1 2 3", column: 7, code: "syntax-error" },
      { text: 'm{a="1",a="2"} 1', column: 9, code: "duplicate-label-name" },
    ];
    for (let i = 0; i < 200; i++) {
      if (i % 4 === 1) {
        const b = broken[expected.length % broken.length]!;
        lines.push(b.text.replace("m", `m${i}`));
        expected.push({ line: i + 1, column: b.column + String(i).length, code: b.code });
      } else {
        lines.push(`ok_${i}{n="${i}"} ${i}`);
      }
    }
    const r = parse(`${lines.join("\n")}\n`);
    expect(expected).toHaveLength(50);
    expect(r.diagnostics.map((d) => ({ line: d.line, column: d.column, code: d.code }))).toEqual(expected);
    // the 40 lines that do not parse are dropped; an unknown escape is kept as written
    expect(r.samples).toBe(160);
  });

  it("judges each problem for the target and names who rejects it", () => {
    const text = "m 1 \n";
    const strict = parse(text).diagnostics[0]!;
    const gateway = parse(text, { target: "pushgateway" }).diagnostics[0]!;
    expect(strict).toMatchObject({ code: "trailing-whitespace", severity: "warning", rejectedBy: ["promtool", "pushgateway"] });
    expect(strict.message).toContain("accepted by the specification and Prometheus, rejected by promtool and the Pushgateway");
    expect(gateway.severity).toBe("error");
    expect(parse(text, { target: "pushgateway" }).valid).toBe(false);
    expect(parse(text, { target: "promtool" }).valid).toBe(false);
    expect(parse(text, { target: "prometheus" }).valid).toBe(true);
  });

  it("tells promtool from the Pushgateway: expfmt's refusals are both's, a push's own only the gateway's", () => {
    const text = '# HELP queue_jobs Jobs waiting in the queue.\n# TYPE queue_jobs gauge\nqueue_jobs{__tenant="a"} 1 1700000000000\n';
    const verdict = (target: "promtool" | "pushgateway") => lint(text, { target }).diagnostics.map((d) => [d.code, d.rejectedBy]);
    expect(verdict("promtool")).toEqual([["label-reserved-prefix", ["pushgateway"]]]);
    expect(verdict("pushgateway")).toEqual([
      ["label-reserved-prefix", ["pushgateway"]],
      ["push-timestamp", ["pushgateway"]],
    ]);
    const quoted = parse('{"my.metric"} 1\n', { target: "promtool" }).diagnostics.find((d) => d.code === "utf8-name")!;
    expect(quoted).toMatchObject({ severity: "error", rejectedBy: ["promtool", "pushgateway"] });
  });

  it("never throws on arbitrary input", () => {
    const junk = ['{"', "#", "# TYPE", '{"a"="b"="c"}', "\u0000\uffff", "a{", "a}", "}{", "\\", "# EOF\n# EOF", "a 1 # {", "\r\n"];
    for (const a of junk) for (const b of junk) for (const format of ["prometheus", "openmetrics"] as const) {
      expect(() => parse(a + "\n" + b, { format })).not.toThrow();
    }
  });

  it("reports invalid UTF-8 in byte input", () => {
    const r = parse(Buffer.from([0x61, 0x7b, 0x62, 0x3d, 0x22, 0xff, 0x22, 0x7d, 0x20, 0x31, 0x0a]));
    expect(r.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([["invalid-utf8", 1, 6]]);
  });
});

describe("parse: series", () => {
  it("groups a series written again later, in any label order, and flags the repeat", () => {
    const r = parse('m{a="1",b="2"} 1\nm{a="2",b="1"} 2\nm{b="2",a="1"} 3\n');
    expect(r.families[0]!.metrics).toHaveLength(2);
    expect(r.families[0]!.metrics[0]!.samples.map((s) => s.valueText)).toEqual(["1", "3"]);
    expect(r.families[0]!.metrics[0]!.samples[1]!.labels).toEqual([
      { name: "b", value: "2" },
      { name: "a", value: "1" },
    ]);
    expect(r.diagnostics.map((d) => [d.code, d.line])).toEqual([["repeated-series", 3]]);
  });

  // Found by fuzzing: a summary with quantile="0" and quantile="1e-400" was valid, but every
  // consumer reads both as quantile 0 (and the serializer writes both as "0"): a repeat.
  it("compares le and quantile by value in histograms and summaries, and by text elsewhere", () => {
    const summary = parse('# TYPE a summary\na{quantile="0"} 1\na{quantile="1e-400"} 2\na{quantile=".5"} 3\na{quantile="0.50"} 4\n');
    expect(summary.diagnostics.map((d) => [d.code, d.line, d.message])).toEqual([
      ["repeated-series", 3, 'series `a` with these labels already appeared on line 2 (quantile="1e-400" is quantile="0")'],
      ["repeated-series", 5, 'series `a` with these labels already appeared on line 4 (quantile="0.50" is quantile=".5")'],
    ]);
    const histogram = parse('# TYPE h histogram\nh_bucket{le="+Inf"} 1\nh_bucket{le="Inf"} 1\n');
    expect(histogram.diagnostics.map((d) => [d.code, d.line])).toContainEqual(["repeated-series", 3]);
    const gauge = parse('# TYPE g gauge\ng{quantile="0.5"} 1\ng{quantile=".5"} 2\n');
    expect(gauge.diagnostics).toEqual([]);
  });

  it("tells a histogram's buckets apart by le alone, whatever other label comes first (promtool accepts these)", () => {
    // a `quantile` label written before `le` once made every bucket of the series one bucket
    const histogram = parse('# HELP h h\n# TYPE h histogram\nh_bucket{quantile="q",le="1"} 1\nh_bucket{quantile="q",le="+Inf"} 1\nh_count{quantile="q"} 1\nh_sum{quantile="q"} 1\n');
    expect(histogram.diagnostics).toEqual([]);
    const summary = parse('# HELP s s\n# TYPE s summary\ns{le="x",quantile="0.5"} 1\ns{le="x",quantile="0.9"} 1\ns_count{le="x"} 1\ns_sum{le="x"} 1\n');
    expect(summary.diagnostics).toEqual([]);
  });

  it("flags repeats in long series too", () => {
    const lines = Array.from({ length: 40 }, (_, i) => `m 1 ${1000 + i}`);
    lines.push("m 2 1005", "# EOF");
    const r = parse(`${lines.join("\n")}\n`);
    expect(r.diagnostics.map((d) => [d.code, d.line])).toEqual([["om-timestamp-order", 41]]);
    const text = parse("m 1 1000\nm 2 2000\n");
    expect(text.diagnostics.map((d) => [d.code, d.line, d.severity])).toEqual([["repeated-series-timestamps", 2, "warning"]]);
    // found by fuzzing: the same timestamp spelled twice is no other timestamp
    const spelled = parse("m 1 1000\nm 2 01000\n");
    expect(spelled.diagnostics.map((d) => [d.code, d.line, d.severity])).toEqual([["repeated-series", 2, "error"]]);
  });

  it("keeps a sample's labels apart from its exemplar's", () => {
    const r = parse('# TYPE h histogram\nh_bucket{a="x",le="1"} 1 # {trace="t"} 0.5\nh_bucket{a="x",le="+Inf"} 2\nh_count{a="x"} 2\nh_sum{a="x"} 1\n# EOF\n');
    expect(r.valid).toBe(true);
    const metric = r.families[0]!.metrics[0]!;
    expect(metric.labels).toEqual([{ name: "a", value: "x" }]);
    expect(metric.samples[0]!.exemplar!.labels).toEqual([{ name: "trace", value: "t" }]);
  });
});

describe("parse: messages for the mistakes a new user makes first", () => {
  const first = (text: string) => {
    const d = parse(text).diagnostics[0]!;
    return { code: d.code, line: d.line, column: d.column, message: d.message };
  };

  it("names CR LF line endings", () => {
    expect(first("m 1\r\n")).toEqual({
      code: "invalid-value",
      line: 1,
      column: 3,
      message: "`1\\r` is not a number: the line ends with CR LF (Windows line endings), and the exposition formats end lines with LF alone",
    });
    expect(parse("# TYPE m counter\r\nm 1\r\n").diagnostics.find((d) => d.code === "unknown-type")?.message).toBe('unknown metric type "counter\\r": the line ends with CR LF (Windows line endings), and the exposition formats end lines with LF alone');
  });

  it("names a byte order mark", () => {
    expect(first("\ufeffm 1\n")).toEqual({
      code: "unexpected-character",
      line: 1,
      column: 1,
      message: "the input begins with a byte order mark (U+FEFF), which Prometheus and expfmt read as part of the first name: write UTF-8 without a BOM",
    });
  });

  it("says what a label set or a label value lacks, as specifically as promtool", () => {
    // promtool: `expected label name, got "EOF"`, `expected '"' at start of label value, found "1"`
    expect(first("a{\n")).toEqual({ code: "syntax-error", line: 1, column: 3, message: "in the label set: expected a label name or `}`, found the end of the line" });
    expect(first("e{x=1} 1\n")).toEqual({ code: "unexpected-character", line: 1, column: 5, message: 'expected `"` at the start of the label value, found "1"' });
  });
});
