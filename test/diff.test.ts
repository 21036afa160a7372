import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diff, parse, type ChangeSet, type DiffOptions, type FamilyDiff } from "../src/index.js";

/**
 * The before/after pairs of fixtures/diff/, each with the change set written out by hand from
 * what the two files hold (not produced by diff()).
 */

const dir = join(import.meta.dirname, "../fixtures/diff");

function read(path: string) {
  const result = parse(readFileSync(join(dir, path)), { target: "prometheus" });
  expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return result;
}

function diffFiles(before: string, after: string, options: DiffOptions = {}): ChangeSet {
  const a = read(before);
  const b = read(after);
  return diff(a.families, b.families, { formats: { before: a.format, after: b.format }, ...options });
}

const none = { added: [], removed: [], labels: [] };

function addedFamily(name: string, type: FamilyDiff["type"], series: number): FamilyDiff {
  return { name, change: "added", type, metadata: [], series: { before: 0, after: series, cardinality: { before: 0, after: series }, ...none }, values: [] };
}

function removedFamily(name: string, type: FamilyDiff["type"], series: number): FamilyDiff {
  return { name, change: "removed", type, metadata: [], series: { before: series, after: 0, cardinality: { before: series, after: 0 }, ...none }, values: [] };
}

function unchangedSeries(n: number, cardinality = n) {
  return { before: n, after: n, cardinality: { before: cardinality, after: cardinality }, ...none };
}

const SUMMARY_ZERO = {
  familiesAdded: 0,
  familiesRemoved: 0,
  familiesChanged: 0,
  metadataChanges: 0,
  seriesAdded: 0,
  seriesRemoved: 0,
  layoutChanges: 0,
  valueChanges: 0,
  resets: 0,
  reorders: 0,
};

describe("diff: an exporter upgrade that renames metrics (node_exporter 0.15.2 → 0.16.0)", () => {
  const oldBuild = { branch: "HEAD", goversion: "go1.9.2", revision: "98bc64930d34878b84a0f87dfe6e1a6da61e532d", version: "0.15.2" };
  const newBuild = { branch: "HEAD", goversion: "go1.9.6", revision: "d42bd70f4363dced6b77d8fc311ea57b63387e4f", version: "0.16.0" };
  const expected: ChangeSet = {
    equal: false,
    summary: { ...SUMMARY_ZERO, familiesAdded: 4, familiesRemoved: 4, familiesChanged: 2, seriesAdded: 8, seriesRemoved: 8, valueChanges: 1, series: { before: 10, after: 10 }, cardinality: { before: 10, after: 10 } },
    families: [
      removedFamily("node_cpu", "counter", 4),
      addedFamily("node_cpu_seconds_total", "counter", 4),
      {
        name: "node_exporter_build_info",
        change: "changed",
        type: "gauge",
        metadata: [],
        series: {
          before: 1,
          after: 1,
          cardinality: { before: 1, after: 1 },
          added: [newBuild],
          removed: [oldBuild],
          labels: [
            { name: "goversion", before: 1, after: 1, added: ["go1.9.6"], removed: ["go1.9.2"] },
            { name: "revision", before: 1, after: 1, added: ["d42bd70f4363dced6b77d8fc311ea57b63387e4f"], removed: ["98bc64930d34878b84a0f87dfe6e1a6da61e532d"] },
            { name: "version", before: 1, after: 1, added: ["0.16.0"], removed: ["0.15.2"] },
          ],
        },
        values: [],
      },
      removedFamily("node_filesystem_free", "gauge", 1),
      addedFamily("node_filesystem_free_bytes", "gauge", 1),
      { name: "node_load1", change: "changed", type: "gauge", metadata: [], series: unchangedSeries(1), values: [{ labels: {}, sample: "value", before: 0.25, after: 0.5, delta: 0.25 }] },
      removedFamily("node_memory_MemFree", "gauge", 1),
      addedFamily("node_memory_MemFree_bytes", "gauge", 1),
      removedFamily("node_memory_MemTotal", "gauge", 1),
      addedFamily("node_memory_MemTotal_bytes", "gauge", 1),
    ],
  };

  it("reports the renamed families as removed and added, the new build as a series change, and the one value that moved", () => {
    expect(diffFiles("exporter-upgrade/before.prom", "exporter-upgrade/after.prom")).toEqual(expected);
  });

  it("--only families: just the families added and removed", () => {
    const result = diffFiles("exporter-upgrade/before.prom", "exporter-upgrade/after.prom", { only: "families" });
    expect(result.families.map((f) => `${f.change} ${f.name}`)).toEqual(expected.families.filter((f) => f.change !== "changed").map((f) => `${f.change} ${f.name}`));
  });
});

