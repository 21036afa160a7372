import { readdirSync, readFileSync } from "node:fs";
import { Readable } from "node:stream";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../src/diagnostics/diagnostic.js";
import type { MetricFamily } from "../src/model/types.js";
import { parse, type ParseOptions } from "../src/parser/parse.js";
import { parseStream, type ParseEvent, type StreamOptions, type StreamSource } from "../src/parser/stream.js";
import { conformanceAvailable, loadCases } from "./conformance/cases.js";

/** Splits bytes at the given cut points (sorted, deduplicated). */
function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let from = 0;
  for (const p of points) {
    out.push(bytes.subarray(from, p));
    from = p;
  }
  out.push(bytes.subarray(from));
  return out;
}

async function collect(source: StreamSource, options: StreamOptions) {
  const stream = parseStream(source, options);
  const families: MetricFamily[] = [];
  const diagnostics: Diagnostic[] = [];
  for await (const event of stream as AsyncIterable<ParseEvent>) {
    if (event.type === "family") families.push(event.family);
    else diagnostics.push(event.diagnostic);
  }
  return { families, diagnostics, summary: stream.summary! };
}

const byPlace = (a: Diagnostic, b: Diagnostic) => a.offset - b.offset || a.code.localeCompare(b.code) || a.message.localeCompare(b.message);
/** Families as plain data (metrics' lazy samples made real), for comparison. */
const plain = (families: MetricFamily[]) => JSON.parse(JSON.stringify(families)) as unknown;

/** parse() and parseStream() on the same input must agree; a split family is compared sample by sample. */
async function expectSameAsParse(input: Uint8Array, chunks: Uint8Array[], options: StreamOptions) {
  const whole = parse(input, options);
  const streamed = await collect(chunks, options);
  expect(streamed.summary.format).toBe(whole.format);
  expect([...streamed.diagnostics].sort(byPlace)).toEqual([...whole.diagnostics].sort(byPlace));
  expect(streamed.summary.valid).toBe(whole.valid);
  expect(streamed.summary.samples).toBe(whole.samples);
  expect(streamed.summary.suppressions).toEqual(whole.suppressions);
  if (whole.diagnostics.some((d) => d.code === "interleaved-family")) {
    const samples = (fs: MetricFamily[]) => fs.flatMap((f) => f.metrics.flatMap((m) => m.samples)).sort((a, b) => a.offset - b.offset);
    const names = streamed.families.map((f) => f.name);
    expect(names.filter((n, i) => names.indexOf(n) === i)).toEqual(whole.families.map((f) => f.name));
    expect(JSON.parse(JSON.stringify(samples(streamed.families)))).toEqual(JSON.parse(JSON.stringify(samples(whole.families))));
  } else {
    expect(plain(streamed.families)).toEqual(plain(whole.families));
  }
}

const cases = conformanceAvailable ? loadCases() : [];
const fixtures = ["fixtures/example.prom", ...readdirSync("fixtures/good").map((f) => `fixtures/good/${f}`)];

describe("parseStream agrees with parse()", () => {
  it.skipIf(!conformanceAvailable)("on every conformance input, whole and in chunks of 1 to 7 bytes (needs ../shared/conformance)", async () => {
    expect(cases.length).toBeGreaterThan(700);
    for (const c of cases) {
      for (const size of [c.input.length + 1, 1, 2, 3, 7]) {
        const cuts = Array.from({ length: Math.ceil(c.input.length / size) }, (_, i) => i * size);
        for (const format of ["auto", c.format] as const) {
          await expectSameAsParse(c.input, split(c.input, cuts), { format, target: c.target });
        }
      }
    }
  });

  it("on the bundled fixtures, split at random places", async () => {
    for (const path of fixtures) {
      const input = readFileSync(path);
      await fc.assert(
        fc.asyncProperty(fc.array(fc.nat(), { maxLength: 20 }), fc.constantFrom("strict", "prometheus", "promtool", "pushgateway"), async (cuts, target) => {
          await expectSameAsParse(input, split(input, cuts), { target });
        }),
        { numRuns: 30 },
      );
    }
  });

  it("reads a Node Readable, a web ReadableStream and strings, across multi-byte characters", async () => {
    const text = '# HELP é_total ünïcödé ✓ 𝄞\n# TYPE a counter\na_total{x="日本語𝄞"} 1\n';
    const bytes = new TextEncoder().encode(text);
    const expected = parse(bytes);
    const viaNode = await collect(Readable.from(split(bytes, [1, 19, 20, 21, 40, 41, 42, 43]).map((b) => Buffer.from(b))), {});
    const viaWeb = await collect(new Blob([bytes]).stream(), {});
    const viaStrings = await collect([text.slice(0, 10), text.slice(10, 30), text.slice(30)], {});
    for (const got of [viaNode, viaWeb, viaStrings]) {
      expect(plain(got.families)).toEqual(plain(expected.families));
      expect(got.diagnostics.sort(byPlace)).toEqual([...expected.diagnostics].sort(byPlace));
    }
  });

  it("reports invalid UTF-8 split between chunks where parse() does", async () => {
    const bytes = Buffer.concat([Buffer.from("a{x=\""), Buffer.from([0xe2, 0x82]), Buffer.from("\"} 1\n# HELP b \xff\xfe\n", "latin1"), Buffer.from("b 1\n")]);
    for (let cut = 0; cut <= bytes.length; cut++) await expectSameAsParse(bytes, split(bytes, [cut]), {});
  });

  it("guesses the format of a long input from its beginning and says whether the end agrees", async () => {
    const om = Buffer.from("# TYPE a unknown\na 1\n".repeat(100) + "# EOF\n");
    const guessedOm = await collect([om.subarray(0, 50), om.subarray(50)], { lookahead: 10 });
    expect(guessedOm.summary.format).toBe("openmetrics");
    expect(guessedOm.summary.formatGuessed).toEqual({ guess: "openmetrics", reason: "its beginning has an OpenMetrics-only type", endsWithEof: true });
    const text = Buffer.from("# TYPE a gauge\na 1\n# EOF\n");
    const guessedText = await collect([text.subarray(0, 5), text.subarray(5)], { lookahead: 4 });
    expect(guessedText.summary.format).toBe("prometheus");
    expect(guessedText.summary.formatGuessed?.endsWithEof).toBe(true);
    const short = await collect([om], {});
    expect(short.summary.formatGuessed).toBeUndefined();
  });
});

