import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Target } from "../src/diagnostics/targets.js";
import { lint, lintStream, type LintOptions } from "../src/lint/lint.js";
import type { RuleThresholds } from "../src/validate/rule.js";
import { unboundedKind } from "../src/validate/rules/label-values.js";
import { RULES } from "../src/validate/rules/index.js";
import type { MetricFamily } from "../src/model/types.js";

const root = join(import.meta.dirname, "..");
const fixtures = join(root, "fixtures", "rules");
const ruleIds = new Set(RULES.map((r) => r.id));

/**
 * A fixture's test settings: leading comment lines `# promtext-test key=value …` with
 * - `target=strict|prometheus|promtool|pushgateway` (lint target),
 * - `maxSeriesPerFamily=N`, `minHistogramBuckets=N` (thresholds),
 * - `also=code,code` (format diagnostics the bad example cannot avoid; see duplicate-series).
 * They are plain comments to every parser.
 */
interface Settings {
  options: LintOptions;
  also: string[];
}

function settingsOf(text: string): Settings {
  const options: LintOptions = {};
  const thresholds: Partial<RuleThresholds> = {};
  const also: string[] = [];
  for (const line of text.split("\n")) {
    const m = /^# promtext-test (.*)$/.exec(line);
    if (!m) break;
    for (const pair of m[1]!.trim().split(/\s+/)) {
      const [key, value = ""] = pair.split("=");
      if (key === "target") options.target = value as Target;
      else if (key === "maxSeriesPerFamily" || key === "minHistogramBuckets") thresholds[key] = Number(value);
      else if (key === "also") also.push(...value.split(","));
      else throw new Error(`unknown promtext-test setting ${pair}`);
    }
  }
  if (Object.keys(thresholds).length > 0) options.thresholds = thresholds;
  return { options, also };
}

function read(id: string, kind: "bad" | "good"): string {
  return readFileSync(join(fixtures, id, `${kind}.prom`), "utf8");
}

/** The lines each bad example's findings are on (a family's findings point at its first line). */
const BAD_LINES: Record<string, number[]> = {
  "help-missing": [1],
  "unit-non-base": [1],
  "counter-total-suffix": [1],
  "non-counter-total-suffix": [1],
  "reserved-suffix-bucket": [1],
  "reserved-suffix-count": [1],
  "reserved-suffix-sum": [1],
  "reserved-label-le": [3, 4],
  "reserved-label-quantile": [3, 4],
  "type-in-name": [1],
  "name-colon": [1],
  "camelcase-metric-name": [1],
  "camelcase-label-name": [3, 4],
  "unit-abbreviation": [1],
  "duplicate-series": [5],
  "help-uninformative": [1],
  "unit-mixed-case": [1],
  "counter-like-name": [1],
  "label-reserved-prefix": [3],
  "target-label-in-payload": [3, 3],
  "label-value-empty": [4],
  "label-value-unbounded": [3],
  "mixed-label-names": [4],
  "histogram-few-buckets": [3],
  "summary-no-quantiles": [1],
  "family-cardinality": [2],
  "push-timestamp": [4],
};

describe("the rule set", () => {
  it("has unique kebab-case ids, a one-line summary and a why for every rule", () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of RULES) {
      expect(rule.id, rule.id).toMatch(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/);
      expect(["error", "warning", "info"], rule.id).toContain(rule.severity);
      expect(rule.summary, rule.id).toMatch(/^\S.*\.$/);
      expect(rule.summary, rule.id).not.toContain("\n");
      expect(rule.why.length, rule.id).toBeGreaterThan(40);
      expect(rule.checkFamily ?? rule.checkPayload, rule.id).toBeDefined();
      if (rule.origin === "promlint") expect(rule.promlintMessage, rule.id).toBeDefined();
    }
  });

  it("runs promtool's rules first, then ours", () => {
    const origins = RULES.map((r) => r.origin);
    expect(origins.indexOf("promtext")).toBeGreaterThan(origins.lastIndexOf("promlint"));
  });

  it("has a bad and a good example for every rule, and no example without a rule", () => {
    for (const rule of RULES) {
      expect(existsSync(join(fixtures, rule.id, "bad.prom")), `${rule.id}/bad.prom`).toBe(true);
      expect(existsSync(join(fixtures, rule.id, "good.prom")), `${rule.id}/good.prom`).toBe(true);
    }
    for (const dir of readdirSync(fixtures)) expect(ruleIds.has(dir), `fixtures/rules/${dir} names no rule`).toBe(true);
  });
});

