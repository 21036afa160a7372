import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readLineFast } from "../src/parser/fast-path.js";
import { readLineWithGrammar } from "../src/parser/grammar.js";
import { LineRecord } from "../src/parser/line-record.js";
import { parse } from "../src/index.js";
import { conformanceAvailable, loadCases } from "./conformance/cases.js";

/** Both readers on one line: the fast path's record, or undefined when it declined. */
function readBoth(line: string): { fast: Record<string, unknown> | undefined; grammar: Record<string, unknown> | string } {
  const fastRec = new LineRecord();
  fastRec.reset(0, line.length);
  const fast = readLineFast(line, 0, line.length, fastRec) ? fastRec.snapshot() : undefined;
  const grammarRec = new LineRecord();
  grammarRec.reset(0, line.length);
  const error = readLineWithGrammar(line, 0, grammarRec);
  return { fast, grammar: error ? error.message : grammarRec.snapshot() };
}

/** A fast path that reuses one record for every line, as LineReader does: `read` gives a line's record, or undefined when the fast path declined. */
function oneRecord(): { record: LineRecord; read(line: string): Record<string, unknown> | undefined } {
  const record = new LineRecord();
  return {
    record,
    read(line) {
      record.reset(0, line.length);
      return readLineFast(line, 0, line.length, record) ? record.snapshot() : undefined;
    },
  };
}

const nameChar = fc.constantFrom(..."abcXYZ_:019".split(""));
const metricName = fc.tuple(fc.constantFrom("a", "http_requests_total", "X", "_", ":", "node:cpu"), fc.array(nameChar, { maxLength: 4 })).map(([a, b]) => a + b.join(""));
const labelName = fc.constantFrom("le", "code", "path", "a_b", "__name__", "x:y", "Z9");
const labelValue = fc.array(fc.constantFrom("a", " ", "\\\\", '\\"', "\\n", "\\t", "#", "}", "{", ",", "=", "é", "🙂", "\t"), { maxLength: 6 }).map((p) => p.join(""));
const value = fc.constantFrom("1", "-3.5", "1e+06", "NaN", "+Inf", "-Inf", "0x1", "1_2", ".5", "5.", "true", "#1", "{}", "{a=\"b\"}");
const timestamp = fc.constantFrom("1395066363000", "-1", "1.5", "12a", "#", "+7");
const space = fc.constantFrom(" ", " ", " ", "  ", "\t", "");
const labels = fc.array(fc.tuple(labelName, labelValue), { maxLength: 4 }).map((pairs) => pairs.map(([n, v]) => `${n}="${v}"`));

/** Sample and metadata lines, mostly well-formed, with the spacing and punctuation varied. */
const line = fc.oneof(
  fc
    .record({ name: metricName, labels, braces: fc.boolean(), trailingComma: fc.boolean(), s1: space, s2: space, v: value, ts: fc.option(timestamp), tail: fc.constantFrom("", "", " ", " # {a=\"b\"} 1") })
    .map(({ name, labels, braces, trailingComma, s1, s2, v, ts, tail }) => {
      const set = braces || labels.length > 0 ? `{${labels.join(",")}${trailingComma && labels.length > 0 ? "," : ""}}` : "";
      return `${name}${set}${s1}${v}${ts === null ? "" : `${s2}${ts}`}${tail}`;
    }),
  fc
    .record({ kw: fc.constantFrom("HELP", "TYPE", "UNIT", "EOF", "HELPX", "help"), s: space, name: fc.oneof(metricName, fc.constant('"a.b"'), fc.constant("")), text: fc.constantFrom("", " ", " counter", " some help \\n text", "\tx", "  two") })
    .map(({ kw, s, name, text }) => `#${s}${kw}${name === "" ? "" : ` ${name}`}${text}`),
  fc.constantFrom("", "# just a comment", "#", "   ", "{\"a.b\"} 1", "a{} 1"),
);

