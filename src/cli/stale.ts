import { safeMessage } from "../diagnostics/message.js";
import { createInterface } from "node:readline/promises";
import { parseByteSize } from "./byte-size.js";
import { parseDuration } from "./duration.js";
import { connection, GatewayError, request, type GatewayConnection } from "./gateway-http.js";
import { UsageError } from "./inputs.js";
import { writeStderr, writeStdout } from "./output.js";
import { groupingKeyPath } from "../gateway/grouping-key.js";
import { arrayPieces, jsonDocument } from "./report/json-pieces.js";

export interface StaleOptions {
  gateway: string;
  olderThan: string;
  delete?: boolean;
  yes?: boolean;
  header?: string[];
  user?: string;
  timeout: string;
  maxBytes: string;
  format: string;
}

export interface GroupAge {
  labels: Record<string, string>;
  pushTime: number | undefined;
  ageSeconds: number | undefined;
  lastPushSuccessful: boolean | undefined;
}

/** The groups of a live gateway with their last successful push, from /api/v1/metrics. */
export async function groupsOf(conn: GatewayConnection, now = Date.now() / 1000): Promise<GroupAge[]> {
  const answer = await request(conn, "GET", "/api/v1/metrics");
  if (answer.status !== 200) throw new GatewayError(`GET ${conn.base}/api/v1/metrics answered HTTP ${answer.status}`);
  let data: unknown;
  try {
    data = (JSON.parse(answer.body) as { data?: unknown }).data;
  } catch {
    throw new GatewayError(`${conn.base}/api/v1/metrics did not answer JSON: is this a Pushgateway?`);
  }
  if (!Array.isArray(data)) throw new GatewayError(`${conn.base}/api/v1/metrics: no "data" list`);
  return data.map((entry: unknown, i) => {
    if (entry === null || typeof entry !== "object" || Array.isArray(entry)) throw new GatewayError(`${conn.base}/api/v1/metrics: data[${i}] is not a group (an object)`);
    const group = entry as Record<string, unknown>;
    const labels = (group["labels"] ?? {}) as Record<string, string>;
    const push = group["push_time_seconds"] as { metrics?: Array<{ value?: string }> } | undefined;
    const value = push?.metrics?.[0]?.value;
    const pushTime = value === undefined ? undefined : Number(value);
    const lastPushSuccessful = typeof group["last_push_successful"] === "boolean" ? (group["last_push_successful"] as boolean) : undefined;
    return { labels, pushTime, ageSeconds: pushTime === undefined || pushTime === 0 ? undefined : now - pushTime, lastPushSuccessful };
  });
}

function describeAge(seconds: number | undefined): string {
  if (seconds === undefined) return "never pushed successfully";
  const units: Array<[number, string]> = [
    [86400, "d"],
    [3600, "h"],
    [60, "m"],
  ];
  for (const [size, unit] of units) if (seconds >= size) return `${(seconds / size).toFixed(1)}${unit} ago`;
  return `${Math.round(seconds)}s ago`;
}

function describeGroup(labels: Record<string, string>): string {
  const { job, ...rest } = labels;
  return [`job=${JSON.stringify(job ?? "")}`, ...Object.entries(rest).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}=${JSON.stringify(v)}`)].join(",");
}

/**
 * `promtext gateway stale`: the groups whose last successful push is older than the limit (the
 * Pushgateway has no TTL), and with --delete their deletion, after a confirmation unless --yes.
 */
export async function stale(options: StaleOptions): Promise<number> {
  const limit = parseDuration(options.olderThan, "--older-than") / 1000;
  const conn = connection(options.gateway, options.header, options.user, parseDuration(options.timeout, "--timeout"), parseByteSize(options.maxBytes, "--max-bytes"));
  const groups = await groupsOf(conn);
  // the gateway lists its groups in Go's map order, different on each request
  const old = groups
    .filter((g) => g.ageSeconds === undefined || g.ageSeconds > limit)
    .map((g) => ({ group: g, key: describeGroup(g.labels) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ group }) => group);
  if (options.format === "json") {
    await writeStdout(jsonDocument(arrayPieces(old, (g) => ({ labels: g.labels, pushTimeSeconds: g.pushTime ?? null, ageSeconds: g.ageSeconds ?? null, lastPushSuccessful: g.lastPushSuccessful ?? null }))));
  } else {
    await writeStdout(old.map((g) => `${describeGroup(g.labels)}  last push ${describeAge(g.ageSeconds)}${g.lastPushSuccessful === false ? ", last push failed" : ""}\n`));
    await writeStderr(`promtext: ${old.length} of ${groups.length} groups older than ${options.olderThan}\n`);
  }
  if (!options.delete || old.length === 0) return 0;
  if (!options.yes) {
    if (!process.stdin.isTTY) throw new UsageError(`refusing to delete ${old.length} groups without --yes (standard input is not a terminal to confirm on)`);
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    const answer = await rl.question(`Delete these ${old.length} groups from ${conn.base}? [y/N] `);
    rl.close();
    if (!/^y(es)?$/i.test(answer.trim())) {
      await writeStderr("promtext: nothing deleted\n");
      return 0;
    }
  }
  let failed = 0;
  for (const g of old) {
    const path = groupingKeyPath(g.labels);
    const answer = await request(conn, "DELETE", path);
    const ok = answer.status >= 200 && answer.status < 300;
    if (!ok) failed++;
    await writeStderr(`promtext: DELETE ${path}: HTTP ${answer.status}${ok ? "" : ` ${safeMessage(answer.body.trim())}`}\n`);
  }
  return failed > 0 ? 1 : 0;
}
