import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyRequest, createGateway, exposeMetrics, groupRequest, scrapeMetrics, type GatewayRequest, type GatewayResult, type GatewayState } from "../src/gateway/gateway.js";
import { decodeBase64, groupingKeyId, groupingKeyPath, GroupingKeyError, parseGroupingKey, type GroupingLabels } from "../src/gateway/grouping-key.js";
import type { DtoFamily } from "../src/gateway/dto.js";
import { readProtobufBody, writeProtobufBody } from "../src/gateway/protobuf-body.js";
import { CLASS_NAMES } from "../src/gateway/replay-format.js";
import { route } from "../src/gateway/router.js";
import { loadGatewayState } from "../src/gateway/state-file.js";
import { sanitizeLabels } from "../src/gateway/store.js";
import type { GatewayVersion } from "../src/gateway/versions.js";

const NOW = 1_700_000_000.5;
const TEXT = "text/plain; version=0.0.4";
const PROTOBUF = "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited";

const put = (path: string, body: string | Uint8Array, contentType: string = TEXT): GatewayRequest => ({ method: "PUT", path, contentType, body });
const post = (path: string, body: string): GatewayRequest => ({ method: "POST", path, contentType: TEXT, body });
const del = (path: string): GatewayRequest => ({ method: "DELETE", path });
const get = (path: string): GatewayRequest => ({ method: "GET", path });

/** Applies the requests in order, one second apart; returns every result and the last state. */
function run(requests: GatewayRequest[], state: GatewayState = createGateway()): { state: GatewayState; results: GatewayResult[] } {
  const results: GatewayResult[] = [];
  let t = NOW;
  for (const r of requests) {
    const result = applyRequest(state, r, { now: t++ });
    results.push(result);
    state = result.state;
  }
  return { state, results };
}

/** The grouping labels of a push path, or the gateway's message for it. */
function keyOf(path: string): GroupingLabels | string {
  const routed = route("PUT", path);
  if ("answer" in routed) return `${routed.answer.status} ${routed.answer.location ?? routed.answer.body.trim()}`;
  const h = routed.handler;
  if (h.kind !== "push") throw new Error(`not a push: ${h.kind}`);
  try {
    return parseGroupingKey(h.job, h.labels, h.jobBase64);
  } catch (error) {
    return (error as GroupingKeyError).message;
  }
}

function pb(families: DtoFamily[]): Uint8Array {
  return writeProtobufBody(families);
}

