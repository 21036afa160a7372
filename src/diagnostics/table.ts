import { EXPORTER_CODES } from "../exporter/compare.js";
import { CODES, type Code } from "./codes.js";
import { TARGETS } from "./targets.js";

const mark = (rejects: boolean) => (rejects ? "rejects" : "·");

/** The Markdown table of every diagnostic code and, per input format, which consumers reject it. */
export function diagnosticsTable(): string {
  const rows = (Object.keys(CODES) as Code[]).map((code) => {
    const info = CODES[code];
    const cells = (["prometheus", "openmetrics"] as const).flatMap((format) => TARGETS.map((t) => mark(info.rejectedBy[format].includes(t))));
    return `| \`${code}\` | ${info.summary.replace(/\|/g, "\\|")} | ${cells.join(" | ")} | ${info.otherwise} |`;
  });
  return [
    "# Diagnostic codes",
    "",
    "Generated from `src/diagnostics/codes.ts` by `npm run generate`; do not edit.",
    "",
    "Each code is stable. For each input format the table says which consumers reject the input because of it:",
    "**strict** (the published specifications and the official OpenMetrics suite), **prometheus** (a Prometheus 3 scrape,",
    "model/textparse), **promtool** (`promtool check metrics`: prometheus/common expfmt as promlint decodes it, legacy names)",
    "and **pushgateway** (a push to the Pushgateway 1.5: the same expfmt, and its own refusals, which are lint rules and",
    "`gateway-rejected`). Under `--target T` a code is an error when T rejects it, a warning naming who rejects it when",
    "another consumer does, and the last column's severity when nobody does. promtool and the Pushgateway do not read",
    "OpenMetrics; for OpenMetrics input the `promtool` and `pushgateway` targets follow the specification.",
    "",
    `| code | meaning | ${["text", "OM"].flatMap((f) => TARGETS.map((t) => `${f}: ${t}`)).join(" | ")} | when no one rejects |`,
    `|---|---|${TARGETS.map(() => "---|---|").join("")}---|`,
    ...rows,
    "",
    "## Across scrapes: `promtext check-exporter`",
    "",
    "| code | severity | meaning |",
    "|---|---|---|",
    ...Object.entries(EXPORTER_CODES).map(([code, info]) => `| \`${code}\` | ${info.severity} | ${info.summary.replace(/\|/g, "\\|")} |`),
    "",
  ].join("\n");
}
