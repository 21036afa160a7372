/**
 * Differential test against a real Pushgateway (the Debian package, 1.5.1): random sequences of
 * PUT/POST/DELETE with colliding families, types, HELP texts and labels are sent to the gateway
 * and replayed against promtext's model; every answer (status and class) and the /metrics each
 * sequence leaves behind (normalized as replay.py does) must agree. One gateway serves all
 * sequences: each uses its own job and family names and deletes its groups afterwards.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classify, normalizeMetrics } from "../src/gateway/replay-format.js";
import { simulate, type ScriptStep } from "../src/gateway/simulate.js";
import { pushgatewayAvailable, PUSHGATEWAY_SKIP, startPushgateway, type RunningPushgateway } from "./helpers/pushgateway.js";

const SEQUENCES = Number(process.env["PROMTEXT_GATEWAY_SEQUENCES"] ?? 1000);

interface Family {
  name: "x" | "y" | "z";
  type: "counter" | "gauge" | "untyped" | "summary";
  help: string | undefined;
  labels: string;
  value: number;
}

const family = fc.record({
  name: fc.constantFrom("x", "y", "z") as fc.Arbitrary<"x" | "y" | "z">,
  type: fc.constantFrom("counter", "gauge", "untyped", "summary") as fc.Arbitrary<Family["type"]>,
  help: fc.constantFrom(undefined, "Help one.", "Help two."),
  labels: fc.constantFrom("", 'a="1"', 'a="2"', 'job="other"', 'instance="i1"', 'a="1",b="2"'),
  value: fc.constantFrom(0, 1, 2.5, 7),
});

const step = fc.record({
  method: fc.constantFrom("PUT", "PUT", "POST", "POST", "DELETE"),
  group: fc.constantFrom("a", "a-i1", "b"),
  families: fc.uniqueArray(family, { minLength: 0, maxLength: 3, selector: (f) => f.name }),
  /** One push in ten carries timestamps, which the gateway refuses (and records as a failure). */
  withTimestamps: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
});

function body(families: Family[], prefix: string, withTimestamp: boolean): string {
  let out = "";
  for (const f of families) {
    const name = `${prefix}_${f.name}`;
    if (f.help !== undefined) out += `# HELP ${name} ${f.help}\n`;
    out += `# TYPE ${name} ${f.type}\n`;
    const labels = f.labels ? `{${f.labels}}` : "";
    const ts = withTimestamp ? " 1700000000000" : "";
    if (f.type === "summary") {
      out += `${name}_sum${labels} ${f.value}${ts}\n${name}_count${labels} 3${ts}\n`;
    } else {
      out += `${name}${labels} ${f.value}${ts}\n`;
    }
  }
  return out;
}

function pathOf(group: string, prefix: string): string {
  if (group === "a") return `/metrics/job/${prefix}_a`;
  if (group === "a-i1") return `/metrics/job/${prefix}_a/instance/i1`;
  return `/metrics/job/${prefix}_b`;
}

describe.skipIf(!pushgatewayAvailable)(`model vs a real Pushgateway${pushgatewayAvailable ? "" : ` (skipped: ${PUSHGATEWAY_SKIP})`}`, () => {
  let gateway: RunningPushgateway;
  beforeAll(async () => {
    gateway = await startPushgateway();
  });
  afterAll(async () => {
    await gateway?.stop();
  });

  it(`agrees on ${SEQUENCES} random operation sequences`, async () => {
    const sequences = fc.sample(fc.array(step, { minLength: 1, maxLength: 5 }), { numRuns: SEQUENCES, seed: 20261125 });
    const mismatches: string[] = [];
    let requests = 0;
    let refused = 0;
    let helpVariants = 0;
    for (const [i, seq] of sequences.entries()) {
      const prefix = `s${i}`;
      const steps: ScriptStep[] = seq.map((s) => ({
        method: s.method,
        path: pathOf(s.group, prefix),
        contentType: s.method === "DELETE" ? null : "text/plain; version=0.0.4",
        body: s.method === "DELETE" ? "" : body(s.families as Family[], prefix, s.withTimestamps),
      }));
      const real: Array<{ status: number; class: string }> = [];
      for (const s of steps) {
        const init: RequestInit = { method: s.method };
        if (s.method !== "DELETE") {
          init.body = s.body ?? "";
          init.headers = { "Content-Type": s.contentType ?? "" };
        }
        const r = await fetch(`${gateway.url}${s.path}`, init);
        const text = await r.text();
        real.push({ status: r.status, class: classify(r.status, text, s.method) });
        requests++;
        if (r.status >= 400) refused++;
      }
      if (steps[steps.length - 1]?.method === "DELETE") await new Promise((r) => setTimeout(r, 20));
      const realMetrics = normalizeMetrics(await (await fetch(`${gateway.url}/metrics`)).text());
      const model = simulate(steps);
      const stepsAgree = model.steps.every((m, k) => {
        const r = real[k]!;
        const options = [m, ...(m.variants ?? [])];
        return options.some((o) => o.status === r.status && o.class === r.class);
      });
      // When groups disagree on a family's HELP, the gateway picks one at random on every scrape
      // (Go map order; notes §6, cases 044/045): compare without those lines, and check that the
      // HELP shown is one that was pushed.
      const ownHelp = (line: string) => line.startsWith(`# HELP ${prefix}_`);
      const pushedHelp = new Set(seq.flatMap((st) => (st.families as Family[]).filter((f) => f.help !== undefined).map((f) => `# HELP ${prefix}_${f.name} ${f.help}`)));
      const realHelp = realMetrics.split("\n").filter(ownHelp);
      const sameBesidesHelp = model.finalMetrics.split("\n").filter((l) => !ownHelp(l)).join("\n") === realMetrics.split("\n").filter((l) => !ownHelp(l)).join("\n");
      const metricsAgree = sameBesidesHelp && realHelp.every((l) => pushedHelp.has(l));
      if (metricsAgree && model.finalMetrics !== realMetrics) helpVariants++;
      if (!stepsAgree || !metricsAgree) {
        mismatches.push(
          `sequence ${i}:\n${steps.map((s, k) => `  ${s.method} ${s.path} → real ${real[k]!.status} ${real[k]!.class}, model ${model.steps[k]!.status} ${model.steps[k]!.class}\n${(s.body ?? "").replace(/^/gm, "      ")}`).join("\n")}\n  real /metrics:\n${realMetrics}\n  model /metrics:\n${model.finalMetrics}`,
        );
      }
      for (const g of ["a", "a-i1", "b"]) await fetch(`${gateway.url}${pathOf(g, prefix)}`, { method: "DELETE" });
    }
    console.log(`gateway differential: ${SEQUENCES} sequences, ${requests} requests (${refused} refused by the gateway), ${mismatches.length} mismatches (${helpVariants} where the gateway showed another group's HELP)`);
    if (mismatches.length > 0) console.log(mismatches.slice(0, 3).join("\n\n"));
    expect(mismatches.slice(0, 5)).toEqual([]);
  }, 600_000);
});
