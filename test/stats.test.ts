import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse, stats } from "../src/index.js";

const cases = join(import.meta.dirname, "../../shared/promtool-cases");
const casesAvailable = existsSync(join(cases, "observed.json"));

describe("stats", () => {
  it.skipIf(!casesAvailable)("counts series per family as promtool check metrics --extended does, with its percentages (needs ../shared/promtool-cases)", () => {
    const observed = JSON.parse(readFileSync(join(cases, "observed.json"), "utf8")) as { cases: Record<string, { rc: number; stdout: string }> };
    const text = readFileSync(join(cases, "22-extended-clean.prom"), "utf8");
    const result = stats(parse(text).families, { text });
    // promtool's table, without its header and Total line: name, cardinality, percentage
    const rows = (observed.cases["22-extended-clean.prom"] as { stdout: string }).stdout
      .trim()
      .split("\n")
      .slice(1, -1)
      .map((line) => line.trim().split(/\s+/));
    expect(result.families.map((f) => [f.name, String(f.series), `${(f.share * 100).toFixed(2)}%`])).toEqual(rows);
    expect(result.totals.series).toBe(7);
  });

  it("families by type, samples, label sets, distinct label values, and bytes from the text", () => {
    const lines = [
      "# HELP pods_ready Ready pods.\n",
      "# TYPE pods_ready gauge\n",
      'pods_ready{namespace="a",pod="web-1"} 1\n',
      'pods_ready{namespace="a",pod="web-2"} 1\n',
      'pods_ready{namespace="b",pod="db-1"} 0\n',
      "# TYPE restarts_total counter\n",
      'restarts_total{pod="web-1"} 3\n',
      "# TYPE latency_seconds histogram\n",
      'latency_seconds_bucket{le="0.5"} 1\n',
      'latency_seconds_bucket{le="+Inf"} 2\n',
      "latency_seconds_sum 0.75\n",
      "latency_seconds_count 2\n",
      "# TYPE room_celsius gauge\n",
      'room_celsius{room="Büro"} 21\n',
    ];
    const text = lines.join("");
    const bytes = (from: number, to: number) => Buffer.byteLength(lines.slice(from, to).join(""));
    const result = stats(parse(text).families, { text });
    expect(result.totals).toEqual({ families: 4, series: 9, labelSets: 6, samples: 9, bytes: Buffer.byteLength(text) });
    expect(result.types).toEqual([
      { type: "gauge", families: 2, series: 4 },
      { type: "histogram", families: 1, series: 4 },
      { type: "counter", families: 1, series: 1 },
    ]);
    expect(result.families).toEqual([
      { name: "latency_seconds", type: "histogram", series: 4, share: 4 / 9, labelSets: 1, samples: 4, bytes: bytes(7, 12) },
      { name: "pods_ready", type: "gauge", series: 3, share: 3 / 9, labelSets: 3, samples: 3, bytes: bytes(0, 5) },
      { name: "restarts_total", type: "counter", series: 1, share: 1 / 9, labelSets: 1, samples: 1, bytes: bytes(5, 7) },
      { name: "room_celsius", type: "gauge", series: 1, share: 1 / 9, labelSets: 1, samples: 1, bytes: bytes(12, 14) },
    ]);
    expect(result.labels).toEqual([
      { name: "pod", values: 3, families: 2, labelSets: 4 },
      { name: "namespace", values: 2, families: 1, labelSets: 3 },
      { name: "room", values: 1, families: 1, labelSets: 1 },
    ]);
  });

  it("without the text, no bytes; an OpenMetrics # EOF belongs to no family", () => {
    const text = "# TYPE up gauge\nup 1\n# EOF\n";
    expect(stats(parse(text).families).families[0]?.bytes).toBeUndefined();
    expect(stats(parse(text).families, { text }).totals.bytes).toBe("# TYPE up gauge\nup 1\n".length);
  });
});