describe("grouping keys: /metrics/job/<JOB>{/<LABEL>/<VALUE>}", () => {
  it("reads plain labels; a later duplicate wins and a job pair in the path does not override the job", () => {
    expect(keyOf("/metrics/job/J/zone/eu/instance/I")).toEqual({ job: "J", zone: "eu", instance: "I" });
    expect(keyOf("/metrics/job/J/a/1/a/2")).toEqual({ job: "J", a: "2" });
    expect(keyOf("/metrics/job/J/job/K")).toEqual({ job: "J" });
    expect(keyOf("/metrics/job/J/")).toEqual({ job: "J" });
  });

  it("decodes @base64 values: URL-safe alphabet, padding optional, empty values", () => {
    expect(keyOf("/metrics/job/cleaner/path@base64/L3Zhci90bXA")).toEqual({ job: "cleaner", path: "/var/tmp" });
    expect(keyOf("/metrics/job/J/a@base64/YQ")).toEqual({ job: "J", a: "a" });
    expect(keyOf("/metrics/job/J/a@base64/YQ==")).toEqual({ job: "J", a: "a" });
    expect(keyOf("/metrics/job/J/first@base64/=/second/foobar")).toEqual({ job: "J", first: "", second: "foobar" });
    expect(keyOf("/metrics/job/J/first@base64/")).toEqual({ job: "J", first: "" });
    expect(keyOf("/metrics/job/K/first/")).toEqual({ job: "K", first: "" });
    expect(keyOf("/metrics/job@base64/Zm9vL2Jhcg")).toEqual({ job: "foo/bar" });
  });

  it("percent-decodes before splitting: %CE%A0… and its base64 form are the same group, + stays a plus", () => {
    const a = keyOf("/metrics/job/titan/name/%CE%A0%CF%81%CE%BF%CE%BC%CE%B7%CE%B8%CE%B5%CF%8D%CF%82") as GroupingLabels;
    const b = keyOf("/metrics/job/titan/name@base64/zqDPgc6_zrzOt864zrXPjc-C") as GroupingLabels;
    expect(a).toEqual({ job: "titan", name: "Προμηθεύς" });
    expect(groupingKeyId(a)).toBe(groupingKeyId(b));
    expect(keyOf("/metrics/job/batch/instance/host+1")).toEqual({ job: "batch", instance: "host+1" });
    expect(keyOf("/metrics/job/batch/instance/host%201")).toEqual({ job: "batch", instance: "host 1" });
  });

  it("rejects what the gateway rejects, with its messages", () => {
    expect(keyOf("/metrics/job/J/instance")).toBe('odd number of components in label string "/instance"');
    expect(keyOf("/metrics/job/J/path/a%2Fb")).toBe('odd number of components in label string "/path/a/b"');
    expect(keyOf("/metrics/job/J/__meta/x")).toBe('improper label name "__meta"');
    expect(keyOf("/metrics/job/J/1x/y")).toBe('improper label name "1x"');
    expect(keyOf("/metrics/job/J/a.b/y")).toBe('improper label name "a.b"');
    expect(keyOf("/metrics/job/J/a@base64/+_8")).toBe('invalid base64 encoding for label a="+_8": illegal base64 data at input byte 0');
    expect(keyOf("/metrics/job@base64/!!")).toBe('invalid base64 encoding in job name "": illegal base64 data at input byte 0');
    expect(keyOf("/metrics/job@base64/YWJjZ!")).toBe('invalid base64 encoding in job name "abc": illegal base64 data at input byte 5');
    expect(keyOf("/metrics/job@base64/=")).toBe("job name is required");
  });

  it("answers what the HTTP layers answer before any handler", () => {
    expect(keyOf("/metrics/job/J/first//second/x")).toBe("301 /metrics/job/J/first/second/x");
    expect(keyOf("/metrics/job/J/path/%2Fvar%2Ftmp")).toBe("301 /metrics/job/J/path/var/tmp");
    expect(keyOf("/metrics/job/")).toBe("307 /metrics/job");
    expect(keyOf("/metrics/job")).toBe("404 404 page not found");
    expect(keyOf("/metrics/job/%zz")).toBe("400 400 Bad Request");
    const r = run([get("/metrics/job/J"), { method: "PATCH", path: "/metrics/job/J", body: "m 1\n" }]).results;
    expect(r.map((x) => [x.status, x.class, x.body])).toEqual([
      [405, "no-route", "Method Not Allowed\n"],
      [405, "no-route", "Method Not Allowed\n"],
    ]);
  });

  it("decodes base64 as Go does, returning the complete groups before a bad character", () => {
    expect(decodeBase64("YWJjZA")).toEqual({ ok: true, value: "abcd" });
    expect(decodeBase64("Y")).toEqual({ ok: false, value: "", error: "illegal base64 data at input byte 0" });
    expect(decodeBase64("YQ=b")).toEqual({ ok: false, value: "", error: "illegal base64 data at input byte 2" });
    expect(decodeBase64("-_8")).toEqual({ ok: true, value: "\udcfb\udcff" }); // two bytes that are not UTF-8
  });

  it("builds paths as the client libraries do, and reads them back to the same labels (property)", () => {
    expect(groupingKeyPath({ job: "batch", path: "/var/tmp", empty: "", instance: "host 1" })).toBe("/metrics/job/batch/empty@base64/=/instance/host%201/path@base64/L3Zhci90bXA");
    expect(groupingKeyPath({ job: "a/b" })).toBe("/metrics/job@base64/YS9i");
    expect(() => groupingKeyPath({ job: "j", __x: "1" })).toThrow(GroupingKeyError);
    const name = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,8}$/).filter((n) => !n.startsWith("__") && n !== "job");
    const value = fc.oneof(fc.string({ unit: "grapheme", maxLength: 12 }), fc.constantFrom("", ".", "..", "/", "a/b", "%2F", "+", " "));
    fc.assert(
      fc.property(fc.dictionary(name, value, { maxKeys: 4 }), value.filter((v) => v !== ""), (labels, job) => {
        const grouping = { ...labels, job };
        expect(keyOf(groupingKeyPath(grouping))).toEqual(grouping);
      }),
      { numRuns: 300 },
    );
  });
});

