import { chmodSync, existsSync, mkdirSync, mkdtempSync, truncateSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asRoot, cli, runCli, SETPRIV } from "./helpers/run-cli.js";

/** A gateway state that cannot be read or is not one: one line naming it and the cause, exit 2, in every command that takes one. */

const run = runCli;

const GROUP = { instance: "db1", job: "backup" };
const METRICS = `# HELP jobs_done_total Jobs done.
# TYPE jobs_done_total counter
jobs_done_total{instance="db1",job="backup"} 3
# HELP push_failure_time_seconds Last Unix time when changing this group in the Pushgateway failed.
# TYPE push_failure_time_seconds gauge
push_failure_time_seconds{instance="db1",job="backup"} 0
# HELP push_time_seconds Last Unix time when changing this group in the Pushgateway succeeded.
# TYPE push_time_seconds gauge
push_time_seconds{instance="db1",job="backup"} 1.7e+09
`;
const gauge = (help: string, value: string) => ({ time_stamp: "2023-11-14T22:13:20Z", type: "GAUGE", help, metrics: [{ labels: GROUP, value }] });
const API = {
  status: "success",
  data: [
    {
      jobs_done_total: { time_stamp: "2023-11-14T22:13:20Z", type: "COUNTER", help: "Jobs done.", metrics: [{ labels: GROUP, value: "3" }] },
      labels: GROUP,
      last_push_successful: true,
      push_failure_time_seconds: gauge("Last Unix time when changing this group in the Pushgateway failed.", "0"),
      push_time_seconds: gauge("Last Unix time when changing this group in the Pushgateway succeeded.", "1.7e+09"),
    },
  ],
};
const withFamily = (name: string, family: unknown) => JSON.stringify({ status: "success", data: [{ labels: GROUP, [name]: family }] });

const NOT_A_STATE = "not a Pushgateway's /metrics or /api/v1/metrics";
/** File name, content, and what stderr says after `promtext: <file>: `. */
const BAD_STATES: Array<[string, string, string]> = [
  ["not-json.json", '{"status":"success",\n "data": [\n    x\n]}\n', "not JSON: unexpected `x` at line 3 column 5"],
  ["truncated.json", JSON.stringify(API).slice(0, 60), "not JSON: it ends inside an object, at line 1 column 61"],
  ["cut-in-a-string.json", JSON.stringify(API).slice(0, 55), "not JSON: it ends inside a string, at line 1 column 56"],
  ["cut-after-bracket.json", '{"status":"success","data":[', "not JSON: it ends inside an array, at line 1 column 29"],
  ["no-data.json", '{"status":"success"}\n', `${NOT_A_STATE} (JSON without the "data" list of GET /api/v1/metrics)`],
  ["array.json", "[1, 2]\n", `${NOT_A_STATE} (JSON without the "data" list of GET /api/v1/metrics)`],
  ["null-group.json", '{"status":"success","data":[null]}', `${NOT_A_STATE} (data[0] is null, not a group)`],
  ["bad-count.json", withFamily("h", { type: "HISTOGRAM", metrics: [{ labels: GROUP, count: "many", sum: "1", buckets: {} }] }), `${NOT_A_STATE} (data[0].h.metrics[0].count is "many", not a whole number)`],
  ["bad-bucket.json", withFamily("h", { type: "HISTOGRAM", metrics: [{ labels: GROUP, count: "1", sum: "1", buckets: { "0.5": 1.5 } }] }), `${NOT_A_STATE} (data[0].h.metrics[0].buckets["0.5"] is 1.5, not a whole number)`],
  ["escapes.json", withFamily("\u001b[2J\u001b[Hfake", { type: "GAUGE", metrics: [null] }), `${NOT_A_STATE} (data[0].\\u001b[2J\\u001b[Hfake.metrics[0] is null, not a metric)`],
  ["empty.json", "", `empty, ${NOT_A_STATE}`],
  ["blank.prom", " \n\n", `empty, ${NOT_A_STATE}`],
  ["garbage.prom", "\u001b[2J\u001b[Hall pushed fine\n", `${NOT_A_STATE} (line 1: unexpected character "\\u001b")`],
  ["error-page.txt", "An error has occurred while serving metrics:\n\ncollected metric was collected before\n", "the file is the gateway's error page (GET /metrics answered 500), not an exposition"],
];

const PAYLOAD = "# HELP jobs_done_total Jobs done.\n# TYPE jobs_done_total gauge\njobs_done_total 4\n";

let dir = "";

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "promtext-state-"));
  chmodSync(dir, 0o755);
  for (const [name, content] of BAD_STATES) writeFileSync(join(dir, name), content);
  writeFileSync(join(dir, "metrics.prom"), METRICS);
  writeFileSync(join(dir, "api.json"), JSON.stringify(API));
  writeFileSync(join(dir, "payload.prom"), PAYLOAD);
  writeFileSync(join(dir, "steps.json"), "[]\n");
  mkdirSync(join(dir, "a-directory.json"));
  writeFileSync(join(dir, "unreadable.json"), JSON.stringify(API), { mode: 0o600 });
  // sparse: 501 MiB on paper, nothing on disk
  writeFileSync(join(dir, "huge.prom"), "");
  truncateSync(join(dir, "huge.prom"), 501 * 1024 ** 2);
});

