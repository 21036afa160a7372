import { sampleView } from "../../model/series-node.js";
import type { Rule } from "../rule.js";

export const pushTimestamp: Rule = {
  id: "push-timestamp",
  severity: "error",
  origin: "promtext",
  rejectedBy: ["pushgateway"],
  summary: "A sample with a timestamp, in a payload for the Pushgateway (only with target `pushgateway`).",
  why: "The Pushgateway refuses every push that carries a timestamp: it answers 400 `pushed metrics are invalid or inconsistent with existing metrics: pushed metrics must not have timestamps` and records a push failure (`push_failure_time_seconds`). Pushed metrics get their time when Prometheus scrapes the gateway; the push time is in `push_time_seconds`. The rule runs only under `--target pushgateway`. One finding per family, at its first timestamped sample.",
  checkFamily(family, context) {
    if (context.target !== "pushgateway") return;
    const tally = context.carried((): { first?: { name: string; timestampText: string; offset: number; line: number }; count: number } => ({ count: 0 }));
    for (const metric of family.metrics) {
      const v = sampleView(metric);
      for (let i = 0; i < v.sampleCount; i++) {
        const timestampText = v.timestampTextAt(i);
        if (timestampText === undefined) continue;
        tally.count++;
        tally.first ??= { name: v.nameAt(i), timestampText, offset: v.offsetAt(i), line: v.lineAt(i) };
      }
    }
    const { first, count } = tally;
    if (!context.part.last || first === undefined) return;
    const more = count > 1 ? ` (and ${count - 1} more samples)` : "";
    context.report(first, `sample \`${first.name}\` has a timestamp (${first.timestampText}); the Pushgateway refuses pushed timestamps${more}`, first.name.length);
  },
};