describe("label sanitising", () => {
  const family = (labels: [string, string][]): DtoFamily => ({ name: "m", type: "UNTYPED", metric: [{ label: labels.map(([name, value]) => ({ name, value })), untyped: 1 }] });
  const names = (f: DtoFamily) => f.metric[0]!.label.map((l) => `${l.name}=${l.value}`);

  it("overwrites grouping labels in the body, adds the missing ones and instance=\"\", sorts by name", () => {
    expect(names(sanitizeLabels(family([["zone", "us"], ["job", "other"], ["x", "1"]]), { job: "J", zone: "eu" }))).toEqual(["instance=", "job=J", "x=1", "zone=eu"]);
    expect(names(sanitizeLabels(family([["instance", "host:1"]]), { job: "J" }))).toEqual(["instance=host:1", "job=J"]);
    expect(names(sanitizeLabels(family([["instance", "other"]]), { job: "J", instance: "I" }))).toEqual(["instance=I", "job=J"]);
  });

  it("turns series that differ only in a grouping label into duplicates", () => {
    const r = run([put("/metrics/job/J", 'm{job="a"} 1\nm{job="b"} 2\n')]).results[0]!;
    expect([r.status, r.class]).toEqual([400, "duplicate-series"]);
  });

  it("exposes labels sorted, grouping labels included, series ordered as client_golang sorts them", () => {
    const { state } = run([put("/metrics/job/J/instance/I/a_label/x", 'm{z="1"} 1\nzz 1\nm{b="a"} 2\n')]);
    expect(exposeMetrics(state)).toBe(
      [
        "# TYPE m untyped",
        // equal label counts: values compared position by position, names ignored ("I" < "a")
        'm{a_label="x",instance="I",job="J",z="1"} 1',
        'm{a_label="x",b="a",instance="I",job="J"} 2',
        "# HELP push_failure_time_seconds Last Unix time when changing this group in the Pushgateway failed.",
        "# TYPE push_failure_time_seconds gauge",
        'push_failure_time_seconds{a_label="x",instance="I",job="J"} 0',
        "# HELP push_time_seconds Last Unix time when changing this group in the Pushgateway succeeded.",
        "# TYPE push_time_seconds gauge",
        'push_time_seconds{a_label="x",instance="I",job="J"} 1.7000000005e+09',
        "# TYPE zz untyped",
        'zz{a_label="x",instance="I",job="J"} 1',
        "",
      ].join("\n"),
    );
  });
});

