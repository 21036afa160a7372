import { judge, verdictNote, type Diagnostic } from "../diagnostics/diagnostic.js";
import { applyRequest, createGateway, TEXT_PUSH_CONTENT_TYPE, type GatewayState } from "../gateway/gateway.js";
import type { ParseResult } from "../parser/parse.js";
import { connection } from "./gateway-http.js";
import { readGatewayState } from "./gateway-state.js";
import { UsageError } from "./inputs.js";
import { liveState } from "./push.js";

export interface GatewayCheckOptions {
  gatewayGroup: string;
  gatewayState?: string;
  gateway?: string;
  gatewayMethod: string;
  header?: string[];
  timeoutMs: number;
  maxBytes: number;
}

/** The gateway to check against: a saved state file, the live gateway, or an empty one. */
export async function gatewayFor(options: GatewayCheckOptions): Promise<GatewayState> {
  if (options.gatewayState !== undefined && options.gateway !== undefined) throw new UsageError("give --gateway-state or --gateway, not both");
  if (options.gatewayState !== undefined) return createGateway({ groups: (await readGatewayState(options.gatewayState)).groups, activity: { pushSeen: true } });
  if (options.gateway !== undefined) return liveState(connection(options.gateway, options.header, undefined, options.timeoutMs, options.maxBytes));
  return createGateway();
}

/** Where a gateway error names a family of the payload: that family's first line. */
function lineOfError(result: ParseResult, error: string): number {
  for (const m of error.matchAll(/"([^"]+)"/g)) {
    const family = result.families.find((f) => f.name === m[1] || m[1]!.startsWith(`${f.name}_`));
    if (family) return family.line;
  }
  return 1;
}

/** Where else the gateway holds a family the error names: its TYPE and HELP in each other group. */
function otherSides(state: GatewayState, reason: string): string {
  const names = [...reason.matchAll(/"([^"]+)"/g)].map((m) => m[1] as string);
  const sides: string[] = [];
  for (const g of state.groups.values()) {
    const labels = Object.entries(g.labels)
      .sort(([a], [b]) => (a === "job" ? -1 : b === "job" ? 1 : a < b ? -1 : 1))
      .map(([k, v]) => `${k}=${v}`)
      .join(",");
    for (const name of names) {
      const stored = g.families.get(name);
      if (stored === undefined) continue;
      const family = stored.family;
      const since = stored.pushedAt > 0 ? ` since ${new Date(stored.pushedAt * 1000).toISOString()}` : "";
      sides.push(`${(family.type ?? "COUNTER").toLowerCase()}${family.help !== undefined ? ` with HELP ${JSON.stringify(family.help)}` : ""} in group ${labels}${since}`);
    }
  }
  return sides.length === 0 ? "" : `; the gateway holds \`${names[0]}\` as ${[...new Set(sides)].join("; ")}`;
}

/** The push of this payload into the group, as the gateway would answer it: one diagnostic per reason it gives. */
export function gatewayFindings(state: GatewayState, result: ParseResult, bytes: Uint8Array, options: GatewayCheckOptions): Diagnostic[] {
  const method = options.gatewayMethod.toUpperCase();
  const answer = applyRequest(state, { method, path: options.gatewayGroup, contentType: TEXT_PUSH_CONTENT_TYPE, body: bytes });
  if (answer.status >= 200 && answer.status < 300) return [];
  const { severity, rejectedBy } = judge("gateway-rejected", result.format, result.target);
  const note = severity === "error" ? "" : verdictNote(rejectedBy);
  const reasons = answer.problems && answer.problems.length > 0 ? answer.problems.map((p) => p.message) : [answer.body.trim() || `HTTP ${answer.status}`];
  return reasons.map((reason) => {
    const line = lineOfError(result, reason);
    const offset = result.lines.lineStart(line);
    const message = `${method} ${options.gatewayGroup} would be refused (HTTP ${answer.status}, ${answer.class}): ${reason}${otherSides(state, reason)}`;
    return { code: "gateway-rejected", severity, message: note ? `${message} (${note})` : message, line, column: 1, endLine: line, endColumn: 2, offset, length: 1, rejectedBy };
  });
}