const TARGETS: Target[] = ["strict", "prometheus", "promtool", "pushgateway"];

/** The targets a fixture is linted for: the one its header names, or every target. */
function targetsOf(options: LintOptions): Target[] {
  return options.target !== undefined ? [options.target] : TARGETS;
}

describe.each(RULES.map((r) => r.id))("fixtures/rules/%s", (id) => {
  it("bad.prom: exactly this rule fires, and no format problem", () => {
    const text = read(id, "bad");
    const { options, also } = settingsOf(text);
    for (const target of targetsOf(options)) {
      const result = lint(text, { ...options, target });
      const findings = result.diagnostics.filter((d) => ruleIds.has(d.code));
      const format = result.diagnostics.filter((d) => !ruleIds.has(d.code));
      expect(findings.length, target).toBeGreaterThanOrEqual(1);
      expect(findings.map((d) => d.code), target).toEqual(findings.map(() => id));
      expect(format.map((d) => d.code).sort(), target).toEqual([...also].sort());
      const lines = BAD_LINES[id];
      if (lines) expect(findings.map((d) => d.line), target).toEqual(lines);
    }
  });

  it("good.prom: no diagnostic at all", () => {
    const text = read(id, "good");
    const { options } = settingsOf(text);
    for (const target of targetsOf(options)) expect(lint(text, { ...options, target }).diagnostics, target).toEqual([]);
  });

  it("the rule can be turned off", () => {
    const text = read(id, "bad");
    const { options } = settingsOf(text);
    const result = lint(text, { ...options, rules: { [id]: "off" } });
    expect(result.diagnostics.filter((d) => ruleIds.has(d.code))).toEqual([]);
  });
});