describe("diff: a label explosion (user ids in the path label)", () => {
  const ids = [1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008, 1009, 1010];
  const newPaths = ids.map((i) => `/api/users/${i}`);
  const pathChange = { name: "path", before: 3, after: 13, added: newPaths, removed: [] };

  it("gives the series added, the cardinality as promtool counts it, and the label that drove it", () => {
    expect(diffFiles("label-explosion/before.prom", "label-explosion/after.prom")).toEqual({
      equal: false,
      summary: { ...SUMMARY_ZERO, familiesChanged: 3, seriesAdded: 21, seriesRemoved: 1, series: { before: 7, after: 27 }, cardinality: { before: 19, after: 79 } },
      families: [
        {
          name: "app_build_info",
          change: "changed",
          type: "gauge",
          metadata: [],
          series: {
            before: 1,
            after: 1,
            cardinality: { before: 1, after: 1 },
            added: [{ version: "2.4.0" }],
            removed: [{ version: "2.3.0" }],
            labels: [{ name: "version", before: 1, after: 1, added: ["2.4.0"], removed: ["2.3.0"] }],
          },
          values: [],
        },
        {
          name: "http_request_duration_seconds",
          change: "changed",
          type: "histogram",
          metadata: [],
          // 3 → 13 series of 3 buckets (with +Inf), _sum and _count: 3 × 5 → 13 × 5
          series: { before: 3, after: 13, cardinality: { before: 15, after: 65 }, added: newPaths.map((path) => ({ path })), removed: [], labels: [pathChange] },
          values: [],
        },
        {
          name: "http_requests_total",
          change: "changed",
          type: "counter",
          metadata: [],
          series: { before: 3, after: 13, cardinality: { before: 3, after: 13 }, added: newPaths.map((path) => ({ code: "200", method: "GET", path })), removed: [], labels: [pathChange] },
          values: [],
        },
      ],
    });
  });

  it("--ignore-label path: the exploded label is left out, only the build changes", () => {
    const result = diffFiles("label-explosion/before.prom", "label-explosion/after.prom", { ignoreLabels: ["path"] });
    expect(result.families.map((f) => f.name)).toEqual(["app_build_info"]);
    expect(diffFiles("label-explosion/before.prom", "label-explosion/after.prom", { ignoreLabels: ["path", "version"] }).equal).toBe(true);
  });
});

describe("diff: a counter reset (the SMS worker restarted between two scrapes 60 s apart)", () => {
  const families: FamilyDiff[] = [
    {
      name: "jobs_failed_total",
      change: "changed",
      type: "counter",
      metadata: [{ field: "help", before: "Jobs that failed, by queue.", after: "Jobs that failed after all retries, by queue." }],
      series: unchangedSeries(2),
      values: [{ labels: { queue: "email" }, sample: "value", before: 3, after: 4, delta: 1, increase: 1, rate: 1 / 60 }],
    },
    { name: "jobs_in_queue", change: "changed", type: "gauge", metadata: [], series: unchangedSeries(2), values: [{ labels: { queue: "email" }, sample: "value", before: 5, after: 9, delta: 4 }] },
    {
      name: "jobs_processed_total",
      change: "changed",
      type: "counter",
      metadata: [],
      series: unchangedSeries(2),
      values: [
        { labels: { queue: "email" }, sample: "value", before: 1500, after: 1560, delta: 60, increase: 60, rate: 1 },
        { labels: { queue: "sms" }, sample: "value", before: 800, after: 12, delta: -788, increase: 12, rate: 0.2, reset: true },
      ],
    },
    { name: "sms_worker_start_time_seconds", change: "changed", type: "gauge", metadata: [], series: unchangedSeries(1), values: [{ labels: {}, sample: "value", before: 1699990000, after: 1700000030, delta: 10030 }] },
  ];

  it("flags the reset, gives increases and rates from the samples' timestamps, gauge deltas and the HELP change", () => {
    expect(diffFiles("counter-reset/before.prom", "counter-reset/after.prom")).toEqual({
      equal: false,
      summary: { ...SUMMARY_ZERO, familiesChanged: 4, metadataChanges: 1, valueChanges: 5, resets: 1, series: { before: 7, after: 7 }, cardinality: { before: 7, after: 7 } },
      families,
    });
  });

  it("threshold 0.05: changes under 5 % are left out, the reset is not", () => {
    const result = diffFiles("counter-reset/before.prom", "counter-reset/after.prom", { threshold: 0.05 });
    expect(result.families.flatMap((f) => f.values.map((v) => `${f.name}${JSON.stringify(v.labels)} ${v.before}→${v.after}`))).toEqual([
      'jobs_failed_total{"queue":"email"} 3→4',
      'jobs_in_queue{"queue":"email"} 5→9',
      'jobs_processed_total{"queue":"sms"} 800→12',
    ]);
  });

  it("only metadata, only values, ignoreValues", () => {
    expect(diffFiles("counter-reset/before.prom", "counter-reset/after.prom", { only: "metadata" }).families).toEqual([{ ...(families[0] as FamilyDiff), values: [] }]);
    expect(diffFiles("counter-reset/before.prom", "counter-reset/after.prom", { only: ["values"] }).families).toEqual(families.map((f) => ({ ...f, metadata: [] })));
    expect(diffFiles("counter-reset/before.prom", "counter-reset/after.prom", { ignoreValues: true }).families).toEqual([{ ...(families[0] as FamilyDiff), values: [] }]);
  });

  it("rates from intervalSeconds when the samples have no timestamps; timestamps win when they have", () => {
    const a = parse("# TYPE c_total counter\nc_total 10\n").families;
    const b = parse("# TYPE c_total counter\nc_total 40\n").families;
    expect(diff(a, b).families[0]?.values).toEqual([{ labels: {}, sample: "value", before: 10, after: 40, delta: 30, increase: 30 }]);
    expect(diff(a, b, { intervalSeconds: 15 }).families[0]?.values[0]?.rate).toBe(2);
    const c = read("counter-reset/before.prom").families;
    const d = read("counter-reset/after.prom").families;
    expect(diff(c, d, { intervalSeconds: 30 }).families.find((f) => f.name === "jobs_processed_total")?.values[0]?.rate).toBe(1);
  });
});

