/**
 * The 79 recorded Pushgateway cases (../shared/gateway-cases, Debian's 1.5.1): replay.py
 * --predict runs `promtext gateway simulate` on each case's steps.json and compares status,
 * class and the final exposition with what the real gateway answered. Uses the built CLI
 * (dist/; `npm test` builds first).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const casesDir = path.resolve(root, "../shared/gateway-cases");
const replay = path.join(casesDir, "replay.py");
const cli = path.join(root, "dist/cli/promtext.cjs");
const python = spawnSync("python3", ["--version"], { stdio: "ignore" }).status === 0;
const skip = !existsSync(replay) ? "../shared/gateway-cases is not there" : !python ? "python3 is not installed" : !existsSync(cli) ? "dist/ is not built (npm run build)" : "";
if (skip) console.log(`gateway cases skipped: ${skip}`);

describe.skipIf(skip !== "")("the recorded Pushgateway cases (replay.py --predict)", () => {
  it("predicts all 79 cases", () => {
    const r = spawnSync("python3", [replay, "--predict", `${JSON.stringify(process.execPath)} ${JSON.stringify(cli)} gateway simulate`], { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    const lines = r.stdout.split("\n");
    const ok = lines.filter((l) => l.startsWith("ok ")).length;
    const failed = lines.filter((l) => l.startsWith("FAIL"));
    console.log(`gateway cases: ${ok}/${ok + failed.length} predicted`);
    if (failed.length > 0) console.log(r.stdout);
    expect(r.stderr).toBe("");
    expect(failed).toEqual([]);
    expect(ok).toBe(79);
    expect(r.status).toBe(0);
  });
});
