import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gateway } from "../src/index.js";

const root = join(import.meta.dirname, "..");

describe("the library's exports", () => {
  it("gateway holds the documented API only (README, Library)", () => {
    expect(Object.keys(gateway).sort()).toEqual(["GATEWAY_VERSIONS", "StateFileError", "TEXT_PUSH_CONTENT_TYPE", "applyRequest", "createGateway", "exposeMetrics", "loadGatewayState"]);
  });

  it.skipIf(!existsSync(join(root, "dist", "index.js")))("require(\"promtext\") works from CommonJS, with no warning (needs npm run build)", () => {
    const project = mkdtempSync(join(tmpdir(), "promtext-cjs-"));
    mkdirSync(join(project, "node_modules"));
    symlinkSync(root, join(project, "node_modules", "promtext"));
    writeFileSync(join(project, "package.json"), '{ "name": "user", "version": "1.0.0" }\n');
    writeFileSync(
      join(project, "use.cjs"),
      'const { lint, parse } = require("promtext");\nconst r = lint("# TYPE m gauge\\nm{a=\\"1\\"} 1\\nbad{ 2\\n");\nconsole.log(parse("m 1\\n").families.length, r.valid, r.diagnostics.map((d) => d.code).join(","));\n',
    );
    const r = spawnSync(process.execPath, ["use.cjs"], { cwd: project, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("1 false help-missing,unexpected-character\n");
  });
});
