import { spawnSync } from "node:child_process";
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { writeLargePayload } from "../bench/payloads.mjs";

/**
 * `promtext lint` of 300 MB and 1 GB, from a file and from standard input, run as users run it
 * (by its #! line), in at most 150 MiB of peak RSS (GNU time's figure). The payloads are
 * node-exporter-like families (bench/payloads.mjs), and 200 MB of tiny series in one family,
 * written once to the temporary directory.
 */
const cli = resolve("dist/cli/promtext.cjs");
const TIME = "/usr/bin/time";
const LIMIT_MIB = 150;
const dir = join(tmpdir(), "promtext-large-input");
const ready = existsSync(cli) && existsSync(TIME);

function lintMeasured(shell: string): { status: number | null; stdout: string; stderr: string; rssMiB: number } {
  const run = spawnSync("sh", ["-c", `${TIME} -f 'peak-rss-kb %M' sh -c '${shell}'`], { encoding: "utf8", maxBuffer: 1 << 28 });
  const peak = /peak-rss-kb (\d+)\s*$/.exec(run.stderr);
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, rssMiB: peak ? Number(peak[1]) / 1024 : Number.NaN };
}

describe.skipIf(!ready)(`lint of large inputs in ≤ ${LIMIT_MIB} MiB (needs npm run build and GNU time at ${TIME})`, () => {
  const files: Record<string, string> = {};
  beforeAll(async () => {
    mkdirSync(dir, { recursive: true });
    chmodSync(cli, 0o755);
    for (const [name, bytes] of [["300MB", 300_000_000], ["1GB", 1_000_000_000]] as const) {
      const file = join(dir, `${name}.prom`);
      if (!existsSync(file) || Math.abs(statSync(file).size - bytes) > 6_000_000) await writeLargePayload(file, bytes, 512);
      files[name] = file;
    }
    files.oneFamily = join(dir, "one-family.prom");
    if (!existsSync(files.oneFamily)) {
      const fd = openSync(files.oneFamily, "w");
      writeSync(fd, "# HELP m A gauge of many series.\n# TYPE m gauge\n");
      for (let i = 0; i < 11_800_000; i += 100_000) writeSync(fd, Array.from({ length: 100_000 }, (_, k) => `m{i="${i + k}"} 1\n`).join(""));
      closeSync(fd);
    }
  }, 300_000);

  it("200 MB of tiny series in one family, from a file: the family is checked whole, in parts", () => {
    const run = lintMeasured(`${cli} lint --format json ${files.oneFamily}`);
    // on a failure, say what was reported (the JSON report's first findings, and stderr)
    expect(run.status, `${run.stdout.slice(0, 4000)}\n${run.stderr}`).toBe(0);
    const report = JSON.parse(run.stdout) as Array<{ valid: boolean; families: number; samples: number; diagnostics: Array<{ code: string; message: string }> }>;
    const file = report[0]!;
    expect(file).toMatchObject({ valid: true, families: 1, samples: 11_800_000 });
    expect(file.diagnostics.map((d) => `${d.code}: ${d.message}`)).toEqual(["family-cardinality: `m` has 11800000 series (counted as promtool --extended does), more than 1000"]);
    console.log(`lint of 200 MB in one family: peak RSS ${run.rssMiB.toFixed(1)} MiB (limit ${LIMIT_MIB})`);
    expect(run.rssMiB).toBeLessThanOrEqual(LIMIT_MIB);
  }, 600_000);

  const VIA = { file: "a file", stdin: "standard input", redirected: "standard input redirected from the file" } as const;
  for (const name of ["300MB", "1GB"]) {
    for (const via of name === "1GB" ? (["file", "stdin"] as const) : (["file", "stdin", "redirected"] as const)) {
      it(`${name} from ${VIA[via]}`, () => {
        const file = files[name] as string;
        const lint = `${cli} lint --quiet --target pushgateway`;
        const run = lintMeasured(via === "file" ? `${lint} ${file}` : via === "stdin" ? `cat ${file} | ${lint}` : `${lint} - < ${file}`);
        expect(run.stderr.replace(/peak-rss-kb \d+\s*$/, "")).toBe("");
        expect(run.status).toBe(0);
        console.log(`lint of ${name} from ${VIA[via]}: peak RSS ${run.rssMiB.toFixed(1)} MiB (limit ${LIMIT_MIB})`);
        expect(run.rssMiB).toBeLessThanOrEqual(LIMIT_MIB);
      }, 600_000);
    }
  }
});