describe("each rejection reason, as replay.py classifies it", () => {
  const cases: [string, GatewayRequest[], number, string][] = [
    ["url-odd-components", [put("/metrics/job/J/a", "m 1\n")], 400, "url-odd-components"],
    ["url-improper-label-name", [put("/metrics/job/J/a-b/1", "m 1\n")], 400, "url-improper-label-name"],
    ["url-invalid-base64", [put("/metrics/job/J/a@base64/a+b", "m 1\n")], 400, "url-invalid-base64"],
    ["url-job-required", [put("/metrics/job@base64/=", "m 1\n")], 400, "url-job-required"],
    ["parse-error", [put("/metrics/job/J", "m{ 1\n")], 400, "parse-error"],
    ["protobuf that does not decode", [put("/metrics/job/J", "m 1\n", PROTOBUF)], 400, "other"],
    ["timestamp", [put("/metrics/job/J", "m 1 1700000000000\n")], 400, "timestamp"],
    ["type-conflict", [put("/metrics/job/A", "# TYPE m gauge\nm 1\n"), put("/metrics/job/B", "m 2\n")], 400, "type-conflict"],
    ["duplicate-series", [put("/metrics/job/J", "m 1\nm 2\n")], 400, "duplicate-series"],
    ["duplicate-series across groups", [put("/metrics/job/J/instance/I", "m 1\n"), put("/metrics/job/J", 'm{instance="I"} 2\n')], 400, "duplicate-series"],
    ["internal-help-conflict", [put("/metrics/job/J", "# HELP pushgateway_http_requests_total Mine.\n# TYPE pushgateway_http_requests_total counter\npushgateway_http_requests_total 1\n")], 400, "internal-help-conflict"],
    ["internal-type-conflict", [put("/metrics/job/J", "# TYPE go_goroutines counter\ngo_goroutines 7\n")], 400, "internal-type-conflict"],
    ["suffix-collision", [put("/metrics/job/A", "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_count 1\nh_sum 1\n"), put("/metrics/job/B", "h_count 1\n")], 400, "suffix-collision"],
    ["suffix-collision with the gateway's own summary", [put("/metrics/job/J", "# TYPE go_gc_duration_seconds_count gauge\ngo_gc_duration_seconds_count 1\n")], 400, "suffix-collision"],
    ["invalid-label-name", [put("/metrics/job/J", 'm{__x="1"} 1\n')], 400, "invalid-label-name"],
    ["label-value-not-utf8", [put("/metrics/job/%FF", "m 1\n")], 400, "label-value-not-utf8"],
    [
      "duplicate-label-name (protobuf)",
      [put("/metrics/job/J", pb([{ name: "m", type: "GAUGE", metric: [{ label: [{ name: "a", value: "1" }, { name: "a", value: "2" }], gauge: 1 }] }]), PROTOBUF)],
      400,
      "duplicate-label-name",
    ],
    [
      "summary-quantile-label (protobuf)",
      [put("/metrics/job/J", pb([{ name: "s", type: "SUMMARY", metric: [{ label: [{ name: "quantile", value: "0.5" }], summary: { quantile: [] } }] }]), PROTOBUF)],
      400,
      "summary-quantile-label",
    ],
  ];

  it.each(cases)("%s", (_name, requests, status, klass) => {
    const last = run(requests).results.at(-1)!;
    expect([last.status, last.class]).toEqual([status, klass]);
    expect(last.body.endsWith("\n")).toBe(true);
    expect(last.problems?.length).toBeGreaterThan(0);
    expect(CLASS_NAMES).toContain(klass);
  });

  it("leaves no trace for URL and body errors, records a failure for refused checks", () => {
    expect(run([put("/metrics/job/J/a", "m 1\n"), put("/metrics/job/K", "m{\n")]).state.groups.size).toBe(0);
    const { state, results } = run([put("/metrics/job/J", "m 1\n"), put("/metrics/job/J", "# TYPE m counter\nm 1 5\n"), put("/metrics/job/K", "m 1 5\n")]);
    expect(results.map((r) => r.status)).toEqual([200, 400, 400]);
    expect(exposeMetrics(state)).toContain('m{instance="",job="J"} 1\n'); // a refused PUT does not empty the group
    expect(exposeMetrics(state)).toContain('push_failure_time_seconds{instance="",job="J"} 1.7000000015e+09\n');
    expect(exposeMetrics(state)).toContain('push_time_seconds{instance="",job="J"} 1.7000000005e+09\n');
    expect(exposeMetrics(state)).toContain('push_time_seconds{instance="",job="K"} 0\n');
    expect(exposeMetrics(state)).toContain('push_failure_time_seconds{instance="",job="K"} 1.7000000025e+09\n');
  });

  it("reports every inconsistency of a push (a MultiError)", () => {
    const last = run([put("/metrics/job/A", "# TYPE m gauge\nm 1\n# TYPE n gauge\nn 1\n"), put("/metrics/job/B", "# TYPE m counter\nm 1\n# TYPE n counter\nn 1\n")]).results[1]!;
    expect(last.body).toMatch(/^pushed metrics are invalid or inconsistent with existing metrics: 2 error\(s\) occurred:\n\* collected metric "m" .* is not a GAUGE\n\* collected metric "n" .* is not a GAUGE\n$/);
    expect(last.problems?.map((p) => p.class)).toEqual(["type-conflict", "type-conflict"]);
    expect(last.variants?.[0]?.body).toContain("is not a COUNTER"); // the other map order names the other group
  });
});