describe("parseStream bounds what it holds", () => {
  it("skips a line longer than maxLineLength, reports it, and keeps every later position exact", async () => {
    const long = `big{x="${"v".repeat(500)}"} 1`;
    const text = `# TYPE a gauge\na 1\n${long}\nb{ 2\nc 3\n`;
    const bytes = Buffer.from(text);
    const whole = parse(bytes);
    for (const size of [1, 7, 64, bytes.length]) {
      const cuts = Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => i * size);
      const got = await collect(split(bytes, cuts), { maxLineLength: 100 });
      const tooLong = got.diagnostics.filter((d) => d.code === "line-too-long");
      expect(tooLong).toHaveLength(1);
      expect(tooLong[0]).toMatchObject({ line: 3, column: 1, offset: text.indexOf("big"), severity: "error" });
      const rest = (ds: Diagnostic[]) => ds.filter((d) => d.line > 3).sort(byPlace);
      expect(rest(got.diagnostics)).toEqual(rest(whole.diagnostics));
      expect(got.families.map((f) => f.name)).toEqual(["a", "c"]);
      expect(got.summary.lines).toBe(5);
      expect(got.summary.valid).toBe(false);
    }
  });

  it("skips a last line that never ends", async () => {
    const got = await collect(["a 1\n", "x".repeat(60), "x".repeat(60)], { maxLineLength: 100 });
    expect(got.diagnostics.map((d) => [d.code, d.line])).toEqual([["line-too-long", 2]]);
    expect(got.summary.length).toBe(124);
  });
});

describe("an input that is no exposition at all", () => {
  it("is named: empty (info, valid) or NUL bytes only (an error), by parse() and parseStream() alike", async () => {
    const empty = parse("");
    expect(empty.valid).toBe(true);
    expect(empty.diagnostics.map((d) => [d.code, d.severity, d.message])).toEqual([["empty-input", "info", "the input is empty: no families, no samples"]]);
    const nul = new Uint8Array(1000);
    const zeros = parse(nul);
    expect(zeros.valid).toBe(false);
    expect(zeros.diagnostics.find((d) => d.code === "nul-input")?.message).toBe("the input is 1,000 NUL bytes and nothing else (a zeroed or truncated file?)");
    for (const [input, whole] of [[new Uint8Array(0), empty], [nul, zeros]] as const) {
      const streamed = await collect([input], {});
      expect(streamed.diagnostics.sort(byPlace)).toEqual([...whole.diagnostics].sort(byPlace));
    }
    expect(parse("\u0000a 1\n").diagnostics.some((d) => d.code === "nul-input")).toBe(false);
  });
});

describe("parseStream hands a family of many series on in parts", () => {
  it("of 1,000 series (10,000 of a histogram), which join into parse()'s families", async () => {
    const lines = ["# TYPE c counter"];
    for (let i = 0; i < 2_500; i++) lines.push(`c{i="${i}"} ${i}`);
    lines.push("# TYPE h histogram");
    for (let i = 0; i < 10_001; i++) lines.push(`h_bucket{i="${i}",le="+Inf"} 1`, `h_sum{i="${i}"} 1`, `h_count{i="${i}"} 1`);
    const text = `${lines.join("\n")}\n`;
    const stream = parseStream([text], { format: "prometheus" });
    const parts: Array<{ name: string; series: number; first: boolean; last: boolean }> = [];
    const joined: MetricFamily[] = [];
    for await (const event of stream) {
      if (event.type !== "family") continue;
      parts.push({ name: event.family.name, series: event.family.metrics.length, ...event.part });
      if (event.part.first) joined.push({ ...event.family, metrics: [...event.family.metrics] });
      else joined[joined.length - 1]!.metrics.push(...event.family.metrics);
    }
    expect(parts).toEqual([
      { name: "c", series: 1_000, first: true, last: false },
      { name: "c", series: 1_000, first: false, last: false },
      { name: "c", series: 500, first: false, last: true },
      { name: "h", series: 10_000, first: true, last: false },
      { name: "h", series: 1, first: false, last: true },
    ]);
    const whole = parse(text, { format: "prometheus" });
    expect(plain(joined)).toEqual(plain(whole.families));
    expect(stream.summary!.families).toBe(2);
  });
});
