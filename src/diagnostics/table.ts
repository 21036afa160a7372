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
    "model/textparse) and **pushgateway** (the Pushgateway and `promtool check metrics`, prometheus/common expfmt).",
    "Under `--target T` a code is an error when T rejects it, a warning naming who rejects it when another consumer does,",
    "and the last column's severity when nobody does. The Pushgateway does not read OpenMetrics; for OpenMetrics input",
    "the `pushgateway` target follows the specification.",
    "",
    "| code | meaning | text: strict | text: prometheus | text: pushgateway | OM: strict | OM: prometheus | OM: pushgateway | when no one rejects |",
    "|---|---|---|---|---|---|---|---|---|",
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
