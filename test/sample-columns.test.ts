import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "../src/index.js";
import { sampleView, SeriesNode } from "../src/model/series-node.js";
import type { Metric, Sample } from "../src/model/types.js";

/** A sample's fields as its line writes them: the labels in their written order. */
function asWritten(line: string): { name: string; labels: [string, string][]; valueText: string; timestampText: string | undefined } {
  const m = /^([a-z_]+)\{([^}]*)\} (\S+)(?: (\S+))?$/.exec(line);
  if (m === null) throw new Error(`unexpected line ${line}`);
  const labels = [...(m[2] as string).matchAll(/([a-z]+)="([^"]*)"/g)].map((p) => [p[1], p[2]] as [string, string]);
  return { name: m[1] as string, labels, valueText: m[3] as string, timestampText: m[4] };
}

function fields(s: Sample) {
  return { name: s.name, labels: s.labels.map((l) => [l.name, l.value]), valueText: s.valueText, timestampText: s.timestampText };
}

/** Every field of every sample read through the view, by index. */
function throughView(metric: Metric) {
  const v = sampleView(metric);
  return Array.from({ length: v.sampleCount }, (_, i) => ({
    name: v.nameAt(i),
    value: v.valueAt(i),
    valueText: v.valueTextAt(i),
    offset: v.offsetAt(i),
    line: v.lineAt(i),
    timestamp: v.timestampAt(i),
    timestampText: v.timestampTextAt(i),
    exemplar: v.exemplarAt(i),
    le: v.labelAt(i, "le"),
    a: v.labelAt(i, "a"),
  }));
}

function fromSamples(samples: Sample[]) {
  const label = (s: Sample, name: string) => s.labels.find((l) => l.name === name)?.value;
  return samples.map((s) => ({ name: s.name, value: s.value, valueText: s.valueText, offset: s.offset, line: s.line, timestamp: s.timestamp, timestampText: s.timestampText, exemplar: s.exemplar, le: label(s, "le"), a: label(s, "a") }));
}

// histogram lines of a few series, in any order and label order, some with timestamps: the
// parser keeps plain samples in columns and falls back to Sample objects for the others
const sampleLine = fc
  .record({
    series: fc.integer({ min: 0, max: 2 }),
    kind: fc.constantFrom("_bucket", "_bucket", "_bucket", "_sum", "_count"),
    le: fc.constantFrom("0.1", "1", "+Inf", "1e0"),
    order: fc.integer({ min: 0, max: 5 }),
    value: fc.integer({ min: 0, max: 9 }),
    timestamp: fc.option(fc.integer({ min: 1, max: 3 }), { freq: 4 }),
  })
  .map(({ series, kind, le, order, value, timestamp }) => {
    const labels = [`a="${series}"`, `b="${series % 2}"`];
    if (kind === "_bucket") labels.splice(order % 3, 0, `le="${le}"`);
    if (order >= 3) labels.reverse();
    return `h${kind}{${labels.join(",")}} ${value}${timestamp === null ? "" : ` ${timestamp}`}`;
  });

describe("a histogram's samples kept in columns", () => {
  it("are the samples as written, read through the view and as objects, before and after they are made", () => {
    fc.assert(
      fc.property(fc.array(sampleLine, { minLength: 1, maxLength: 40 }), (lines) => {
        const text = `# TYPE h histogram\n${lines.join("\n")}\n`;
        const result = parse(text, { format: "prometheus" });
        const metrics = result.families[0]?.metrics ?? [];
        const before = metrics.map(throughView);
        for (const [k, metric] of metrics.entries()) {
          expect(metric).toBeInstanceOf(SeriesNode);
          const samples = metric.samples;
          expect(fromSamples(samples)).toEqual(before[k]);
          expect(throughView(metric)).toEqual(before[k]);
          for (const s of samples) expect(fields(s)).toEqual(asWritten(lines[s.line - 2] as string));
        }
        expect(metrics.reduce((n, m) => n + m.samples.length, 0)).toBe(lines.length);
      }),
      { numRuns: 400 },
    );
  });

  it("take samples pushed after they are made, and samples set in their place", () => {
    const result = parse('# TYPE h histogram\nh_bucket{le="1"} 1\nh_bucket{le="+Inf"} 2\nh_count 2\n', { format: "prometheus" });
    const metric = result.families[0]?.metrics[0] as Metric;
    const extra: Sample = { name: "h_sum", labels: [], value: 3, valueText: "3", offset: 0, line: 5 };
    metric.samples.push(extra);
    expect(sampleView(metric).sampleCount).toBe(4);
    expect(sampleView(metric).nameAt(3)).toBe("h_sum");
    metric.samples = [extra];
    expect(throughView(metric).map((s) => s.name)).toEqual(["h_sum"]);
    expect(JSON.parse(JSON.stringify(metric)).samples).toHaveLength(1);
  });
});