describe("fast path", () => {
  it("reads every line it accepts exactly as the grammar does", () => {
    let accepted = 0;
    fc.assert(
      fc.property(line, (text) => {
        const { fast, grammar } = readBoth(text);
        if (fast === undefined) return;
        accepted++;
        expect(fast).toEqual(grammar);
      }),
      { numRuns: 5000, seed: 20261125 },
    );
    expect(accepted).toBeGreaterThan(500);
  });

  it("reads a line the same after any lines before it (one record is reused for every line)", () => {
    // the fast path remembers the names of the line before (LineRecord.knownName); lines that
    // share a name or its first characters must still read exactly as the grammar reads them
    let accepted = 0;
    fc.assert(
      fc.property(fc.array(line, { minLength: 2, maxLength: 8 }), (lines) => {
        const { read } = oneRecord();
        for (const text of lines) {
          const fast = read(text);
          if (fast === undefined) continue;
          accepted++;
          expect(fast).toEqual(readBoth(text).grammar);
        }
      }),
      { numRuns: 3000, seed: 20261203 },
    );
    expect(accepted).toBeGreaterThan(2000);
  });

  it("reads lines that share all but the end of their label sets as the grammar does", () => {
    // the fast path takes a line's labels but the last from the line before when the text up to
    // the last label's value is the same (LineRecord.knownPrefix)
    const plainName = fc.constantFrom("le", "code", "path", "a_b", "Z9", "l", "lee");
    const plainValue = fc.oneof(labelValue, fc.constantFrom("x", "200", "/api/v1", "0.5", "+Inf"));
    const variant = fc.record({
      lastValue: fc.option(plainValue),
      extra: fc.oneof(fc.constant([]), fc.array(fc.tuple(fc.oneof(plainName, labelName), plainValue), { maxLength: 2 })),
      shape: fc.constantFrom("whole", "whole", "whole", "whole", "no closing brace", "without the last label"),
      rest: fc.constantFrom(" 1", " 1", " 1", " 1", " 1", " 2 1395066363000", " 2 1395066363000", ' -3.5} 1', " 1\t", ",} 1", "", ' 1 # {a="b"} 1', '"} 1', 'x"} 1'),
    });
    let acceptedAfterPrefix = 0;
    fc.assert(
      fc.property(metricName, fc.array(fc.tuple(fc.oneof(plainName, labelName), plainValue), { minLength: 1, maxLength: 4 }), fc.array(variant, { minLength: 2, maxLength: 6 }), (name, base, variants) => {
        const { record, read } = oneRecord();
        const lines = variants.map(({ lastValue, extra, shape, rest }) => {
          const kept = shape === "without the last label" && base.length > 1 ? base.slice(0, -1) : base;
          const pairs = kept.map(([n, v], i) => [n, i === kept.length - 1 && lastValue !== null ? lastValue : v]);
          const set = [...pairs, ...extra].map(([n, v]) => `${n}="${v}"`).join(",");
          return shape === "no closing brace" ? `${name}{${set}${rest}` : `${name}{${set}}${rest}`;
        });
        for (const text of lines) {
          const known = record.knownPrefix !== "" && text.startsWith(record.knownPrefix);
          const fast = read(text);
          if (fast === undefined) continue;
          if (known) acceptedAfterPrefix++;
          expect(fast).toEqual(readBoth(text).grammar);
        }
      }),
      { numRuns: 3000, seed: 20261203 },
    );
    expect(acceptedAfterPrefix).toBeGreaterThan(1000);
  });

  it("does not take a longer name for a name it knows", () => {
    const { read } = oneRecord();
    read('a{le="1"} 1');
    expect(read('a:b{le="1"} 1')).toMatchObject({ name: "a:b" });
    expect(read('ab{lex="1"} 1')).toMatchObject({ name: "ab", labels: [["lex", 3, false, "1", 7]] });
    expect(read('a{l:e="1"} 1')).toBeUndefined();
    expect(read('a{le="1"} 1')).toMatchObject({ name: "a", labels: [["le", 2, false, "1", 5]] });
  });

  it.each([
    'http_requests_total{method="post",code="200"} 1027 1395066363000',
    "# HELP http_requests_total The total number of HTTP requests.",
    "# TYPE http_requests_total counter",
    "# EOF",
    'a{b="x\\"y\\\\z\\n"} -Inf',
    "",
  ])("takes the common line %j", (text) => {
    const { fast, grammar } = readBoth(text);
    expect(fast).toBeDefined();
    expect(fast).toEqual(grammar);
  });

  it.each(['a{b="c",} 1', "a  1", "a\t1", 'a{b="c"} 1 # {x="y"} 2', '{"a.b"} 1', "# HELP", "a 1 ", '# HELP "a.b" x'])(
    "leaves the unusual line %j to the grammar",
    (text) => {
      expect(readBoth(text).fast).toBeUndefined();
    },
  );

  it.skipIf(!conformanceAvailable)("gives the same families and diagnostics as the grammar alone on every conformance input", () => {
    for (const c of loadCases()) {
      const fast = parse(c.input, { format: c.format, target: c.target });
      const slow = parse(c.input, { format: c.format, target: c.target, fastPath: false });
      expect(fast.families, c.id).toEqual(slow.families);
      expect(fast.diagnostics, c.id).toEqual(slow.diagnostics);
    }
  });
});
