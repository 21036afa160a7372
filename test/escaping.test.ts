import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ESCAPING_SCHEMES,
  escapeLabelName,
  escapeName,
  isValidLegacyLabelName,
  isValidLegacyMetricName,
  isValidUtf8Name,
  unescapeName,
} from "../src/serialize/escaping.js";

const here = dirname(fileURLToPath(import.meta.url));
/** prometheus/common model/metric_test.go vectors, read in place beside the repository. */
const VECTORS_FILE = resolve(here, "../../shared/conformance/escaping/name-escaping-vectors.json");
const vectorsAvailable = existsSync(VECTORS_FILE);

interface EscapeVector {
  case: string;
  input: string;
  underscores: string;
  dots: string;
  dots_unescaped: string;
  values: string;
  source: string;
}
interface UnescapeVector {
  case: string;
  input: string;
  unescaped: string;
  source: string;
}
interface ValidityVector {
  name: string;
  legacy_valid: boolean;
  utf8_valid: boolean;
  source: string;
}
interface Vectors {
  escape_name: EscapeVector[];
  value_unescape: UnescapeVector[];
  metric_name_validity: ValidityVector[];
}

/**
 * Decodes UTF-8 bytes, turning each byte that does not start a valid sequence into the lone
 * surrogate U+DC00+byte (Python's "surrogateescape"), the JS-string analogue of an invalid byte.
 */
function decodeSurrogateEscape(bytes: Uint8Array): string {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let out = "";
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] ?? 0;
    const len = lead < 0x80 ? 1 : lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 0;
    if (len > 0 && i + len <= bytes.length) {
      try {
        out += decoder.decode(bytes.subarray(i, i + len));
        i += len;
        continue;
      } catch {
        // not a valid sequence: escape the lead byte below
      }
    }
    out += String.fromCharCode(0xdc00 + lead);
    i++;
  }
  return out;
}

/**
 * A validity vector's name. Go test strings with invalid UTF-8 cannot live in JSON; the file
 * describes them as `a\xc5z (bytes 61 C5 7A, invalid UTF-8)`, so the bytes come from that text.
 */
function vectorName(v: ValidityVector): { text: string; bytes: Uint8Array } {
  const m = /\(bytes ((?:[0-9A-Fa-f]{2} ?)+), invalid UTF-8\)$/.exec(v.name);
  if (m === null) return { text: v.name, bytes: new TextEncoder().encode(v.name) };
  const bytes = Uint8Array.from((m[1] ?? "").trim().split(/\s+/), (h) => parseInt(h, 16));
  return { text: decodeSurrogateEscape(bytes), bytes };
}