describe("diff: a re-bucketed histogram and a summary with a new quantile", () => {
  const get = { method: "GET" };
  const expected: ChangeSet = {
    equal: false,
    summary: { ...SUMMARY_ZERO, familiesChanged: 2, layoutChanges: 2, valueChanges: 10, series: { before: 3, after: 3 }, cardinality: { before: 19, after: 26 } },
    families: [
      {
        name: "http_request_duration_seconds",
        change: "changed",
        type: "histogram",
        metadata: [],
        // 2 series × (2 + 5 buckets) → 2 × (2 + 8)
        series: { before: 2, after: 2, cardinality: { before: 14, after: 20 }, ...none },
        // le="1.0" and le="5.0" after are the buckets le="1" and le="5" before
        layout: { label: "le", before: [0.1, 0.5, 1, 5, Infinity], after: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, Infinity], added: [0.05, 0.25, 2.5], removed: [], series: 2 },
        values: [
          { labels: get, sample: "bucket", bound: 0.1, before: 840, after: 850, delta: 10, increase: 10 },
          { labels: get, sample: "bucket", bound: 0.5, before: 960, after: 965, delta: 5, increase: 5 },
          { labels: get, sample: "bucket", bound: 1, before: 990, after: 993, delta: 3, increase: 3 },
          { labels: get, sample: "bucket", bound: 5, before: 1000, after: 1004, delta: 4, increase: 4 },
          { labels: get, sample: "bucket", bound: Infinity, before: 1000, after: 1004, delta: 4, increase: 4 },
          { labels: get, sample: "sum", before: 73.25, after: 74.5, delta: 1.25, increase: 1.25 },
          { labels: get, sample: "count", before: 1000, after: 1004, delta: 4, increase: 4 },
        ],
      },
      {
        name: "rpc_duration_seconds",
        change: "changed",
        type: "summary",
        metadata: [],
        series: { before: 1, after: 1, cardinality: { before: 5, after: 6 }, ...none },
        // quantile="0.50" after is quantile="0.5" before
        layout: { label: "quantile", before: [0.5, 0.9, 0.99], after: [0.5, 0.9, 0.95, 0.99], added: [0.95], removed: [], series: 1 },
        values: [
          { labels: {}, sample: "quantile", bound: 0.9, before: 0.0625, after: 0.078125, delta: 0.015625 },
          { labels: {}, sample: "sum", before: 18.5, after: 19.25, delta: 0.75, increase: 0.75 },
          { labels: {}, sample: "count", before: 1200, after: 1240, delta: 40, increase: 40 },
        ],
      },
    ],
  };

  it("calls out the new layout, compares le and quantile as numbers, and the buckets both sides have", () => {
    expect(diffFiles("rebucketed-histogram/before.prom", "rebucketed-histogram/after.prom")).toEqual(expected);
  });

  it("strict: le=\"1.0\" is not le=\"1\"", () => {
    const result = diffFiles("rebucketed-histogram/before.prom", "rebucketed-histogram/after.prom", { strict: true });
    expect(result.families[0]?.layout).toMatchObject({ added: [0.05, 0.25, 1, 2.5, 5], removed: [1, 5] });
    expect(result.families[1]?.layout).toMatchObject({ added: [0.5, 0.95], removed: [0.5] });
  });
});

