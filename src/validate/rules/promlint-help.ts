import type { Rule } from "../rule.js";

export const helpMissing: Rule = {
  id: "help-missing",
  severity: "warning",
  origin: "promlint",
  summary: "A metric family without HELP text.",
  why: "HELP is the only documentation a metric carries into Prometheus and Grafana; without it, whoever reads a dashboard has to find the exporter's source. promtool reports it as `no help text`; a `# HELP name` line with an empty or blank text counts as missing.",
  promlintMessage: "no help text",
  checkFamily(family, context) {
    if (family.help === undefined || family.help.trim() === "") context.report(family, `\`${family.name}\` has no HELP text`, family.name.length);
  },
};
