import type { Metric } from "../../model/types.js";
import type { Rule } from "../rule.js";
import { andMore, labelsMatching, newOccurrences } from "./shared.js";

export const labelReservedPrefix: Rule = {
  id: "label-reserved-prefix",
  severity: "error",
  origin: "promtext",
  rejectedBy: ["pushgateway"],
  summary: "A label name starting with `__` (other than `__name__`, a format problem of its own).",
  why: "The Prometheus data model reserves label names starting with `__` for internal use (`__name__`, and the `__address__`, `__meta_*`… labels of service discovery that relabeling works on). expfmt and `promtool check metrics` accept them in a payload, but the Pushgateway refuses the whole push (`has a label with an invalid name`). One finding per family and label name, at the first series carrying it.",
  checkFamily(family, context) {
    const found = labelsMatching(family, (l) => l.name.startsWith("__") && l.name !== "__name__", context.carried(newOccurrences));
    if (!context.part.last) return;
    for (const { metric, label, count } of found.values()) {
      context.report(metric, `label \`${label.name}\` of \`${family.name}\` starts with \`__\`, which is reserved for Prometheus${andMore(count)}`, family.name.length);
    }
  },
};

/** The labels Prometheus attaches to every scraped series from its target. */
const TARGET_LABELS = new Set(["job", "instance"]);

export const targetLabelInPayload: Rule = {
  id: "target-label-in-payload",
  severity: "warning",
  origin: "promtext",
  summary: "A `job`, `instance` or `exported_*` label in the exposition itself.",
  why: "`job` and `instance` belong to the scrape target, not to the exposition. Pushed to the Pushgateway, they are silently replaced by the grouping key (and series that differed only in them collide); scraped directly without `honor_labels: true`, Prometheus renames them to `exported_job` and `exported_instance`. An `exported_*` label in a payload is the trace of such a renaming upstream (an exporter re-exposing scraped data); scraped again it becomes `exported_exported_*`. The rule applies to every target, since both paths mangle the labels. A Pushgateway's own `/metrics` (it has `push_time_seconds`), which Prometheus scrapes with `honor_labels: true`, is exempt; other payloads that re-expose already-labelled data on purpose (a federation endpoint's `/metrics`) can turn it off. One finding per family and label name.",
  exempts: (families) => families.some((f) => f.name === "push_time_seconds"),
  checkFamily(family, context) {
    const found = labelsMatching(family, (l) => TARGET_LABELS.has(l.name) || l.name.startsWith("exported_"), context.carried(newOccurrences));
    if (!context.part.last) return;
    for (const { metric, label, count } of found.values()) {
      const what = TARGET_LABELS.has(label.name)
        ? context.target === "pushgateway"
          ? `the Pushgateway replaces it with the grouping key's \`${label.name}\``
          : `a scrape without honor_labels renames it to \`exported_${label.name}\``
        : "it comes from a target label renamed by an earlier scrape";
      context.report(metric, `\`${family.name}\` carries the label \`${label.name}\`: ${what}${andMore(count)}`, family.name.length);
    }
  },
};

export const mixedLabelNames: Rule = {
  id: "mixed-label-names",
  severity: "info",
  origin: "promtext",
  summary: "Series of one family with different sets of label names.",
  why: "It is legal, but usually a bug: a label forgotten on one code path, or two metrics sharing a name. Queries that aggregate `by` the missing label put those series into an empty group, and client_golang's own exposition code calls it a case that should not happen. Label names are compared as written (a label with an empty value counts as present; `label-value-empty` reports those), `le` and `quantile` are not counted. One finding per family, at the first series whose names differ from the family's first series.",
  checkFamily(family, context) {
    const tally = context.carried((): { first?: Metric; reference?: Set<string>; example?: { line: number; offset: number; missing: string[]; extra: string[] }; differing: number } => ({ differing: 0 }));
    const first = (tally.first ??= family.metrics[0]);
    if (first === undefined) return;
    const reference = (tally.reference ??= new Set(first.labels.map((l) => l.name)));
    for (const metric of family.metrics) {
      // the usual case first: the same names in the same order
      if (metric.labels.length === first.labels.length && metric.labels.every((l, i) => l.name === first.labels[i]!.name)) continue;
      const names = new Set(metric.labels.map((l) => l.name));
      const missing = [...reference].filter((n) => !names.has(n));
      const extra = [...names].filter((n) => !reference.has(n));
      if (missing.length === 0 && extra.length === 0) continue;
      tally.differing++;
      tally.example ??= { line: metric.line, offset: metric.offset, missing, extra };
    }
    const { example, differing } = tally;
    if (!context.part.last || example === undefined) return;
    const parts = [
      example.missing.length > 0 ? `lacks ${example.missing.map((n) => `\`${n}\``).join(", ")}` : "",
      example.extra.length > 0 ? `adds ${example.extra.map((n) => `\`${n}\``).join(", ")}` : "",
    ].filter((p) => p !== "");
    context.report(
      example,
      `series of \`${family.name}\` have different label names: this one ${parts.join(" and ")} compared with line ${first.line}${andMore(differing)}`,
      family.name.length,
    );
  },
};
