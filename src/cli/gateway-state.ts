import { safeMessage } from "../diagnostics/message.js";
import { loadGatewayState, StateFileError, type LoadedState } from "../gateway/state-file.js";
import type { GatewayVersion } from "../gateway/versions.js";
import { readInput, UsageError } from "./inputs.js";

/**
 * A saved gateway state (`lint --gateway-state`, `gateway simulate --state`), read and loaded.
 * A file that cannot be read or is not a state is one line naming it and the cause, exit 2.
 */
export async function readGatewayState(path: string, options: { version?: GatewayVersion; now?: number } = {}): Promise<LoadedState & { name: string }> {
  const input = await readInput(path);
  try {
    return { name: input.name, ...loadGatewayState(new TextDecoder().decode(input.bytes), options) };
  } catch (error) {
    if (error instanceof StateFileError) throw new UsageError(`${input.name}: ${safeMessage(error.message)}`);
    throw error;
  }
}
