/**
 * Vitest's global setup: before any test runs, one line for each thing some suites need that
 * this machine lacks, naming what is skipped for it (a laptop without the reference tools, a
 * clone without ../shared). `.ci/run` installs everything, so CI prints none of these.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { CONFORMANCE_DIR } from "../conformance/cases.js";
import { CHROMIUM, CHROMIUM_SKIP } from "./chromium.js";
import { GO_SKIP_REASON, goAvailable } from "./go-program.js";
import { PUSHGATEWAY_SKIP, pushgatewayAvailable } from "./pushgateway.js";
import { PYTHON_CLIENT_SKIP, pythonClientAvailable } from "./python-client.js";
import { asRoot, SETPRIV } from "./run-cli.js";

const root = join(import.meta.dirname, "..", "..");
const onPath = (name: string) => (process.env.PATH ?? "").split(":").some((dir) => dir !== "" && existsSync(join(dir, name)));

export default function reportSkipped(): void {
  const lacking: [boolean, string][] = [
    [!existsSync(join(CONFORMANCE_DIR, "..")), "../shared is absent: the conformance, recorded gateway cases, promtool cases and fuzz finds are not checked"],
    [!existsSync(join(root, "dist", "cli", "promtext.cjs")), "dist/ is not built (npm test builds it; npx vitest does not): the suites of the built CLI are skipped"],
    [!goAvailable, `${GO_SKIP_REASON}: the differential suites against Go's expfmt are skipped`],
    [!pushgatewayAvailable, `${PUSHGATEWAY_SKIP}: the suites against a real Pushgateway are skipped`],
    [!pythonClientAvailable, `${PYTHON_CLIENT_SKIP}: the OpenMetrics name clashes are not checked against the Python parser`],
    [!onPath("promtool"), "promtool is not installed (Debian's prometheus package; .ci/run installs it): the promlint differential suite is skipped"],
    [CHROMIUM === undefined, `${CHROMIUM_SKIP}: the playground page's suite in a browser is skipped`],
    [!existsSync("/usr/bin/time"), "GNU time is not installed (Debian's time; .ci/run installs it): the peak-RSS suite of large inputs is skipped"],
    [
      !existsSync(join(root, "node_modules", "@microsoft", "sarif-multitool-linux")),
      "the SARIF schema (@microsoft/sarif-multitool-linux, which .ci/run installs with --no-save) is absent: SARIF reports are not validated against it",
    ],
    [asRoot && SETPRIV === undefined, "running as root without setpriv: the tests of unreadable and unwritable files are skipped"],
  ];
  for (const [missing, what] of lacking) if (missing) console.log(`promtext tests: skipped: ${what}`);
}