describe("diff: the same data as text 0.0.4 and as OpenMetrics", () => {
  it("is no difference: _total, unknown/untyped, info, UNIT, _created, timestamps, value and bound spelling, order, HELP escaping, empty labels", () => {
    const none: ChangeSet = {
      equal: true,
      summary: { ...SUMMARY_ZERO, series: { before: 7, after: 7 }, cardinality: { before: 11, after: 11 } },
      families: [],
    };
    expect(diffFiles("formats/metrics.prom", "formats/metrics.om")).toEqual(none);
    expect(diffFiles("formats/metrics.om", "formats/metrics.prom")).toEqual(none);
  });

  it("without the formats, what text 0.0.4 cannot say is a change: UNIT, and info against gauge", () => {
    const a = read("formats/metrics.prom").families;
    const b = read("formats/metrics.om").families;
    expect(diff(a, b).families).toEqual([
      { name: "app_info", change: "changed", type: "info", metadata: [{ field: "type", before: "gauge", after: "info" }], series: unchangedSeries(1), values: [] },
      { name: "request_duration_seconds", change: "changed", type: "histogram", metadata: [{ field: "unit", after: "seconds" }], series: unchangedSeries(1, 5), values: [] },
    ]);
  });

  it("strict: names, types, labels and values as written", () => {
    const result = diffFiles("formats/metrics.prom", "formats/metrics.om", { strict: true });
    expect(result.families.map((f) => `${f.change} ${f.name}`)).toEqual([
      "added app",
      "removed app_info",
      "added http_requests",
      "removed http_requests_total",
      "changed legacy_thing",
      "changed queue_depth",
      "changed request_duration_seconds",
    ]);
    const byName = new Map(result.families.map((f) => [f.name, f]));
    expect(byName.get("legacy_thing")).toMatchObject({ metadata: [{ field: "type", before: "untyped", after: "unknown" }], values: [{ before: 1000, after: 1000, delta: 0 }] });
    expect(byName.get("queue_depth")?.series).toMatchObject({ added: [{ queue: 'mail\\outbound "priority"' }], removed: [{ queue: 'mail\\outbound "priority"', region: "" }] });
    expect(byName.get("request_duration_seconds")).toMatchObject({ metadata: [{ field: "unit", after: "seconds" }], layout: { added: [1], removed: [1] } });
  });
});

describe("diff: the order of families and series", () => {
  const before = '# TYPE a gauge\na{x="1"} 1\na{x="2"} 2\n# TYPE b gauge\nb 1\n';
  const after = '# TYPE b gauge\nb 1\n# TYPE a gauge\na{x="2"} 2\na{x="1"} 1\n';
  const families = (text: string) => parse(text).families;

  it("is no difference, unless strict", () => {
    expect(diff(families(before), families(after)).equal).toBe(true);
    expect(diff(families(before), families(after), { strict: true })).toEqual({
      equal: false,
      summary: { ...SUMMARY_ZERO, familiesChanged: 1, reorders: 2, series: { before: 3, after: 3 }, cardinality: { before: 3, after: 3 } },
      families: [
        {
          name: "a",
          change: "changed",
          type: "gauge",
          metadata: [],
          series: { before: 2, after: 2, cardinality: { before: 2, after: 2 }, ...none },
          values: [],
          seriesReordered: true,
        },
      ],
      familyOrder: { before: ["a", "b"], after: ["b", "a"] },
    });
  });

  it("strict, families in another order alone are a difference", () => {
    const swapped = '# TYPE b gauge\nb 1\n# TYPE a gauge\na{x="1"} 1\na{x="2"} 2\n';
    const result = diff(families(before), families(swapped), { strict: true });
    expect(result).toMatchObject({ equal: false, families: [], familyOrder: { before: ["a", "b"], after: ["b", "a"] }, summary: { reorders: 1 } });
  });
});
