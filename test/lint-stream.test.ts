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

  it("on every fixture whose families are not split (every rule's bad and good example), in 5-byte chunks and whole", async () => {
    expect(inputs.length).toBeGreaterThan(50);
    let split = 0;
    for (const path of inputs) {
      const bytes = readFileSync(path);
      for (const target of ["strict", "prometheus", "promtool", "pushgateway"] as const) {
        const whole = lint(bytes, { target });
        // a stream judges each group of a split family's lines as it closes
        if (splitFamily(whole.diagnostics)) {
          split++;
          continue;
        }
        for (const chunks of [[bytes], chunksOf(bytes, 5)]) {
          const got = await streamed(chunks, { target });
          expect(got.diagnostics, `${path} ${target}`).toEqual([...whole.diagnostics].sort(byPlace));
          expect(got.summary.valid).toBe(whole.valid);
        }
      }
    }
    expect(split).toBeLessThanOrEqual(8);
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

/** Families large enough to be handed on in parts (1,000 series; 10,000 of a histogram or summary), with a finding of every rule that sums a family up. */
function largeFamilies(): string {
  const lines: string[] = ["# TYPE requests counter"];
  for (let i = 0; i < 2500; i++) {
    let labels = `path="/p/${i}"`;
    if (i === 1200) labels += `,__hidden="x"`;
    if (i === 1300 || i === 2350) labels += `,job="j"`;
    if (i === 1700) labels = `path=""`;
    if (i === 2200) labels += `,userId="550e8400-e29b-41d4-a716-446655440000"`;
    if (i === 2300) labels = `path="/p/5"`;
    lines.push(i === 1800 ? `requests ${i}` : `requests{${labels}} ${i}${i === 2400 || i === 100 ? " 1700000000000" : ""}`);
  }
  lines.push("# HELP temperature_celsius Temperature.", "# TYPE temperature_celsius gauge");
  for (let i = 0; i < 3000; i++) lines.push(i === 2500 ? `temperature_celsius{room="${i}",floor="2"} 1` : `temperature_celsius{room="${i}"} 1`);
  lines.push("# HELP latency_seconds Latency.", "# TYPE latency_seconds histogram");
  for (let i = 0; i < 12_000; i++) {
    lines.push(`latency_seconds_bucket{pod="${i}",le="1"} 1`, `latency_seconds_bucket{pod="${i}",le="+Inf"} 2`, `latency_seconds_sum{pod="${i}"} 3`, `latency_seconds_count{pod="${i}"} 2`);
  }
  lines.push("# HELP rpc_seconds RPC time.", "# TYPE rpc_seconds summary");
  for (let i = 0; i < 10_500; i++) lines.push(`rpc_seconds_sum{pod="${i}"} 3`, `rpc_seconds_count{pod="${i}"} 2`);
  return `${lines.join("\n")}\n`;
}

describe("lintStream on families handed on in parts", () => {
  it("finds what lint() finds, every rule judging the family as a whole", async () => {
    const bytes = Buffer.from(largeFamilies());
    for (const target of ["strict", "prometheus", "promtool", "pushgateway"] as const) {
      const whole = lint(bytes, { target });
      const stream = lintStream(chunksOf(bytes, 65_536), { target });
      const diagnostics: Diagnostic[] = [];
      let parts = 0;
      for await (const e of stream) {
        if (e.type === "diagnostic") diagnostics.push(e.diagnostic);
        else if (!e.part.first) parts++;
      }
      expect(parts).toBe(6);
      expect(diagnostics.sort(byPlace), target).toEqual([...whole.diagnostics].sort(byPlace));
      expect(stream.summary!.families).toBe(4);
    }
    const codes = new Set(lint(bytes, { target: "pushgateway" }).diagnostics.map((d) => d.code));
    for (const code of ["help-missing", "counter-total-suffix", "label-reserved-prefix", "target-label-in-payload", "label-value-empty", "label-value-unbounded", "camelcase-label-name", "repeated-series", "push-timestamp", "mixed-label-names", "histogram-few-buckets", "summary-no-quantiles", "family-cardinality"]) {
      expect(codes, code).toContain(code);
    }
  });

  it("says when a histogram series goes on in a later part, and checks its samples apart", async () => {
    const lines = ["# HELP h H.", "# TYPE h histogram"];
    for (let i = 0; i < 10_001; i++) lines.push(`h_bucket{pod="${i}",le="+Inf"} 1`, `h_count{pod="${i}"} 1`);
    lines.push(`h_sum{pod="0"} 1`);
    const got = await streamed([Buffer.from(`${lines.join("\n")}\n`)], {});
    const apart = got.diagnostics.filter((d) => d.code === "stream-series-apart");
    expect(apart).toHaveLength(1);
    expect(apart[0]!.line).toBe(lines.length);
    expect(apart[0]!.severity).toBe("info");
    expect(apart[0]!.message).toContain("goes on from line 4");
  });
});
