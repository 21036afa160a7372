import { Option, type Command } from "commander";
import { jsonSyntaxError } from "../diagnostics/json-syntax-error.js";
import { safeMessage } from "../diagnostics/message.js";
import { createGateway } from "../gateway/gateway.js";
import { ScriptError, simulate, validateScript } from "../gateway/simulate.js";
import { GATEWAY_VERSIONS, type GatewayVersion } from "../gateway/versions.js";
import { readGatewayState } from "./gateway-state.js";
import { readInput, UsageError } from "./inputs.js";
import { writeStderr, writeStdout } from "./output.js";

export interface SimulateCommandOptions {
  state?: string;
  gatewayVersion: string;
  now?: string;
  raw?: boolean;
  disableConsistencyCheck?: boolean;
}

/**
 * `promtext gateway simulate SCRIPT.json`: the requests replayed against the Pushgateway model;
 * prints {"steps":[{status,class,body}…],"finalStatus","finalMetrics"} as replay.py --predict
 * reads it. Returns the exit code.
 */
export async function simulateCommand(scriptPath: string, options: SimulateCommandOptions): Promise<number> {
  if (!(GATEWAY_VERSIONS as readonly string[]).includes(options.gatewayVersion)) {
    throw new UsageError(`--gateway-version must be one of ${GATEWAY_VERSIONS.join(", ")}; got "${options.gatewayVersion}"`);
  }
  const version = options.gatewayVersion as GatewayVersion;
  let start: number | undefined;
  if (options.now !== undefined) {
    start = Number(options.now);
    if (!Number.isFinite(start) || start < 0) throw new UsageError(`--now takes Unix seconds; got "${options.now}"`);
  }
  const input = await readInput(scriptPath);
  const text = new TextDecoder().decode(input.bytes);
  let script: unknown;
  try {
    script = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${input.name}: not JSON: ${safeMessage(jsonSyntaxError(text) ?? (error as Error).message)}`);
  }
  let steps;
  try {
    steps = validateScript(script);
  } catch (error) {
    if (error instanceof ScriptError) throw new UsageError(`${input.name}: ${safeMessage(error.message)}`);
    throw error;
  }
  let groups;
  if (options.state !== undefined) {
    const loaded = await readGatewayState(options.state, { version, ...(start !== undefined ? { now: start } : {}) });
    await writeStderr(loaded.notes.map((note) => `promtext gateway simulate: ${loaded.name}: ${safeMessage(note)}\n`));
    groups = loaded.groups;
  }
  const state = createGateway({
    version,
    consistencyCheck: options.disableConsistencyCheck !== true,
    ...(groups !== undefined ? { groups, activity: { pushSeen: groups.size > 0 } } : {}),
  });
  let tick = 0;
  const clock = start === undefined ? undefined : () => (start as number) + tick++ * 0.001;
  const result = simulate(steps, { state, raw: options.raw === true, ...(clock ? { clock } : {}) });
  await writeStdout(`${JSON.stringify(result, null, 1)}\n`);
  return 0;
}

/** Registers the Pushgateway commands (`gateway …`, `push`, `delete`, `merge`). */
export function registerGatewayCommands(program: Command): void {
  const gateway = program.command("gateway").description("the Pushgateway model: what a Pushgateway (1.5.1) answers and exposes");
  gateway
    .command("simulate")
    .description("replay requests against the Pushgateway model and print each answer and the final GET /metrics")
    .argument("<script>", 'a JSON array of requests: [{"method","path","contentType","body"|"bodyBase64","gzip"?,"headers"?}], or - for standard input')
    .option("--state <file>", "start from a saved GET /metrics text or GET /api/v1/metrics JSON instead of an empty gateway")
    .addOption(new Option("--gateway-version <version>", "which Pushgateway to model").choices([...GATEWAY_VERSIONS]).default("1.5.1"))
    .option("--now <seconds>", "Unix time of the first request (then 1 ms per request); default: the clock")
    .option("--raw", "print bodies as the gateway sends them, not normalized as replay.py compares them")
    .option("--disable-consistency-check", "model --push.disable-consistency-check (pushes answered 202, stored unchecked)")
    .addHelpText(
      "after",
      `
The output is what ../shared/gateway-cases/replay.py --predict reads:
  {"steps":[{"status":200,"class":"ok","body":""},…],"finalStatus":200,"finalMetrics":"…"}
Bodies and the final exposition are normalized as replay.py normalizes a real gateway's
(only pushed series, Unix times as <ts>, error lists sorted) unless --raw. A step whose answer
depends on Go's map order also lists "variants".

Examples:
  promtext gateway simulate steps.json
  promtext gateway simulate --state saved-metrics.txt --now 1700000000 steps.json
  python3 replay.py --predict "promtext gateway simulate"

Exit codes: 0 simulated, 2 unreadable or malformed script or state.`,
    )
    .action(async (script: string, options: SimulateCommandOptions) => {
      process.exitCode = await simulateCommand(script, options);
    });
}
