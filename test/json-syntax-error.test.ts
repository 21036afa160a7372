import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonSyntaxError } from "../src/diagnostics/json-syntax-error.js";

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe("jsonSyntaxError", () => {
  it("names what was found and where, 1-based", () => {
    expect(jsonSyntaxError('{"status":"success",\n "data": [\n    x\n]}\n')).toBe("unexpected `x` at line 3 column 5");
    expect(jsonSyntaxError('{"a":1,}')).toBe("unexpected `}` at line 1 column 8");
    expect(jsonSyntaxError('{"a" 1}')).toBe("unexpected `1` at line 1 column 6");
    expect(jsonSyntaxError("[1] 2")).toBe("unexpected `2` at line 1 column 5");
    expect(jsonSyntaxError('["a\\q"]')).toBe("unexpected `q` at line 1 column 5");
    expect(jsonSyntaxError("[01]")).toBe("unexpected `1` at line 1 column 3");
    expect(jsonSyntaxError("[`]")).toBe('unexpected "`" at line 1 column 2');
  });

  it("says what a text that ends too early ends inside", () => {
    expect(jsonSyntaxError('{"status":"success","data":[')).toBe("it ends inside an array, at line 1 column 29");
    expect(jsonSyntaxError('{"data":[{"labels":{')).toBe("it ends inside an object, at line 1 column 21");
    expect(jsonSyntaxError('{"a":"b')).toBe("it ends inside a string, at line 1 column 8");
    expect(jsonSyntaxError("  ")).toBe("it ends before any value, at line 1 column 3");
  });

  it("finds nothing in JSON, however deep", () => {
    expect(jsonSyntaxError('{"a":[1,-2.5e+3,true,false,null,"\\u00e9\\n",{}],"b":{}}')).toBeUndefined();
    expect(jsonSyntaxError(`${"[".repeat(1_000_000)}${"]".repeat(1_000_000)}`)).toBeUndefined();
    expect(jsonSyntaxError(`${"[".repeat(1_000_000)}`)).toBe("it ends inside an array, at line 1 column 1000001");
  });

  it("agrees with JSON.parse on what is JSON", () => {
    const pieces = fc.constantFrom("{", "}", "[", "]", ",", ":", '"', "\\", "a", "1", "0", "-", ".", "e", "+", " ", "\n", "true", "null", "u", "\u0001", '"k"');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 12 }), (parts) => {
        const text = parts.join("");
        expect(jsonSyntaxError(text) === undefined).toBe(parses(text));
      }),
      { numRuns: 20_000 },
    );
    fc.assert(
      fc.property(fc.json(), fc.nat(), fc.string({ maxLength: 2 }), (json, at, insert) => {
        const text = json.slice(0, at % (json.length + 1)) + insert + json.slice(at % (json.length + 1));
        expect(jsonSyntaxError(text) === undefined).toBe(parses(text));
      }),
      { numRuns: 5_000 },
    );
  });
});