describe("states that break the gateway (notes §7)", () => {
  it("an invalid UTF-8 grouping value: the push is refused, its failure group breaks /metrics and every push until deleted", () => {
    const { state, results } = run([put("/metrics/job/J/a@base64/-_8", "m 1\n"), get("/metrics"), put("/metrics/job/K", "x 1\n"), del("/metrics/job/J/a@base64/-_8"), put("/metrics/job/K", "x 1\n")]);
    expect(results.map((r) => `${r.status} ${r.class}`)).toEqual(["400 label-value-not-utf8", "500 label-value-not-utf8", "400 label-value-not-utf8", "202 ok", "200 ok"]);
    expect(results[1]!.body).toContain('has a label named "a" whose value is not utf8: "\\xfb\\xff"');
    expect(results[1]!.body).toContain('label:<name:"a" value:"\\373\\377" >');
    expect(scrapeMetrics(state).status).toBe(200);
  });

  it("a family named like a push summary of the gateway, pushed first: accepted, then every scrape fails", () => {
    const r = run([put("/metrics/job/J", "# HELP pushgateway_http_push_size_bytes Mine.\n# TYPE pushgateway_http_push_size_bytes gauge\npushgateway_http_push_size_bytes 1\n"), get("/metrics")]).results;
    expect(r.map((x) => `${x.status} ${x.class}`)).toEqual(["200 ok", "500 internal-help-conflict"]);
  });

  it("a bare gauge_histogram sample: accepted, and GET /metrics is cut off at that family", () => {
    const { state } = run([put("/metrics/job/A", "a 1\n"), put("/metrics/job/L", "# TYPE gh2 gauge_histogram\ngh2 1\n")]);
    const scrape = scrapeMetrics(state);
    expect(scrape.status).toBe(200);
    expect(scrape.complete).toBe(false);
    expect(scrape.body).toBe('# TYPE a untyped\na{instance="",job="A"} 1\n# TYPE gh2');
  });

  it("a gauge_histogram and a gauge of one name in two groups: the verdict depends on Go's map order", () => {
    const r = run([put("/metrics/job/a", "# TYPE gh gauge_histogram\ngh 1\n"), put("/metrics/job/b", "# TYPE gh gauge\ngh 2\n")]).results[1]!;
    expect([r.status, r.variants?.map((v) => `${v.status} ${v.class}`)]).toEqual([200, ["400 type-conflict"]]);
  });
});

describe("Pushgateway 1.5.1 and upstream HEAD (versions.ts)", () => {
  const verdicts = (version: GatewayVersion, bodies: string[]) =>
    bodies.map((body, i) => {
      const r = applyRequest(createGateway({ version }), put(`/metrics/job/j${i}`, body), { now: NOW });
      return `${r.status} ${r.class}`;
    });
  const bodies = ['{"m"} 1\n', 'm{"a"="b"} 1\n', '# HELP m a\\"b\nm 1\n', "# TYPE x gaugehistogram\nx 1\n", '# TYPE h histogram\nh_bucket{le="1"} -1\nh_count 1\n'];

  it("1.5.1's parser (expfmt 0.39) refuses quoted names, \\\" in HELP, gaugehistogram; wraps negative counts", () => {
    expect(verdicts("1.5.1", bodies)).toEqual(["400 parse-error", "400 parse-error", "400 parse-error", "400 parse-error", "200 ok"]);
    const r = applyRequest(createGateway(), put("/metrics/job/J", '# HELP m a\\"b\nm 1\n'), { now: NOW });
    expect(r.body).toBe("text format parsing error in line 1: invalid escape sequence '\\\"'\n");
  });

  it("HEAD's parser reads them (and refuses the negative bucket)", () => {
    expect(verdicts("head", bodies)).toEqual(["200 ok", "200 ok", "200 ok", "200 ok", "400 parse-error"]);
  });

  it("1.5.1 leaves a handler locked after a job@base64 that does not decode: that route never answers again", () => {
    const steps = [put("/metrics/job@base64/!!", "m 1\n"), put("/metrics/job@base64/YQ", "m 1\n"), post("/metrics/job@base64/YQ", "m 1\n"), put("/metrics/job@base64/YQ/b/c", "m 1\n")];
    expect(run(steps).results.map((r) => `${r.status} ${r.class}`)).toEqual(["400 url-invalid-base64", "0 no-answer", "200 ok", "200 ok"]);
    expect(run(steps, createGateway({ version: "head" })).results.map((r) => r.status)).toEqual([400, 200, 200, 200]);
  });
});

