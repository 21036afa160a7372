import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../src/diagnostics/diagnostic.js";
import { lint, lintStream } from "../src/lint/lint.js";
import type { LintOptions } from "../src/lint/lint.js";
import { conformanceAvailable, loadCases } from "./conformance/cases.js";

const byPlace = (a: Diagnostic, b: Diagnostic) => a.offset - b.offset || a.code.localeCompare(b.code) || a.message.localeCompare(b.message);

async function streamed(chunks: Uint8Array[], options: LintOptions) {
  const stream = lintStream(chunks, options);
  const diagnostics: Diagnostic[] = [];
  for await (const e of stream) if (e.type === "diagnostic") diagnostics.push(e.diagnostic);
  return { diagnostics: diagnostics.sort(byPlace), summary: stream.summary! };
}

function chunksOf(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));
}

/** Rules judge a family as a whole; where a family is split by another's lines, a stream judges each part. */
const splitFamily = (ds: Diagnostic[]) => ds.some((d) => d.code === "interleaved-family");

describe("lintStream agrees with lint()", () => {
  const inputs = files("fixtures").filter((f) => /\.(prom|om|txt)$/.test(f));

  it("on every fixture (every rule's bad and good example), in 5-byte chunks and whole", async () => {
    expect(inputs.length).toBeGreaterThan(50);
    for (const path of inputs) {
      const bytes = readFileSync(path);
      for (const target of ["strict", "prometheus", "pushgateway"] as const) {
        const whole = lint(bytes, { target });
        for (const chunks of [[bytes], chunksOf(bytes, 5)]) {
          const got = await streamed(chunks, { target });
          expect(got.diagnostics, `${path} ${target}`).toEqual([...whole.diagnostics].sort(byPlace));
          expect(got.summary.valid).toBe(whole.valid);
        }
      }
    }
  });

  it.skipIf(!conformanceAvailable)("on every conformance input whose families are not split (needs ../shared/conformance)", async () => {
    let compared = 0;
    for (const c of loadCases()) {
      const whole = lint(c.input, { target: c.target });
      if (splitFamily(whole.diagnostics)) continue;
      const got = await streamed(chunksOf(c.input, 3), { target: c.target });
      expect(got.diagnostics, c.id).toEqual([...whole.diagnostics].sort(byPlace));
      compared++;
    }
    expect(compared).toBeGreaterThan(650);
  });

  it("applies suppression comments and rule settings as lint() does", async () => {
    const text = "# promtext-disable-next-line help-missing\nfoo_total 1\nbar 2\n";
    const options = { rules: { "counter-like-name": "error" as const } };
    const whole = lint(text, options);
    const got = await streamed([Buffer.from(text)], options);
    expect(got.diagnostics).toEqual([...whole.diagnostics].sort(byPlace));
    expect(got.diagnostics.some((d) => d.code === "counter-like-name" && d.severity === "error")).toBe(true);
    expect(got.diagnostics.some((d) => d.code === "help-missing" && d.line === 2)).toBe(false);
  });
});
