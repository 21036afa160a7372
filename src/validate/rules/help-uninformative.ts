import type { Rule } from "../rule.js";

/** Letters and digits only, lowercased: `HTTP requests (total).` → `httprequeststotal`. */
function normalize(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
}

/** Placeholder texts, normalized. */
const PLACEHOLDERS = new Set(["todo", "fixme", "tbd", "xxx", "help", "helptext", "nohelp", "description", "nodescription", "placeholder"]);

/** Why a HELP text says nothing, or undefined when it says something. Blank texts are `help-missing`'s. */
export function uninformativeHelp(name: string, help: string): string | undefined {
  if (help.trim() === "") return undefined;
  const text = normalize(help);
  if (text === "") return "has no letters or digits";
  if (PLACEHOLDERS.has(text)) return "is a placeholder";
  const names = [name, name.replace(/_total$/, ""), `${name}_total`].map(normalize);
  if (names.includes(text)) return "only repeats the metric name";
  return undefined;
}

export const helpUninformative: Rule = {
  id: "help-uninformative",
  severity: "info",
  origin: "promtext",
  summary: "HELP text that only repeats the metric name, is a placeholder (`TODO`), or has no letters or digits.",
  why: "HELP is shown next to the metric in Prometheus, Grafana and every metric browser; `# HELP http_requests_total http_requests_total` or `# HELP x TODO` satisfies `help-missing` (and promtool) without telling the reader anything the name does not. Say what is measured, in which unit, and what the labels mean. The name is compared ignoring case, underscores and punctuation, with and without `_total`; an empty or blank HELP is reported by `help-missing` instead.",
  checkFamily(family, context) {
    if (family.help === undefined) return;
    const why = uninformativeHelp(family.name, family.help);
    if (why !== undefined) context.report(family, `HELP of \`${family.name}\` ${why}: ${JSON.stringify(family.help)}`, family.name.length);
  },
};
