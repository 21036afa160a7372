import type { Command } from "commander";

/** Registers the Pushgateway commands (`gateway …`, `push`, `delete`, `merge`). */
export function registerGatewayCommands(program: Command): void {
  void program;
}
