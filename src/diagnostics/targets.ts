/**
 * The consumers whose verdicts promtext can give. Each one reads the exposition formats
 * with its own rules (see ../shared/notes/formats.md):
 * - `strict`: the published specifications (Prometheus text 0.0.4 documentation, OpenMetrics 1.0
 *   and its official test suite);
 * - `prometheus`: a Prometheus 3 scrape (prometheus/prometheus model/textparse);
 * - `promtool`: `promtool check metrics`, which reads text 0.0.4 with prometheus/common expfmt as
 *   client_golang's promlint decodes it (legacy names: `NewDecoder` with `FmtText` validates
 *   names the legacy way, prometheus/common expfmt/decode.go);
 * - `pushgateway`: the Pushgateway 1.5, which reads pushes with the same expfmt and also refuses
 *   pushed timestamps, `__` label names and what clashes with the groups it holds.
 */
export type Target = "strict" | "prometheus" | "promtool" | "pushgateway";

export const TARGETS: readonly Target[] = ["strict", "prometheus", "promtool", "pushgateway"];

export const TARGET_NAMES: Record<Target, string> = {
  strict: "the specification",
  prometheus: "Prometheus",
  promtool: "promtool",
  pushgateway: "the Pushgateway",
};

export function isTarget(value: string): value is Target {
  return (TARGETS as readonly string[]).includes(value);
}

/** "Prometheus", "Prometheus and the specification", "A, B and C". */
export function joinTargetNames(targets: readonly Target[]): string {
  const names = targets.map((t) => TARGET_NAMES[t]);
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}
