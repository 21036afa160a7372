import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pushgatewayAvailable, PUSHGATEWAY_SKIP, startPushgateway, type RunningPushgateway } from "./helpers/pushgateway.js";

const root = join(import.meta.dirname, "..");
const cli = join(root, "dist/cli/promtext.cjs");

function run(args: string[], input = ""): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [cli, ...args], { cwd: root, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code) : 0, stdout, stderr }),
    );
    child.stdin?.end(input);
  });
}

const COUNTER = "# HELP jobs_done_total Jobs done.\n# TYPE jobs_done_total counter\njobs_done_total 3\n";
const AS_GAUGE = "# HELP jobs_done_total Jobs done.\n# TYPE jobs_done_total gauge\njobs_done_total 4\n";

describe.skipIf(!pushgatewayAvailable || !existsSync(cli))(`promtext push, delete, lint --gateway-group against a real Pushgateway${pushgatewayAvailable ? "" : ` (skipped: ${PUSHGATEWAY_SKIP})`}`, () => {
  let gateway: RunningPushgateway;
  const metrics = async () => (await (await fetch(`${gateway.url}/metrics`)).text()).split("\n").filter((l) => l.startsWith("jobs_done_total"));
  beforeAll(async () => {
    gateway = await startPushgateway();
  });
  afterAll(async () => {
    await gateway?.stop();
  });

  it("pushes a payload the gateway accepts", async () => {
    const r = await run(["push", "--gateway", gateway.url, "--job", "backup", "--label", "instance=db1", "-"], COUNTER);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`promtext: PUT ${gateway.url}/metrics/job/backup/instance/db1: HTTP 200\n`);
    expect(await metrics()).toEqual(['jobs_done_total{instance="db1",job="backup"} 3']);
  });

  it("explains a refused push with --dry-run, and does not make it", async () => {
    const dry = await run(["push", "--dry-run", "--gateway", gateway.url, "--job", "backup", "--label", "instance=db2", "-"], AS_GAUGE);
    expect(dry.code).toBe(1);
    expect(dry.stdout).toContain("the gateway would answer HTTP 400 (type-conflict)");
    expect(dry.stdout).toContain("is not a COUNTER");
    const refused = await run(["push", "--gateway", gateway.url, "--job", "backup", "--label", "instance=db2", "-"], AS_GAUGE);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("promtext: not pushed:");
    expect(await metrics()).toEqual(['jobs_done_total{instance="db1",job="backup"} 3']);
  });

  it("shows the /metrics change of an accepted --dry-run, without pushing", async () => {
    const dry = await run(["push", "--dry-run", "--gateway", gateway.url, "--job", "backup", "--label", "instance=db2", "-"], COUNTER.replace(" 3", " 5"));
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('+ jobs_done_total{instance="db2",job="backup"} 5');
    expect(await metrics()).toEqual(['jobs_done_total{instance="db1",job="backup"} 3']);
  });

  it("lint --gateway-group checks a payload against the live gateway and a saved state", async () => {
    const live = await run(["lint", "--gateway-group", "/metrics/job/backup/instance/db2", "--gateway", gateway.url, "-"], AS_GAUGE);
    expect(live.code).toBe(1);
    expect(live.stdout).toContain("[gateway-rejected]");
    expect(live.stdout).toContain("the gateway holds `jobs_done_total` as counter with HELP \"Jobs done.\" in group job=backup,instance=db1 since");
    const dir = mkdtempSync(join(tmpdir(), "promtext-gw-"));
    writeFileSync(join(dir, "state.prom"), await (await fetch(`${gateway.url}/metrics`)).text());
    const saved = await run(["lint", "--format", "json", "--gateway-group", "/metrics/job/backup/instance/db2", "--gateway-state", join(dir, "state.prom"), "-"], AS_GAUGE);
    expect((JSON.parse(saved.stdout) as Array<{ diagnostics: Array<{ code: string; line: number }> }>)[0]!.diagnostics.find((d) => d.code === "gateway-rejected")).toMatchObject({ line: 1 });
    const alone = await run(["lint", "--gateway-group", "/metrics/job/backup/instance/db2", "-"], AS_GAUGE);
    expect(alone.code).toBe(0);
    const withTimestamp = await run(["lint", "--gateway-group", "/metrics/job/backup", "-"], `${COUNTER.trim()} 1700000000000\n`);
    expect(withTimestamp.code).toBe(1);
    expect((await run(["lint", "--gateway-state", "x.prom", "-"], COUNTER)).code).toBe(2);
  });

  it("gateway stale lists groups older than the limit, and deletes them only when told", async () => {
    await run(["push", "--gateway", gateway.url, "--job", "old", "-"], COUNTER);
    const none = await run(["gateway", "stale", "--gateway", gateway.url, "--older-than", "1h"]);
    expect(none).toMatchObject({ code: 0, stdout: "" });
    expect(none.stderr).toMatch(/^promtext: 0 of \d+ groups older than 1h\n$/);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const listed = await run(["gateway", "stale", "--format", "json", "--gateway", gateway.url, "--older-than", "1s"]);
    const groups = JSON.parse(listed.stdout) as Array<{ labels: Record<string, string> }>;
    expect(groups.map((g) => g.labels["job"])).toContain("old");
    const unconfirmed = await run(["gateway", "stale", "--gateway", gateway.url, "--older-than", "1s", "--delete"]);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain("without --yes");
    const deleted = await run(["gateway", "stale", "--gateway", gateway.url, "--older-than", "1s", "--delete", "--yes"]);
    expect(deleted.code).toBe(0);
    expect(deleted.stderr).toContain(`DELETE /metrics/job/old: HTTP 202`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const after = JSON.parse((await run(["gateway", "stale", "--format", "json", "--gateway", gateway.url, "--older-than", "0s"])).stdout) as Array<{ labels: Record<string, string> }>;
    expect(after.map((g) => g.labels["job"])).not.toContain("old");
  });

  it("deletes a group", async () => {
    const r = await run(["delete", "--gateway", gateway.url, "--job", "backup", "--label", "instance=db1"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`promtext: DELETE ${gateway.url}/metrics/job/backup/instance/db1: HTTP 202\n`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await metrics()).toEqual([]);
  });

  it("fails with one line when the gateway cannot be reached", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    closed.close();
    const r = await run(["push", "--gateway", `http://127.0.0.1:${port}`, "--job", "x", "-"], COUNTER);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`promtext: cannot reach the Pushgateway at http://127.0.0.1:${port}: connection refused\n`);
  });
});
