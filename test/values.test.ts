import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseFloatGo } from "../src/parser/values.js";

describe("parseFloatGo", () => {
  // decimal floats round correctly in both Go's strconv.ParseFloat and JavaScript's Number
  const decimal = fc
    .record({
      sign: fc.constantFrom("", "+", "-"),
      whole: fc.stringMatching(/^[0-9]{0,20}$/),
      fraction: fc.option(fc.stringMatching(/^[0-9]{0,6}$/)),
      exponent: fc.option(fc.integer({ min: -400, max: 400 })),
    })
    .map(({ sign, whole, fraction, exponent }) => `${sign}${whole}${fraction === null ? "" : `.${fraction}`}${exponent === null ? "" : `e${exponent}`}`);

  it("reads decimals as Number does, integers of every length included", () => {
    fc.assert(
      fc.property(decimal, (text) => {
        const digits = text.replace(/e.*$/, "").replace(/[^0-9]/g, "");
        const expected = digits === "" ? "syntax" : Number.isFinite(Number(text)) ? Number(text) : "range";
        expect(parseFloatGo(text)).toBe(expected);
      }),
      { numRuns: 5000 },
    );
  });

  it("reads decimals of at most 15 digits (its exact quotient path) as Number does, to the last bit", () => {
    const short = fc
      .tuple(fc.constantFrom("", "+", "-"), fc.stringMatching(/^[0-9]{0,15}$/), fc.stringMatching(/^[0-9]{0,15}$/))
      .filter(([, whole, fraction]) => whole.length + fraction.length <= 15 && whole.length + fraction.length > 0)
      .map(([sign, whole, fraction]) => `${sign}${whole}.${fraction}`);
    fc.assert(
      fc.property(short, (text) => {
        expect(Object.is(parseFloatGo(text), Number(text))).toBe(true);
      }),
      { numRuns: 20000 },
    );
    for (const text of ["0.1", "0.3", "-0.0", "+0.000", "1.", ".5", "+.5", "-.5", "4.35", "9.99999999999999", "0.000000000000001", "123456789012.345", "999999999999999.", "710032.04"]) {
      expect(Object.is(parseFloatGo(text), Number(text)), text).toBe(true);
    }
    for (const text of [".", "-.", "+."]) expect(parseFloatGo(text)).toBe("syntax");
  });

  it("keeps the sign of zero and the exact value at the 15- and 16-digit edges", () => {
    for (const text of ["-0", "+0", "0", "-000", "007", "999999999999999", "9999999999999999", "9007199254740993", "-123456789012345", "18446744073709551615"]) {
      expect(Object.is(parseFloatGo(text), Number(text))).toBe(true);
    }
  });
});
