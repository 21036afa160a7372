import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { closest } from "../config/closest.js";
import { CODES, isCode } from "../diagnostics/codes.js";
import { joinTargetNames, TARGETS } from "../diagnostics/targets.js";
import { RULES } from "../validate/rules/index.js";
import { UsageError } from "./inputs.js";

/** `promtext rules`: every lint rule, one line each (or JSON). */
export function listRules(format: string): string {
  if (format === "json") {
    return `${JSON.stringify(RULES.map((r) => ({ id: r.id, severity: r.severity, origin: r.origin, summary: r.summary })), null, 2)}\n`;
  }
  const width = Math.max(...RULES.map((r) => r.id.length));
  const lines = RULES.map((r) => `${r.id.padEnd(width)}  ${r.severity.padEnd(7)}  ${r.origin.padEnd(8)}  ${r.summary}`);
  return `${lines.join("\n")}\n\n${RULES.length} rules; \`promtext explain <id>\` prints one in full. Format problems (${Object.keys(CODES).length} codes) are explained the same way.\n`;
}

/** A rule's example payload shipped under fixtures/rules/<id>/, if the package has it. */
function example(id: string, kind: "bad" | "good"): string | undefined {
  const path = fileURLToPath(new URL(`../../fixtures/rules/${id}/${kind}.prom`, import.meta.url));
  if (!existsSync(path)) return undefined;
  return readFileSync(path, "utf8").replace(/^# promtext-test .*\n/gm, "");
}

function indent(text: string): string {
  return text.replace(/\n$/, "").replace(/^/gm, "    ");
}

/** `promtext explain <id>`: a lint rule's doc with its examples, or a format code's summary and who rejects it. */
export function explain(id: string): string {
  const rule = RULES.find((r) => r.id === id);
  if (rule) {
    const parts = [`${rule.id} (${rule.severity}, ${rule.origin === "promlint" ? "from promtool's promlint" : "promtext"})`, "", rule.summary, "", rule.why];
    if (rule.promlintMessage) parts.push("", `promtool says: ${rule.promlintMessage}`);
    const bad = example(id, "bad");
    const good = example(id, "good");
    if (bad) parts.push("", "Bad:", indent(bad));
    if (good) parts.push("", "Good:", indent(good));
    parts.push("", `Turn it off with --rule ${id}=off, or for one line with # promtext-disable-next-line ${id}`);
    return `${parts.join("\n")}\n`;
  }
  if (isCode(id)) {
    const info = CODES[id];
    const verdict = (format: "prometheus" | "openmetrics") => {
      const rejecting = info.rejectedBy[format];
      if (rejecting.length === 0) return "nobody rejects it";
      const accepting = TARGETS.filter((t) => !rejecting.includes(t));
      return `rejected by ${joinTargetNames(rejecting)}${accepting.length ? `; accepted by ${joinTargetNames(accepting)}` : ""}`;
    };
    return `${id} (a format problem)\n\n${info.summary}\n\nText 0.0.4: ${verdict("prometheus")}.\nOpenMetrics: ${verdict("openmetrics")}.\n`;
  }
  const known = [...RULES.map((r) => r.id), ...Object.keys(CODES)];
  throw new UsageError(`unknown rule or code "${id}"; did you mean "${closest(id, known)}"?`);
}
