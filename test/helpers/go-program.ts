import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** Debian's Go sources (golang-github-prometheus-common-dev and friends), built without modules. */
export const GOPATH = "/usr/share/gocode";
const EXPFMT_DIR = `${GOPATH}/src/github.com/prometheus/common/expfmt`;
export const goAvailable = spawnSync("go", ["version"], { stdio: "ignore" }).status === 0 && existsSync(EXPFMT_DIR);
export const GO_SKIP_REASON = "Go or golang-github-prometheus-common-dev not installed; .ci/run installs them";

/**
 * A small Go program of the differential tests, built once into a temporary folder, and run
 * once over many inputs written there as files (one JSON result per input on stdout).
 */
export class GoProgram {
  readonly workDir: string;
  private readonly bin: string;

  constructor(source: string, name: string) {
    this.workDir = mkdtempSync(path.join(os.tmpdir(), `promtext-${name}-`));
    this.bin = path.join(this.workDir, name);
    const built = spawnSync("go", ["build", "-o", this.bin, source], { env: { ...process.env, GO111MODULE: "off", GOPATH, GOFLAGS: "" }, encoding: "utf8" });
    if (built.status !== 0) throw new Error(`go build failed:\n${built.stderr}`);
  }

  /** Writes the inputs to `<workDir>/<dirName>/` (named after `names` when given) and runs the program over them. */
  run<T>(inputs: readonly (string | Uint8Array)[], dirName: string, names?: readonly string[], leadingArgs: readonly string[] = []): T[] {
    const dir = path.join(this.workDir, dirName);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    const files = inputs.map((input, i) => {
      const name = names?.[i]?.replace(/[^a-zA-Z0-9_.#:-]+/g, "_") ?? "";
      const file = path.join(dir, `${String(i).padStart(4, "0")}${name ? `-${name}` : ""}.prom`);
      writeFileSync(file, input);
      return file;
    });
    const run = spawnSync(this.bin, [...leadingArgs, ...files], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    if (run.status !== 0) throw new Error(`${path.basename(this.bin)} failed:\n${run.stderr}`);
    const results = JSON.parse(run.stdout) as T[];
    if (results.length !== inputs.length) throw new Error(`${path.basename(this.bin)} returned ${results.length} results for ${inputs.length} inputs`);
    return results;
  }

  /** Removes the temporary folder, unless PROMTEXT_KEEP_DIFFERENTIAL is set. */
  dispose(): void {
    if (process.env["PROMTEXT_KEEP_DIFFERENTIAL"] === undefined) rmSync(this.workDir, { recursive: true, force: true });
  }
}
