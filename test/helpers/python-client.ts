import { spawnSync } from "node:child_process";

/** Debian's python3-prometheus-client, the Python reference parser (.ci/run installs it). */
const PYTHON = "/usr/bin/python3";

export const pythonClientAvailable = spawnSync(PYTHON, ["-c", "import prometheus_client.openmetrics.parser"], { stdio: "ignore" }).status === 0;
export const PYTHON_CLIENT_SKIP = "python3-prometheus-client is not installed (Debian's package; .ci/run installs it)";

const READ_ALL = `
import json, sys
from prometheus_client.openmetrics.parser import text_string_to_metric_families
verdicts = []
for text in json.load(sys.stdin):
    try:
        list(text_string_to_metric_families(text))
        verdicts.append(None)
    except Exception as e:
        verdicts.append(str(e) or type(e).__name__)
print(json.dumps(verdicts))
`;

/** For each OpenMetrics text, the Python parser's error, or null where it reads the text. */
export function pythonOpenMetricsVerdicts(texts: readonly string[]): (string | null)[] {
  const run = spawnSync(PYTHON, ["-c", READ_ALL], { input: JSON.stringify(texts), encoding: "utf8" });
  if (run.status !== 0) throw new Error(`python3 failed (${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout) as (string | null)[];
}