describe.skipIf(!vectorsAvailable)("name escaping vectors (../shared/conformance/escaping)", () => {
  if (!vectorsAvailable) console.log(`escaping vectors: ${VECTORS_FILE} not found, skipping`);
  const vectors: Vectors = vectorsAvailable
    ? (JSON.parse(readFileSync(VECTORS_FILE, "utf8")) as Vectors)
    : { escape_name: [], value_unescape: [], metric_name_validity: [] };

  it("matches every vector", () => {
    expect(vectors.escape_name.length).toBeGreaterThan(0);
    expect(vectors.value_unescape.length).toBeGreaterThan(0);
    expect(vectors.metric_name_validity.length).toBeGreaterThan(0);
    let checks = 0;
    for (const v of vectors.escape_name) {
      const at = `${v.case} (${v.source})`;
      // the same assertions as Go's TestEscapeName
      expect(escapeName(v.input, "underscores"), at).toBe(v.underscores);
      expect(unescapeName(v.underscores, "underscores"), at).toBe(v.underscores);
      expect(escapeName(v.input, "dots"), at).toBe(v.dots);
      expect(unescapeName(v.dots, "dots"), at).toBe(v.dots_unescaped);
      expect(escapeName(v.input, "values"), at).toBe(v.values);
      expect(unescapeName(v.values, "values"), at).toBe(v.input);
      expect(escapeName(v.input, "allow-utf-8"), at).toBe(v.input);
      expect(unescapeName(v.input, "allow-utf-8"), at).toBe(v.input);
      checks += 8;
    }
    for (const v of vectors.value_unescape) {
      expect(unescapeName(v.input, "values"), `${v.case} (${v.source})`).toBe(v.unescaped);
      checks += 1;
    }
    for (const v of vectors.metric_name_validity) {
      const { text, bytes } = vectorName(v);
      const at = `${JSON.stringify(v.name)} (${v.source})`;
      expect(isValidLegacyMetricName(text), at).toBe(v.legacy_valid);
      expect(isValidUtf8Name(text), at).toBe(v.utf8_valid);
      expect(isValidUtf8Name(bytes), at).toBe(v.utf8_valid);
      checks += 3;
    }
    const total = vectors.escape_name.length + vectors.value_unescape.length + vectors.metric_name_validity.length;
    console.log(
      `escaping vectors: ${total} checked (escape_name ${vectors.escape_name.length}, value_unescape ${vectors.value_unescape.length}, ` +
        `metric_name_validity ${vectors.metric_name_validity.length}; ${checks} assertions)`,
    );
  });

  it("reads the invalid-UTF-8 validity vector as bytes", () => {
    const v = vectors.metric_name_validity.find((x) => x.name.includes("invalid UTF-8"));
    expect(v).toBeDefined();
    if (v === undefined) return;
    const { text, bytes } = vectorName(v);
    expect([...bytes]).toEqual([0x61, 0xc5, 0x7a]);
    expect(text).toBe("a\udcc5z");
  });
});

describe("legacy and UTF-8 validity", () => {
  it("metric names allow colons, label names do not", () => {
    expect(isValidLegacyMetricName("a:b")).toBe(true);
    expect(isValidLegacyLabelName("a:b")).toBe(false);
    expect(isValidLegacyLabelName("_a1")).toBe(true);
    expect(isValidLegacyLabelName("1a")).toBe(false);
    expect(isValidLegacyLabelName("")).toBe(false);
    expect(isValidLegacyMetricName("")).toBe(false);
    expect(isValidLegacyMetricName("é")).toBe(false);
  });

  it("UTF-8 validity: non-empty, no lone surrogates; bytes must decode", () => {
    expect(isValidUtf8Name("")).toBe(false);
    expect(isValidUtf8Name("😱")).toBe(true);
    expect(isValidUtf8Name("\uFFFD")).toBe(true);
    expect(isValidUtf8Name("a\ud83d")).toBe(false);
    expect(isValidUtf8Name("\ude31a")).toBe(false);
    expect(isValidUtf8Name(new Uint8Array())).toBe(false);
    expect(isValidUtf8Name(Uint8Array.of(0xed, 0xa0, 0x80))).toBe(false); // encoded surrogate
    expect(isValidUtf8Name(Uint8Array.of(0xc0, 0xaf))).toBe(false); // overlong
    expect(isValidUtf8Name(Uint8Array.of(0xf4, 0x90, 0x80, 0x80))).toBe(false); // > U+10FFFF
    expect(isValidUtf8Name(Uint8Array.of(0xe8, 0x8a, 0xb1))).toBe(true); // 花
  });
});