const NODE_EXPORTER_LIKE = `# HELP go_gc_duration_seconds A summary of the wall-time pause (stop-the-world) duration in garbage collection cycles.
# TYPE go_gc_duration_seconds summary
go_gc_duration_seconds{quantile="0"} 2.5729e-05
go_gc_duration_seconds{quantile="0.5"} 4.1219e-05
go_gc_duration_seconds{quantile="1"} 0.000318853
go_gc_duration_seconds_sum 0.153826148
go_gc_duration_seconds_count 2841
# HELP go_info Information about the Go environment.
# TYPE go_info gauge
go_info{version="go1.23.4"} 1
# HELP node_exporter_build_info A metric with a constant '1' value labeled by version, revision, branch, goversion from which node_exporter was built, and the goos and goarch for the build.
# TYPE node_exporter_build_info gauge
node_exporter_build_info{branch="HEAD",goarch="amd64",goos="linux",goversion="go1.23.4",revision="f1e0e8360aa60b6cb5e5cc1560bed348fc2c1895",tags="unknown",version="1.9.0"} 1
# HELP node_boot_time_seconds Node boot time, in unixtime.
# TYPE node_boot_time_seconds gauge
node_boot_time_seconds 1.764057722e+09
# HELP node_cpu_seconds_total Seconds the CPUs spent in each mode.
# TYPE node_cpu_seconds_total counter
node_cpu_seconds_total{cpu="0",mode="idle"} 154212.03
node_cpu_seconds_total{cpu="0",mode="user"} 5120.92
node_cpu_seconds_total{cpu="1",mode="idle"} 154301.88
node_cpu_seconds_total{cpu="1",mode="user"} 5087.31
# HELP node_disk_io_time_seconds_total Total seconds spent doing I/Os.
# TYPE node_disk_io_time_seconds_total counter
node_disk_io_time_seconds_total{device="nvme0n1"} 1520.3
node_disk_io_time_seconds_total{device="dm-0"} 1399.1
# HELP node_filesystem_avail_bytes Filesystem space available to non-root users in bytes.
# TYPE node_filesystem_avail_bytes gauge
node_filesystem_avail_bytes{device="/dev/vda1",fstype="ext4",mountpoint="/"} 5.4167345152e+10
node_filesystem_avail_bytes{device="tmpfs",fstype="tmpfs",mountpoint="/run"} 4.11045888e+08
# HELP node_load1 1m load average.
# TYPE node_load1 gauge
node_load1 0.42
# HELP node_memory_MemAvailable_bytes Memory information field MemAvailable_bytes.
# TYPE node_memory_MemAvailable_bytes gauge
node_memory_MemAvailable_bytes 6.158815232e+09
# HELP node_network_info Non-numeric data from /sys/class/net/<iface>, value is always 1.
# TYPE node_network_info gauge
node_network_info{address="52:54:00:12:34:56",adminstate="up",broadcast="ff:ff:ff:ff:ff:ff",device="eth0",duplex="full",ifalias="",operstate="up"} 1
# HELP node_network_receive_bytes_total Network device statistic receive_bytes.
# TYPE node_network_receive_bytes_total counter
node_network_receive_bytes_total{device="eth0"} 8.7534214e+09
node_network_receive_bytes_total{device="lo"} 1.23456e+06
# HELP node_time_seconds System time in seconds since epoch (1970).
# TYPE node_time_seconds gauge
node_time_seconds 1.7640612345e+09
# HELP node_uname_info Labeled system information as provided by the uname system call.
# TYPE node_uname_info gauge
node_uname_info{domainname="(none)",machine="x86_64",nodename="web-1",release="6.1.0-28-amd64",sysname="Linux",version="#1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22)"} 1
# HELP prometheus_http_request_duration_seconds Histogram of latencies for HTTP requests.
# TYPE prometheus_http_request_duration_seconds histogram
prometheus_http_request_duration_seconds_bucket{handler="/metrics",le="0.1"} 3021
prometheus_http_request_duration_seconds_bucket{handler="/metrics",le="0.2"} 3030
prometheus_http_request_duration_seconds_bucket{handler="/metrics",le="0.4"} 3031
prometheus_http_request_duration_seconds_bucket{handler="/metrics",le="+Inf"} 3031
prometheus_http_request_duration_seconds_sum{handler="/metrics"} 21.534
prometheus_http_request_duration_seconds_count{handler="/metrics"} 3031
# HELP promhttp_metric_handler_requests_total Total number of scrapes by HTTP status code.
# TYPE promhttp_metric_handler_requests_total counter
promhttp_metric_handler_requests_total{code="200"} 2841
promhttp_metric_handler_requests_total{code="500"} 0
`;

describe("our rules on ordinary exporter output", () => {
  it("a node_exporter-like payload is clean apart from node_exporter's own quirks", () => {
    for (const target of ["strict", "prometheus", "promtool", "pushgateway"] as const) {
      const result = lint(NODE_EXPORTER_LIKE, { target });
      // promtool reports node_memory_MemAvailable_bytes too; node_network_info really exposes
      // ifalias="" for interfaces without an alias
      expect(result.diagnostics.map((d) => `${d.line} ${d.code}`)).toEqual(["34 camelcase-metric-name", "39 label-value-empty"]);
    }
  });

  it("the repository's good fixtures raise no lint finding", () => {
    const ruleIds = new Set(RULES.map((r) => r.id));
    for (const name of ["node-exporter.prom", "openmetrics.om", "quoted-names.prom"]) {
      const result = lint(readFileSync(join(root, "fixtures/good", name), "utf8"));
      expect(result.diagnostics.filter((d) => ruleIds.has(d.code)), name).toEqual([]);
    }
  });
});

const family = (name: string, type: MetricFamily["type"] = "gauge"): MetricFamily => ({ name, type, metrics: [], offset: 0, line: 1 });

