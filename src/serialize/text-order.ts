import type { MetricFamily } from "../model/types.js";

const CHILD_SUFFIXES: Record<string, readonly string[]> = {
  histogram: ["_bucket", "_count", "_sum"],
  gaugehistogram: ["_bucket", "_count", "_sum"],
  summary: ["_count", "_sum"],
};

/**
 * Families in text 0.0.4 order: as given, except that a family named like a sample of a
 * histogram or summary family (`x_bucket`, `x_count`, `x_sum`) comes before that family. After
 * `# TYPE x histogram`, a reader folds `x_count` lines, and a `# TYPE x_count …` line, into `x`.
 */
export function childFamiliesFirst(families: readonly MetricFamily[]): MetricFamily[] {
  const byName = new Map(families.map((f) => [f.name, f]));
  const out: MetricFamily[] = [];
  const placed = new Set<MetricFamily>();
  const place = (family: MetricFamily): void => {
    if (placed.has(family)) return;
    placed.add(family);
    for (const suffix of CHILD_SUFFIXES[family.type] ?? []) {
      const child = byName.get(family.name + suffix);
      if (child !== undefined) place(child);
    }
    out.push(family);
  };
  for (const family of families) place(family);
  return out;
}