// Expected values below were checked against upstream EscapeName/UnescapeName run under Go.
describe("escaping edge cases", () => {
  it("lists the four schemes", () => {
    expect(ESCAPING_SCHEMES).toEqual(["allow-utf-8", "underscores", "dots", "values"]);
  });

  it("works per code point, not per UTF-16 unit", () => {
    expect(escapeName("a😱", "underscores")).toBe("a_");
    expect(escapeName("a😱", "dots")).toBe("a__");
    expect(escapeName("a😱", "values")).toBe("U__a_1f631_");
  });

  it("escapes a leading digit", () => {
    expect(escapeName("1a", "underscores")).toBe("_a");
    expect(escapeName("1a", "dots")).toBe("__a");
    expect(escapeName("1a", "values")).toBe("U___31_a");
    expect(unescapeName("U___31_a", "values")).toBe("1a");
  });

  it("treats a lone surrogate as one invalid UTF-8 byte (Go yields U+FFFD, escaped `_fffd_`)", () => {
    expect(escapeName("a\udcc5z", "underscores")).toBe("a_z");
    expect(escapeName("a\udcc5z", "dots")).toBe("a__z");
    // Go's range loop turns an invalid byte into U+FFFD, a valid rune, so EscapeName("a\xc5z")
    // gives lowercase `_fffd_`; its `_FFFD_` branch is unreachable for strings.
    expect(escapeName("a\udcc5z", "values")).toBe("U__a_fffd_z");
    expect(unescapeName("U__a_fffd_z", "values")).toBe("a\uFFFDz");
    expect(unescapeName("U__a_FFFD_z", "values")).toBe("a\uFFFDz");
  });

  it("accepts either hex case when unescaping, emits lowercase", () => {
    expect(escapeName("a.b", "values")).toBe("U__a_2e_b");
    expect(unescapeName("U__a_2E_b", "values")).toBe("a.b");
  });

  it("returns malformed value encodings unchanged", () => {
    for (const bad of ["U___", "U__a_", "U__a_2e", "U__a_g_", "U__a_d800_", "U__a_110000_", "U__a_10ffff_", "U__a_0000041_"]) {
      expect(unescapeName(bad, "values"), bad).toBe(bad);
    }
    expect(unescapeName("U__a_00041_", "values")).toBe("aA"); // five hex digits are the most Go accepts
    expect(unescapeName("no_prefix_2e_", "values")).toBe("no_prefix_2e_");
  });

  it("ports Go quirks: six-digit codes, U__-prefixed legacy names, control characters as hex digits", () => {
    // U+100000..U+10FFFF escape to six hex digits, which UnescapeName rejects.
    expect(escapeName("a\u{10ffff}", "values")).toBe("U__a_10ffff_");
    expect(unescapeName("U__a_10ffff_", "values")).toBe("U__a_10ffff_");
    // Legacy-valid names are not escaped, but unescaped if they start with U__.
    expect(escapeName("U__x", "values")).toBe("U__x");
    expect(unescapeName("U__x", "values")).toBe("x");
    expect(unescapeName("U__", "values")).toBe("");
    // Go lowers with c | 0x20, so U+0011 counts as the digit 1.
    expect(unescapeName("U__a_\u0011_", "values")).toBe("a\u0001");
  });

  it("dots escapes legacy-valid names too, and unescapes lossily", () => {
    expect(escapeName("a_b", "dots")).toBe("a__b");
    expect(unescapeName("a_dot__dot_b", "dots")).toBe("a..b");
    expect(unescapeName("a_dot___b", "dots")).toBe("a._b");
    expect(unescapeName("a____b", "dots")).toBe("a__b");
  });

  it("leaves the empty string alone and unescapes nothing for allow-utf-8/underscores", () => {
    for (const s of ESCAPING_SCHEMES) {
      expect(escapeName("", s)).toBe("");
      expect(unescapeName("", s)).toBe("");
    }
    expect(unescapeName("U__a_2e_b", "underscores")).toBe("U__a_2e_b");
    expect(unescapeName("U__a_2e_b", "allow-utf-8")).toBe("U__a_2e_b");
    expect(escapeName("a.b", "allow-utf-8")).toBe("a.b");
  });

  it("escapeLabelName applies Go's EscapeMetricFamily rule (legacy metric-name check, colon allowed)", () => {
    expect(escapeLabelName("a:b", "underscores")).toBe("a:b");
    expect(escapeLabelName("a:b", "values")).toBe("a:b");
    expect(escapeLabelName("my_label", "dots")).toBe("my_label");
    expect(escapeLabelName("my.label", "dots")).toBe("my_dot_label");
    expect(escapeLabelName("my.label", "values")).toBe("U__my_2e_label");
    expect(escapeLabelName("my.label", "underscores")).toBe("my_label");
    expect(escapeLabelName("my.label", "allow-utf-8")).toBe("my.label");
  });
});

