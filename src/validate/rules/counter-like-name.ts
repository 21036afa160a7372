import type { MetricFamily } from "../../model/types.js";
import type { Rule } from "../rule.js";
import { isUntyped } from "./shared.js";

export const counterLikeName: Rule = {
  id: "counter-like-name",
  severity: "warning",
  origin: "promtext",
  summary: "Untyped families named like a counter (`x_total`) or like the pieces of a histogram or summary (`x_bucket{le=…}`, or `x_sum` with `x_count`): a missing `# TYPE` line.",
  why: "Without `# TYPE` a family is untyped: Prometheus records its type as unknown, so tools cannot tell that rate() applies; promlint skips its counter, histogram and summary checks; and the Pushgateway stores it as untyped and then refuses a push of the same name with its real type in another group. `x_total` names a counter; an untyped `x_bucket` with `le` labels, or untyped `x_sum` and `x_count` together (with `x{quantile=…}` for a summary), are the pieces of a histogram or summary that lost its TYPE line and were split into separate families; they are reported once, at the first piece. Gauges and other typed families named `_total`, `_sum` or `_count` are promlint's (`non-counter-total-suffix`, `reserved-suffix-*`). A lone untyped `x_count` or `x_sum` is not reported: it may well be a plain count or total.",
  checkPayload(families, context) {
    const byName = new Map<string, MetricFamily>();
    for (const f of families) if (!byName.has(f.name)) byName.set(f.name, f);
    for (const family of families) {
      if (!isUntyped(family)) continue;
      if (family.name.endsWith("_total")) {
        context.report(family, `\`${family.name}\` is named like a counter but has no \`# TYPE ${family.name} counter\``, family.name.length);
        continue;
      }
      // a TYPE-less histogram or summary: report once per base name, at its first untyped piece
      const base = family.name.replace(/_(sum|count|bucket)$/, "");
      if (base === family.name) continue;
      const piece = (suffix: string) => {
        const f = byName.get(`${base}${suffix}`);
        return f !== undefined && isUntyped(f) ? f : undefined;
      };
      const sum = piece("_sum");
      const count = piece("_count");
      const bucket = piece("_bucket");
      const histogram = bucket !== undefined && bucket.metrics.some((m) => m.labels.some((l) => l.name === "le"));
      if (!histogram && (sum === undefined || count === undefined)) continue;
      const pieces = [histogram ? bucket : undefined, sum, count].filter((f): f is MetricFamily => f !== undefined);
      if (family !== pieces.reduce((a, b) => (b.offset < a.offset ? b : a))) continue;
      const parent = byName.get(base);
      if (parent !== undefined && !isUntyped(parent)) continue;
      const summary = !histogram && parent !== undefined && parent.metrics.some((m) => m.labels.some((l) => l.name === "quantile"));
      const kind = histogram ? "histogram" : summary ? "summary" : "histogram or summary";
      const names = pieces.map((f) => `\`${f.name}\``).join(", ");
      context.report(family, `untyped ${names} look like the pieces of a ${kind} \`${base}\` without \`# TYPE ${base} ${histogram ? "histogram" : "summary"}\``, family.name.length);
    }
  },
};
