import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { aggregate } from "../src/merge/aggregate.js";
import { parse, serialize } from "../src/index.js";

function merged(...texts: string[]): { text: string; notes: string[] } {
  const r = aggregate(texts.map((t) => parse(t).families));
  return { text: serialize(r.families, { format: "prometheus" }).text, notes: r.notes.map((n) => `${n.family}: ${n.severity}: ${n.message}`) };
}

describe("merge --mode aggregate (prom-aggregation-gateway's semantics)", () => {
  it("adds counters, gauges and untyped series per label set, whatever the label order", () => {
    const r = merged('# TYPE c_total counter\nc_total{a="1",b="2"} 3\nc_total{a="2",b="2"} 1\n', '# TYPE c_total counter\nc_total{b="2",a="1"} 4\n', "u 1\n");
    expect(r.text).toBe('# TYPE c_total counter\nc_total{a="1",b="2"} 7\nc_total{a="2",b="2"} 1\n# TYPE u untyped\nu 1\n');
  });

  it("adds histograms on the union of their bounds, each giving its count at its own highest bound below", () => {
    const a = '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="5"} 4\nh_bucket{le="+Inf"} 5\nh_sum 10\nh_count 5\n';
    const b = '# TYPE h histogram\nh_bucket{le="2"} 1\nh_bucket{le="+Inf"} 3\nh_sum 4\nh_count 3\n';
    expect(merged(a, b).text).toBe('# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="2"} 3\nh_bucket{le="5"} 5\nh_bucket{le="+Inf"} 8\nh_sum 14\nh_count 8\n');
  });

  it("keeps summaries as _sum and _count, says the quantiles were dropped", () => {
    const s = '# TYPE s summary\ns{quantile="0.5"} 1\ns_sum 3\ns_count 2\n';
    const r = merged(s, s);
    expect(r.text).toBe('# TYPE s summary\ns_sum 6\ns_count 4\n');
    expect(r.notes).toEqual(["s: info: quantiles dropped: summaries are kept as _sum and _count only"]);
  });

  it("leaves out a family whose type differs, as an error, and notes gauges being added", () => {
    const r = merged("# TYPE x gauge\nx 1\n", "# TYPE x counter\nx 2\n", "# TYPE g gauge\ng 1\n", "# TYPE g gauge\ng 2\n");
    expect(r.text).toBe("# TYPE g gauge\ng 3\n");
    expect(r.notes).toEqual(["x: error: left out: its type differs between payloads (gauge, counter)", "g: info: gauges were added up (which may not make sense for this one)"]);
  });
});

describe("merge --mode pushgateway (built CLI)", () => {
  const cli = new URL("../dist/cli/promtext.cjs", import.meta.url).pathname;
  const run = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: "utf8" });

  it.skipIf(!existsSync(cli))("PUTs each payload into its group and prints what /metrics exposes, or the refusal", () => {
    const dir = mkdtempSync(join(tmpdir(), "promtext-merge-"));
    writeFileSync(join(dir, "1.prom"), "# HELP a A.\n# TYPE a gauge\na 1\n");
    writeFileSync(join(dir, "2.prom"), "# HELP a A.\n# TYPE a gauge\na 2\n");
    writeFileSync(join(dir, "3.prom"), "# TYPE a counter\na 2\n");
    const ok = run(["merge", "--mode", "pushgateway", `/metrics/job/x/instance/1=${join(dir, "1.prom")}`, `/metrics/job/x/instance/2=${join(dir, "2.prom")}`]);
    expect(ok.status).toBe(0);
    expect(ok.stdout.split("\n").slice(0, 4)).toEqual(["# HELP a A.", "# TYPE a gauge", 'a{instance="1",job="x"} 1', 'a{instance="2",job="x"} 2']);
    const refused = run(["merge", "--mode", "pushgateway", `/metrics/job/x=${join(dir, "1.prom")}`, `/metrics/job/y=${join(dir, "3.prom")}`]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("would be refused: HTTP 400 (type-conflict)");
    expect(run(["merge", "--mode", "pushgateway", join(dir, "1.prom")]).status).toBe(2);
  });
});
