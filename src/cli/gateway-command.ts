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