describe("escaping properties (fast-check, fixed seed)", () => {
  const params = { seed: 20260814, numRuns: 2000 };
  const SIX_DIGIT_START = 0x100000;

  /** Code points biased towards the characters the schemes treat specially. */
  const codePoint = (max: number): fc.Arbitrary<string> =>
    fc.oneof(
      fc.constantFrom("_", ".", ":", "U", "a", "Z", "0", "9", " ", "\u0011", "\uFFFD", "😱", "花"),
      fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCodePoint(c)),
      fc.integer({ min: 0, max: max }).filter((c) => c < 0xd800 || c > 0xdfff).map((c) => String.fromCodePoint(c)),
    );
  const validUtf8 = (max: number): fc.Arbitrary<string> =>
    fc.oneof(
      fc.array(codePoint(max), { maxLength: 16 }).map((a) => a.join("")),
      fc.array(codePoint(max), { maxLength: 16 }).map((a) => `U__${a.join("")}`),
      fc.string({ unit: "binary", maxLength: 16 }).map((s) => [...s].filter((c) => (c.codePointAt(0) ?? 0) <= max).join("")),
    );
  const withLoneSurrogates = fc.array(
    fc.oneof(codePoint(0x10ffff), fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c))),
    { minLength: 1, maxLength: 16 },
  ).map((a) => a.join(""));

  it("values: unescape(escape(x)) === x for valid UTF-8 below U+100000, except legacy-valid U__ names", () => {
    fc.assert(
      fc.property(validUtf8(SIX_DIGIT_START - 1), (x) => {
        fc.pre(!(isValidLegacyMetricName(x) && x.startsWith("U__")));
        expect(unescapeName(escapeName(x, "values"), "values")).toBe(x);
      }),
      params,
    );
  });

  it("values: over all of Unicode, round trip fails only by Go's six-hex-digit limit or a legacy-valid U__ name", () => {
    fc.assert(
      fc.property(validUtf8(0x10ffff), (x) => {
        const escaped = escapeName(x, "values");
        const back = unescapeName(escaped, "values");
        if (back === x) return;
        const sixDigits = [...x].some((c) => (c.codePointAt(0) ?? 0) >= SIX_DIGIT_START);
        const legacyPrefixed = isValidLegacyMetricName(x) && x.startsWith("U__");
        expect(sixDigits || legacyPrefixed, JSON.stringify(x)).toBe(true);
        if (sixDigits) expect(back).toBe(escaped);
      }),
      params,
    );
  });

  it("underscores, dots and values output is always legacy-valid (also with lone surrogates)", () => {
    fc.assert(
      fc.property(fc.oneof(validUtf8(0x10ffff).filter((s) => s.length > 0), withLoneSurrogates), (x) => {
        for (const scheme of ["underscores", "dots", "values"] as const) {
          expect(isValidLegacyMetricName(escapeName(x, scheme)), `${scheme} ${JSON.stringify(x)}`).toBe(true);
        }
      }),
      params,
    );
  });

  it("underscores keeps one character per code point, and legacy-valid names unchanged", () => {
    fc.assert(
      fc.property(fc.oneof(validUtf8(0x10ffff), withLoneSurrogates), (x) => {
        const escaped = escapeName(x, "underscores");
        expect(escaped.length).toBe([...x].length);
        if (isValidLegacyMetricName(x)) expect(escaped).toBe(x);
      }),
      params,
    );
  });
});