describe("bodies", () => {
  it("reads delimited protobuf (client_golang's push format) like text", () => {
    const families: DtoFamily[] = [
      { name: "g", help: "Gauge.", type: "GAUGE", metric: [{ label: [{ name: "a", value: "b" }], gauge: 1.5 }] },
      { name: "h", type: "HISTOGRAM", metric: [{ label: [], histogram: { bucket: [{ upperBound: 1, cumulativeCount: 2n }], sampleCount: 3n, sampleSum: 4 } }] },
    ];
    expect(readProtobufBody(pb(families))).toEqual({ families });
    const viaProtobuf = run([put("/metrics/job/J", pb(families), PROTOBUF)]);
    const viaText = run([put("/metrics/job/J", '# HELP g Gauge.\n# TYPE g gauge\ng{a="b"} 1.5\n# TYPE h histogram\nh_bucket{le="1"} 2\nh_sum 4\nh_count 3\n')]);
    expect(exposeMetrics(viaProtobuf.state)).toBe(exposeMetrics(viaText.state));
  });

  it("reads gzip bodies; a broken gzip header fails the request", () => {
    const ok = applyRequest(createGateway(), { ...put("/metrics/job/J", new Uint8Array(gzipSync("m 1\n"))), headers: { "Content-Encoding": "gzip" } }, { now: NOW });
    expect([ok.status, ok.class]).toEqual([200, "ok"]);
    const bad = applyRequest(createGateway(), { ...put("/metrics/job/J", "m 1\nn 2\no 3\n"), headers: { "Content-Encoding": "gzip" } }, { now: NOW });
    expect([bad.status, bad.body]).toEqual([400, "gzip: invalid header\n"]);
    const short = applyRequest(createGateway(), { ...put("/metrics/job/J", "m 1\n"), headers: { "Content-Encoding": "gzip" } }, { now: NOW });
    expect([short.status, short.body]).toEqual([400, "unexpected EOF\n"]);
  });

  it("gives expfmt's parse error messages", () => {
    const msg = (body: string) => applyRequest(createGateway(), put("/metrics/job/J", body), { now: NOW }).body;
    expect(msg("m 1")).toBe("text format parsing error in line 1: unexpected end of input stream\n");
    expect(msg("m 1\r\n")).toBe('text format parsing error in line 1: expected float as value, got "1\\r"\n');
    expect(msg('m 1\nm{a="b" 2\n')).toBe('text format parsing error in line 2: unexpected end of label value "b"\n');
    expect(msg("# TYPE m gauge\n# TYPE m counter\nm 1\n")).toBe('text format parsing error in line 2: second TYPE line for metric name "m", or TYPE reported after samples\n');
    expect(msg('m{__name__="x"} 1\n')).toBe('text format parsing error in line 1: label name "__name__" is reserved\n');
  });
});

describe("exposition and state files", () => {
  const steps = [
    put("/metrics/job/J/instance/I", '# HELP g Gauge.\n# TYPE g gauge\ng{a="b"} 1.5\n# TYPE h histogram\nh_bucket{le="0.5"} 1\nh_count 3\nh_sum 2.5\n# TYPE s summary\ns{quantile="0.9"} 2\ns_sum 10\ns_count 4\nu 3\n'),
    put("/metrics/job/J", "u 4\n"),
    put("/metrics/job/K", "u 5 7\n"),
  ];

  it("writes text 0.0.4 as the gateway does (missing +Inf bucket added, families by name)", () => {
    const text = exposeMetrics(run(steps).state);
    expect(text).toContain('# TYPE h histogram\nh_bucket{instance="I",job="J",le="0.5"} 1\nh_bucket{instance="I",job="J",le="+Inf"} 3\nh_sum{instance="I",job="J"} 2.5\nh_count{instance="I",job="J"} 3\n');
    expect(text).toContain('# TYPE u untyped\nu{instance="",job="J"} 4\nu{instance="I",job="J"} 3\n');
  });

  it("reads a saved /metrics text or /api/v1/metrics JSON back to a state that exposes the same", () => {
    const { state } = run(steps);
    const text = exposeMetrics(state);
    expect(exposeMetrics(createGateway({ groups: loadGatewayState(text).groups }))).toBe(text);
    const api = run([get("/api/v1/metrics")], state).results[0]!.body;
    const fromApi = createGateway({ groups: loadGatewayState(api).groups });
    expect(exposeMetrics(fromApi)).toBe(text);
    expect([...fromApi.groups.values()].map((g) => g.labels)).toEqual([{ instance: "I", job: "J" }, { job: "J" }, { job: "K" }]);
  });
});

// ------------------------------------------------------------------------------------ properties