describe("label-value-unbounded: what looks unbounded", () => {
  const g = family("requests");
  it.each([
    ["3f2b8c1e-9a4d-4e2b-8f6a-1c2d3e4f5a6b", "a UUID"],
    ["jane.doe@example.com", "an email address"],
    ["10.0.12.7", "an IPv4 address"],
    ["192.168.1.20:8080", "an IPv4 address"],
    ["2001:db8::1", "an IPv6 address"],
    ["fe80::1%eth0", "an IPv6 address"],
    ["::ffff:10.0.0.1", "an IPv6 address"],
    ["2001:0db8:0000:0000:0000:ff00:0042:8329", "an IPv6 address"],
    ["[2001:db8::1]:443", "an IPv6 address"],
    ["1700000000", "a Unix timestamp"],
    ["1700000000.25", "a Unix timestamp"],
    ["1700000000123", "a Unix timestamp"],
    ["f1e0e8360aa60b6cb5e5cc1560bed348fc2c1895", "a long hexadecimal id or hash"],
    ["sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "a long hexadecimal id or hash"],
  ])("%s is %s", (value, kind) => {
    expect(unboundedKind(value, "id", g)).toBe(kind);
  });

  it.each([
    "52:54:00:12:34:56", // a MAC address
    "12:30:45",
    "std::vector",
    "1.9.0",
    "go1.23.4",
    "6.1.0-28-amd64",
    "256.1.1.1",
    "200",
    "123456789", // 9 digits
    "0123456789", // not 2001–2286
    "deadbeefcafebabe", // hex letters only: a word as well as a hash
    "abc123", // too short
    "user@localhost", // no domain
    "pkg@1.2.3",
    "/api/v1/users",
    "",
  ])("%s is not", (value) => {
    expect(unboundedKind(value, "id", g)).toBeUndefined();
  });

  it("leaves commit hashes in _info families and dotted versions alone", () => {
    expect(unboundedKind("f1e0e8360aa60b6cb5e5cc1560bed348fc2c1895", "revision", family("app_build_info"))).toBeUndefined();
    expect(unboundedKind("f1e0e8360aa60b6cb5e5cc1560bed348fc2c1895", "revision", family("app_build", "info"))).toBeUndefined();
    expect(unboundedKind("1.2.3.4", "version", g)).toBeUndefined();
    expect(unboundedKind("1.2.3.4", "client", g)).toBe("an IPv4 address");
  });

  it("reports once per family and label, counting the series", () => {
    const text = `# HELP logins_total Logins, by user and client address.\n# TYPE logins_total counter\nlogins_total{user="a@example.com",addr="10.0.0.1"} 1\nlogins_total{user="b@example.com",addr="10.0.0.2"} 1\nlogins_total{user="c@example.com",addr="10.0.0.3"} 1\n`;
    const findings = lint(text).diagnostics;
    expect(findings.map((d) => [d.code, d.line])).toEqual([
      ["label-value-unbounded", 3],
      ["label-value-unbounded", 3],
    ]);
    expect(findings[0]!.message).toContain('"a@example.com" is an email address (and in 2 more series)');
    expect(findings[1]!.message).toContain('"10.0.0.1" is an IPv4 address (and in 2 more series)');
  });
});

describe("our rules: details", () => {
  const codes = (text: string, options: LintOptions = {}) => lint(text, options).diagnostics.map((d) => d.code);

  it("help-uninformative: the name in other spellings, placeholders; not an ordinary text", () => {
    const help = (name: string, text: string) => codes(`# HELP ${name} ${text}\n# TYPE ${name} gauge\n${name} 1\n`);
    expect(help("queue_length", "Queue length.")).toEqual(["help-uninformative"]);
    expect(help("queue_length", "QUEUE_LENGTH")).toEqual(["help-uninformative"]);
    expect(help("queue_length", "TODO")).toEqual(["help-uninformative"]);
    expect(help("queue_length", "...")).toEqual(["help-uninformative"]);
    expect(help("queue_length", "Jobs waiting in the queue.")).toEqual([]);
    expect(codes("# HELP jobs_total Jobs total\n# TYPE jobs_total counter\njobs_total 1\n")).toEqual(["help-uninformative"]);
    expect(codes("# HELP jobs_total jobs\n# TYPE jobs_total counter\njobs_total 1\n")).toEqual(["help-uninformative"]);
  });

  it("help-uninformative: OpenMetrics counters are named without _total", () => {
    expect(codes("# TYPE jobs counter\n# HELP jobs Jobs total.\njobs_total 1\n# EOF\n")).toEqual(["help-uninformative"]);
  });

  it("unit-mixed-case: whole unit words only, not abbreviations or camelCase", () => {
    const name = (n: string) => codes(`# HELP ${n} Something measured.\n# TYPE ${n} gauge\n${n} 1\n`);
    expect(name("latency_Seconds")).toEqual(["unit-mixed-case"]);
    expect(name("request_Milliseconds")).toEqual(["unit-mixed-case"]);
    expect(lint("# HELP request_Milliseconds Something measured.\n# TYPE request_Milliseconds gauge\nrequest_Milliseconds 1\n").diagnostics[0]!.message).toContain("base unit `seconds`");
    expect(name("transfer_MB")).toEqual(["unit-abbreviation"]);
    expect(name("latencySeconds")).toEqual(["camelcase-metric-name"]);
    expect(name("node_memory_MemAvailable_bytes")).toEqual(["camelcase-metric-name"]);
    expect(name("disk_Written_bytes")).toEqual([]);
  });

  it("counter-like-name: a histogram or summary without TYPE is one finding; a lone _count is none", () => {
    const histogram = `# HELP rpc_seconds_bucket Buckets.\nrpc_seconds_bucket{le="1"} 2\nrpc_seconds_bucket{le="+Inf"} 3\n# HELP rpc_seconds_sum Sum.\nrpc_seconds_sum 1.5\n# HELP rpc_seconds_count Count.\nrpc_seconds_count 3\n`;
    const result = lint(histogram);
    expect(result.diagnostics.map((d) => [d.code, d.line])).toEqual([["counter-like-name", 1]]);
    expect(result.diagnostics[0]!.message).toContain("histogram `rpc_seconds`");
    expect(codes(histogram.split("\n").slice(0, 3).join("\n") + "\n")).toEqual(["counter-like-name"]);
    const summary = `# HELP rpc_seconds Quantiles.\nrpc_seconds{quantile="0.5"} 0.2\n# HELP rpc_seconds_sum Sum.\nrpc_seconds_sum 1.5\n# HELP rpc_seconds_count Count.\nrpc_seconds_count 3\n`;
    expect(lint(summary).diagnostics.map((d) => [d.code, d.line, d.message.includes("summary `rpc_seconds`")])).toEqual([["counter-like-name", 3, true]]);
    expect(codes("# HELP queue_count Jobs queued.\nqueue_count 3\n")).toEqual([]);
    expect(codes("# HELP jobs_total Jobs done.\n# TYPE jobs_total counter\njobs_total 3\n")).toEqual([]);
  });

  it("target-label-in-payload: the message follows the target", () => {
    const text = `# HELP up_seconds Seconds up.\n# TYPE up_seconds gauge\nup_seconds{instance="a"} 1\n`;
    expect(lint(text).diagnostics[0]!.message).toContain("exported_instance");
    expect(lint(text, { target: "pushgateway" }).diagnostics[0]!.message).toContain("grouping key");
    expect(codes(`# HELP up_seconds Seconds up.\n# TYPE up_seconds gauge\nup_seconds{exported_job="a"} 1\n`)).toEqual(["target-label-in-payload"]);
  });

  it("target-label-in-payload: not on a Pushgateway's own /metrics (it has push_time_seconds), whole or streamed", async () => {
    const pushed = `# HELP jobs Jobs.\n# TYPE jobs gauge\njobs{instance="",job="backup"} 1\n`;
    const gateway = `${pushed}# HELP push_time_seconds Last Unix time when changing this group in the Pushgateway succeeded.\n# TYPE push_time_seconds gauge\npush_time_seconds{instance="",job="backup"} 1.7e+09\n`;
    const rule = "target-label-in-payload";
    const found = (text: string) => codes(text).filter((c) => c === rule);
    expect(found(pushed)).toEqual([rule, rule]);
    expect(found(gateway)).toEqual([]);
    const streamed = async (text: string) => {
      const seen: string[] = [];
      for await (const event of lintStream([text])) if (event.type === "diagnostic" && event.diagnostic.code === rule) seen.push(rule);
      return seen;
    };
    expect(await streamed(pushed)).toEqual([rule, rule]);
    expect(await streamed(gateway)).toEqual([]);
  });

  it("push-timestamp: only for the Pushgateway, once per family", () => {
    const text = `# HELP jobs Jobs waiting, by queue.\n# TYPE jobs gauge\njobs{q="a"} 1 1700000000000\njobs{q="b"} 1 1700000000000\n`;
    expect(codes(text)).toEqual([]);
    expect(codes(text, { target: "prometheus" })).toEqual([]);
    expect(codes(text, { target: "promtool" })).toEqual([]);
    const pushed = lint(text, { target: "pushgateway" }).diagnostics;
    expect(pushed.map((d) => [d.code, d.severity, d.line])).toEqual([["push-timestamp", "error", 3]]);
    expect(pushed[0]!.message).toContain("and 1 more samples");
    expect(pushed[0]!.rejectedBy).toEqual(["pushgateway"]);
  });

  it("points findings about a family at its name, on a # HELP or # TYPE line too", () => {
    const at = (text: string, code: string) => {
      const d = lint(text).diagnostics.find((x) => x.code === code)!;
      return [d.line, d.column, d.endColumn];
    };
    // `fooBar_total` is 12 characters, after `# HELP ` (7)
    expect(at("# HELP fooBar_total Done.\n# TYPE fooBar_total counter\nfooBar_total 1\n", "camelcase-metric-name")).toEqual([1, 8, 20]);
    expect(at("# TYPE fooBar_total counter\nfooBar_total 1\n", "camelcase-metric-name")).toEqual([1, 8, 20]);
    expect(at("fooBar 1\n", "camelcase-metric-name")).toEqual([1, 1, 7]);
    // and so do the format's findings on a family's metadata
    expect(at("m 1\n# TYPE g gauge\n", "metadata-without-samples")).toEqual([2, 8, 9]);
  });

  it("histogram-few-buckets and family-cardinality follow the thresholds", () => {
    const text = read("histogram-few-buckets", "good"); // 4 buckets, 1 series: promtool counts 1 × (2 + 4)
    expect(codes(text, { thresholds: { minHistogramBuckets: 5 } })).toEqual(["histogram-few-buckets"]);
    expect(codes(text, { thresholds: { maxSeriesPerFamily: 6 } })).toEqual([]);
    expect(codes(text, { thresholds: { maxSeriesPerFamily: 5 } })).toEqual(["family-cardinality"]);
    const summary = read("summary-no-quantiles", "good"); // 1 × (2 + 2)
    expect(codes(summary, { thresholds: { maxSeriesPerFamily: 3 } })).toEqual(["family-cardinality"]);
    expect(lint(summary, { thresholds: { maxSeriesPerFamily: 3 } }).diagnostics[0]!.message).toContain("4 series");
  });

  it("label-value-empty names the series that collide", () => {
    const text = `# HELP jobs Jobs.\n# TYPE jobs gauge\njobs{queue=""} 1\njobs 2\n`;
    const d = lint(text).diagnostics.filter((x) => x.code === "label-value-empty");
    expect(d).toHaveLength(1);
    expect(d[0]!.message).toContain("lines 3 and 4 become one series");
  });

  it("label-reserved-prefix leaves __name__ to the parser", () => {
    const d = lint(`# HELP jobs Jobs.\n# TYPE jobs gauge\njobs{__name__="x"} 1\n`).diagnostics.map((x) => x.code);
    expect(d).toContain("reserved-label-name");
    expect(d).not.toContain("label-reserved-prefix");
  });
});
