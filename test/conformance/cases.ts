import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { InputFormat } from "../../src/diagnostics/codes.js";
import type { Target } from "../../src/diagnostics/targets.js";

const here = dirname(fileURLToPath(import.meta.url));
/** The shared conformance data, read in place beside the repository. */
export const CONFORMANCE_DIR = resolve(here, "../../../shared/conformance");
export const conformanceAvailable = existsSync(CONFORMANCE_DIR);

export interface ConformanceCase {
  /** `suite/case`, the id used in the deviations list. */
  id: string;
  suite: string;
  input: Uint8Array;
  format: InputFormat;
  target: Target;
  valid: boolean;
  expect: Record<string, unknown>;
}

/**
 * The target whose verdict a case asserts: the official OpenMetrics suite and client_python
 * follow the specifications (`strict`), expfmt cases are promtool's parser (and the
 * Pushgateway's), textparse cases are Prometheus' scrape parser.
 */
export function targetOf(suite: string, parser: string | undefined): Target {
  if (parser === undefined || parser.startsWith("client_python")) return "strict";
  if (parser.includes("expfmt")) return suite === "serializer-golden" ? "strict" : "promtool";
  if (parser.includes("textparse")) return "prometheus";
  throw new Error(`no target for parser ${parser}`);
}

export function loadCases(): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const suite of readdirSync(CONFORMANCE_DIR).sort()) {
    const suiteDir = join(CONFORMANCE_DIR, suite);
    if (!existsSync(join(suiteDir)) || suite === "escaping" || suite.endsWith(".md")) continue;
    for (const name of readdirSync(suiteDir).sort()) {
      const expectPath = join(suiteDir, name, "expect.json");
      if (!existsSync(expectPath)) continue;
      const expect = JSON.parse(readFileSync(expectPath, "utf8")) as Record<string, unknown>;
      let input: Uint8Array = readFileSync(join(suiteDir, name, "input.txt"));
      if (expect["fragment_without_eof"] === true) input = Buffer.concat([input, Buffer.from("# EOF\n")]);
      cases.push({
        id: `${suite}/${name}`,
        suite,
        input,
        format: expect["format"] === "openmetrics" ? "openmetrics" : "prometheus",
        target: targetOf(suite, expect["parser"] as string | undefined),
        valid: expect["valid"] === true,
        expect,
      });
    }
  }
  return cases;
}