const FAMILY_NAMES = ["a", "b", "h", "h_count", "s"];
const body = fc
  .array(
    fc.record({
      name: fc.constantFrom(...FAMILY_NAMES),
      type: fc.constantFrom("", "gauge", "counter", "untyped", "histogram", "summary"),
      help: fc.constantFrom("", "One.", "Two."),
      series: fc.array(fc.record({ l: fc.constantFrom("", "x", "y"), v: fc.constantFrom("", "1", "2"), value: fc.constantFrom("1", "2.5", "NaN", "-3") }), { minLength: 1, maxLength: 3 }),
    }),
    { maxLength: 3 },
  )
  .map((families) => {
    const seen = new Set<string>();
    let text = "";
    for (const f of families) {
      if (seen.has(f.name)) continue;
      seen.add(f.name);
      if (f.help) text += `# HELP ${f.name} ${f.help}\n`;
      if (f.type) text += `# TYPE ${f.name} ${f.type}\n`;
      for (const s of f.series) {
        const labels = s.l ? `{${s.l}="${s.v}"}` : "";
        const name = f.type === "histogram" ? `${f.name}_bucket` : f.name;
        const le = f.type === "histogram" ? `${labels ? labels.slice(0, -1) + "," : "{"}le="1"}` : labels;
        text += `${name}${le} ${f.type === "histogram" ? "1" : s.value}\n`;
      }
    }
    return text;
  });
const groupPath = fc.constantFrom("/metrics/job/x", "/metrics/job/y", "/metrics/job/x/instance/i", "/metrics/job/z/a@base64/=");
const push = fc.record({ method: fc.constantFrom("PUT", "POST"), path: groupPath, body }).map((r): GatewayRequest => ({ ...r, contentType: TEXT }));

describe("properties", () => {
  it("DELETE after PUT of a group that did not exist restores the previous exposition, accepted or not", () => {
    fc.assert(
      fc.property(fc.array(push, { maxLength: 4 }), body, fc.constantFrom("/metrics/job/new", "/metrics/job/x/instance/other", "/metrics/job/new/a@base64/-_8"), (history, newBody, path) => {
        const before = run(history).state;
        const after = run([put(path, newBody), del(path)], before).state;
        expect(scrapeMetrics(after)).toEqual(scrapeMetrics(before));
      }),
      { numRuns: 200 },
    );
  });

  it("an accepted PUT repeated is accepted again and exposes the same series (push times aside)", () => {
    fc.assert(
      fc.property(fc.array(push, { maxLength: 4 }), push, (history, p) => {
        const { state, results } = run([...history, { ...p, method: "PUT" }]);
        fc.pre(results.at(-1)!.status === 200);
        const again = applyRequest(state, { ...p, method: "PUT" }, { now: NOW + 100 });
        expect(again.status).toBe(200);
        const strip = (s: GatewayState) => exposeMetrics(s).replace(/^push_time_seconds.*$/gm, "");
        expect(strip(again.state)).toBe(strip(state));
      }),
      { numRuns: 200 },
    );
  });

  it("never throws, and always answers with a known status and class", () => {
    const anyPath = fc.oneof(groupPath, fc.string({ maxLength: 30 }).map((s) => `/${s}`), fc.constantFrom("/metrics", "/api/v1/metrics", "/metrics/job@base64/%FF"));
    const anyBody = fc.oneof(body, fc.string(), fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ maxLength: 40 }).map((b) => new Uint8Array(gzipSync(b))));
    const anyType = fc.constantFrom(TEXT, PROTOBUF, null);
    const anyHeaders = fc.constantFrom<Record<string, string>>({}, { "Content-Encoding": "gzip" });
    fc.assert(
      fc.property(fc.array(fc.record({ method: fc.constantFrom("PUT", "POST", "DELETE", "GET", "OPTIONS", "HEAD"), path: anyPath, body: anyBody, contentType: anyType, headers: anyHeaders }), { maxLength: 5 }), (requests) => {
        for (const r of run(requests).results) {
          expect([0, 200, 202, 301, 307, 400, 403, 404, 405, 500]).toContain(r.status);
          for (const c of r.class.split("+")) expect(CLASS_NAMES).toContain(c);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("groupRequest builds what applyRequest reads back as the same group", () => {
    fc.assert(
      fc.property(fc.constantFrom<GroupingLabels>({ job: "a" }, { job: "a/b", x: "" }, { job: "j", instance: "h 1" }), (grouping) => {
        const r = applyRequest(createGateway(), groupRequest("PUT", grouping, "m 1\n"), { now: NOW });
        expect(r.grouping).toEqual(grouping);
      }),
    );
  });
});