/** Every command that reads a gateway state from a file. */
const commands = (state: string): string[][] => [
  ["lint", "--gateway-state", state, "--gateway-group", "/metrics/job/backup/instance/db2", "payload.prom"],
  ["gateway", "simulate", "--state", state, "steps.json"],
];

describe.skipIf(!existsSync(cli))("--gateway-state and gateway simulate --state: a file that is not a state (built CLI)", () => {
  it.each(BAD_STATES)("%s: one line naming the file and the cause, exit 2", async (name, _content, cause) => {
    for (const args of commands(name)) {
      expect(await run(args, { cwd: dir })).toEqual({ code: 2, stdout: "", stderr: `promtext: ${name}: ${cause}\n` });
    }
  });

  it("a missing file, a directory, a file too large to read whole: one line, exit 2", async () => {
    const cases: Array<[string, string]> = [
      ["missing.json", "promtext: cannot read missing.json: no such file or directory\n"],
      ["a-directory.json", "promtext: cannot read a-directory.json: is a directory\n"],
      ["huge.prom", "promtext: huge.prom is larger than 500 MiB, the most promtext reads whole; promtext lint (without --gateway-group) reads any size as a stream\n"],
    ];
    for (const [name, stderr] of cases) for (const args of commands(name)) expect(await run(args, { cwd: dir })).toEqual({ code: 2, stdout: "", stderr });
  });

  it.skipIf(asRoot && SETPRIV === undefined)("a file that may not be read: one line, exit 2", async () => {
    for (const args of commands("unreadable.json")) {
      expect(await run(args, { cwd: dir, unprivileged: true })).toEqual({ code: 2, stdout: "", stderr: "promtext: cannot read unreadable.json: permission denied\n" });
    }
  });

  it("a saved /metrics and a saved /api/v1/metrics still work", async () => {
    for (const state of ["metrics.prom", "api.json"]) {
      const lint = await run(commands(state)[0]!, { cwd: dir });
      expect(lint.code).toBe(1);
      expect(lint.stdout).toContain("the gateway holds `jobs_done_total` as counter with HELP \"Jobs done.\" in group job=backup,instance=db1");
      expect(lint.stdout).toContain("[gateway-rejected]");
      const simulate = await run(commands(state)[1]!, { cwd: dir });
      expect(simulate).toMatchObject({ code: 0, stderr: "" });
      expect((JSON.parse(simulate.stdout) as { finalMetrics: string }).finalMetrics).toContain('jobs_done_total{instance="db1",job="backup"} 3');
    }
  });
});

let server: Server;
let base = "";

beforeAll(async () => {
  const answers: Record<string, string> = {
    "/html": "<html>\n<body>Pushgateway</body>\n</html>\n",
    "/truncated": '{"status":"success","data":[',
    "/null-group": '{"status":"success","data":[null]}',
    "/bad-count": withFamily("h", { type: "SUMMARY", metrics: [{ labels: GROUP, count: "-1", sum: "1" }] }),
  };
  server = createServer((req, res) => {
    const prefix = Object.keys(answers).find((p) => req.url === `${p}/api/v1/metrics`);
    res.writeHead(prefix === undefined ? 404 : 200);
    res.end(prefix === undefined ? "" : answers[prefix]);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server?.close();
});

describe.skipIf(!existsSync(cli))("a live gateway whose /api/v1/metrics is not a state: one line, exit 2 (built CLI)", () => {
  const reading = (gateway: string) => [
    ["push", "--dry-run", "--gateway", gateway, "--job", "backup", "payload.prom"],
    ["lint", "--gateway", gateway, "--gateway-group", "/metrics/job/backup", "payload.prom"],
  ];

  it("push and lint --gateway", async () => {
    const cases: Array<[string, string]> = [
      ["/html", "did not answer JSON: is this a Pushgateway?"],
      ["/truncated", ": not JSON: it ends inside an array, at line 1 column 29"],
      ["/null-group", `: ${NOT_A_STATE} (data[0] is null, not a group)`],
      ["/bad-count", `: ${NOT_A_STATE} (data[0].h.metrics[0].count is "-1", not a whole number)`],
    ];
    for (const [path, cause] of cases) {
      const where = `${base}${path}/api/v1/metrics`;
      for (const args of reading(`${base}${path}`)) {
        expect(await run(args, { cwd: dir })).toEqual({ code: 2, stdout: "", stderr: `promtext: ${where}${cause.startsWith(":") ? "" : " "}${cause}\n` });
      }
    }
  });

  it("gateway stale", async () => {
    const stale = (path: string) => run(["gateway", "stale", "--gateway", `${base}${path}`, "--older-than", "1h"]);
    expect(await stale("/html")).toEqual({ code: 2, stdout: "", stderr: `promtext: ${base}/html/api/v1/metrics did not answer JSON: is this a Pushgateway?\n` });
    expect(await stale("/truncated")).toEqual({ code: 2, stdout: "", stderr: `promtext: ${base}/truncated/api/v1/metrics did not answer JSON: is this a Pushgateway?\n` });
    expect(await stale("/null-group")).toEqual({ code: 2, stdout: "", stderr: `promtext: ${base}/null-group/api/v1/metrics: data[0] is not a group (an object)\n` });
  });
});
