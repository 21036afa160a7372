import { safeMessage } from "../diagnostics/message.js";
import { applyRequest, createGateway, exposeMetrics, TEXT_PUSH_CONTENT_TYPE, type GatewayResult, type GatewayState } from "../gateway/gateway.js";
import { GroupingKeyError, groupingKeyPath } from "../gateway/grouping-key.js";
import { loadGatewayState, StateFileError } from "../gateway/state-file.js";
import { parseByteSize } from "./byte-size.js";
import { parseDuration } from "./duration.js";
import { connection, GatewayError, request, type GatewayConnection } from "./gateway-http.js";
import { readInput, UsageError } from "./inputs.js";
import { writeStderr, writeStdout } from "./output.js";

export interface PushCommandOptions {
  gateway: string;
  job: string;
  label?: string[];
  method: string;
  dryRun?: boolean;
  check: boolean;
  header?: string[];
  user?: string;
  timeout: string;
  maxBytes: string;
}

/** `k=v` pairs into the grouping labels, job first. */
export function groupingLabels(job: string, pairs: readonly string[] = []): Record<string, string> {
  const labels: Record<string, string> = { job };
  for (const pair of pairs) {
    const at = pair.indexOf("=");
    if (at <= 0) throw new UsageError(`--label ${pair}: expected name=value`);
    labels[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return labels;
}

function pathOf(labels: Record<string, string>): string {
  try {
    return groupingKeyPath(labels);
  } catch (error) {
    if (error instanceof GroupingKeyError) throw new UsageError(`grouping key: ${error.message}`);
    throw error;
  }
}

/** What the live gateway holds now, read from /api/v1/metrics (types, HELP and groups included). */
export async function liveState(conn: GatewayConnection): Promise<GatewayState> {
  const answer = await request(conn, "GET", "/api/v1/metrics");
  if (answer.status !== 200) throw new UsageError(`GET ${conn.base}/api/v1/metrics answered HTTP ${answer.status}; cannot check the push (use --no-check to push unchecked)`);
  if (!answer.body.trimStart().startsWith("{")) throw new GatewayError(`${conn.base}/api/v1/metrics did not answer JSON: is this a Pushgateway?`);
  try {
    return createGateway({ groups: loadGatewayState(answer.body).groups, activity: { pushSeen: true } });
  } catch (error) {
    if (error instanceof StateFileError) throw new GatewayError(`${conn.base}/api/v1/metrics: ${safeMessage(error.message)}`);
    throw error;
  }
}

/** The exposition's lines that a change removes and adds, as a small diff (push times left out). */
export function metricsDiff(before: string, after: string): string {
  const keep = (line: string) => line !== "" && !/^push(_failure)?_time_seconds[{ ]/.test(line);
  const a = before.split("\n").filter(keep);
  const b = after.split("\n").filter(keep);
  const inA = new Set(a);
  const inB = new Set(b);
  const removed = a.filter((l) => !inB.has(l)).map((l) => `- ${l}`);
  const added = b.filter((l) => !inA.has(l)).map((l) => `+ ${l}`);
  return [...removed, ...added].join("\n");
}

function describe(result: GatewayResult): string {
  const body = result.body.trim();
  return `HTTP ${result.status} (${result.class})${body ? `: ${body}` : ""}`;
}

/**
 * `promtext push`: checks the payload against what the live gateway holds (unless --no-check),
 * predicts the answer, and then pushes it, or with --dry-run prints the prediction and the
 * /metrics diff without pushing. Exit 0 accepted, 1 refused, 2 usage or network problem.
 */
export async function push(file: string, options: PushCommandOptions): Promise<number> {
  const method = options.method.toUpperCase();
  if (method !== "PUT" && method !== "POST") throw new UsageError(`--method must be put or post; got "${options.method}"`);
  const conn = connection(options.gateway, options.header, options.user, parseDuration(options.timeout, "--timeout"), parseByteSize(options.maxBytes, "--max-bytes"));
  const path = pathOf(groupingLabels(options.job, options.label));
  const input = await readInput(file);

  const state = options.check ? await liveState(conn) : createGateway();
  const predicted = applyRequest(state, { method, path, contentType: TEXT_PUSH_CONTENT_TYPE, body: input.bytes });
  const accepted = predicted.status >= 200 && predicted.status < 300;
  const where = `${method} ${conn.base}${path}`;
  const prediction = `${where}: ${options.check ? "the gateway would answer" : "an empty gateway would answer"} ${describe(predicted)}`;
  if (options.dryRun) {
    const exitCode = accepted ? 0 : 1;
    const diff = accepted ? metricsDiff(exposeMetrics(state), exposeMetrics(predicted.state)) : undefined;
    const change = diff === undefined ? [] : diff ? ["/metrics would change:\n", diff, "\n"] : ["/metrics would not change\n"];
    await writeStdout([`${prediction}\n`, ...change], { exitCode });
    return exitCode;
  }
  if (!accepted && options.check) {
    await writeStderr(`promtext: not pushed: ${prediction}\n`);
    return 1;
  }
  const answer = await request(conn, method, path, input.bytes, TEXT_PUSH_CONTENT_TYPE);
  const ok = answer.status >= 200 && answer.status < 300;
  await writeStderr(`promtext: ${where}: HTTP ${answer.status}${answer.body.trim() ? `: ${safeMessage(answer.body.trim())}` : ""}\n`);
  if (ok !== accepted) await writeStderr(`promtext: note: the prediction was ${describe(predicted)}\n`);
  return ok ? 0 : 1;
}

export interface DeleteCommandOptions {
  gateway: string;
  job: string;
  label?: string[];
  header?: string[];
  user?: string;
  timeout: string;
  maxBytes: string;
}

/** `promtext delete`: deletes a group (the gateway answers 202 and applies it in order). */
export async function deleteGroup(options: DeleteCommandOptions): Promise<number> {
  const conn = connection(options.gateway, options.header, options.user, parseDuration(options.timeout, "--timeout"), parseByteSize(options.maxBytes, "--max-bytes"));
  const path = pathOf(groupingLabels(options.job, options.label));
  const answer = await request(conn, "DELETE", path);
  const ok = answer.status >= 200 && answer.status < 300;
  await writeStderr(`promtext: DELETE ${conn.base}${path}: HTTP ${answer.status}${answer.body.trim() ? `: ${safeMessage(answer.body.trim())}` : ""}\n`);
  return ok ? 0 : 1;
}
