import type { Rule } from "./rule.js";

/** Reads a rule's example payload (`bad` or `good`), if it has one. */
export type ExampleReader = (id: string, kind: "bad" | "good") => string | undefined;

function fence(text: string): string {
  return `\`\`\`\n${text.replace(/\n$/, "")}\n\`\`\``;
}

/** docs/rules.md: a table of every rule, then each rule's doc with its bad and good example. */
export function rulesTable(rules: readonly Rule[], example: ExampleReader): string {
  const lines = [
    "# Lint rules",
    "",
    "Generated from `src/validate/rules/` and `fixtures/rules/` by `npm run generate`; do not edit.",
    "",
    "Set a rule with `--rule id=off|info|warn|error` or in `promtext.config.json` (`{\"rules\": {\"id\": \"off\"}}`),",
    "or silence it for one line with a comment before that line: `# promtext-disable-next-line id`.",
    "Rules from promtool's promlint report what `promtool check metrics` reports (its newest version); the others are ours.",
    "Format problems (what a parser rejects) are not rules: they are listed in [diagnostics.md](diagnostics.md).",
    "",
    "| id | severity | origin | finds |",
    "|---|---|---|---|",
    ...rules.map((r) => `| [\`${r.id}\`](#${r.id}) | ${r.severity} | ${r.origin} | ${r.summary.replace(/\|/g, "\\|")} |`),
    "",
  ];
  for (const rule of rules) {
    lines.push(`## ${rule.id}`, "", `${rule.summary} Default severity: **${rule.severity}**.`, "", rule.why, "");
    if (rule.promlintMessage) lines.push(`promtool says: \`${rule.promlintMessage}\``, "");
    const bad = example(rule.id, "bad");
    const good = example(rule.id, "good");
    if (bad !== undefined) lines.push("Bad:", "", fence(bad), "");
    if (good !== undefined) lines.push("Good:", "", fence(good), "");
  }
  return lines.join("\n");
}
