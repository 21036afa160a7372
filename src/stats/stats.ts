import type { MetricFamily, MetricType } from "../model/types.js";
import { cardinalityOf } from "../validate/rules/family-cardinality.js";

export interface FamilyStats {
  name: string;
  type: MetricType;
  /** Series as `promtool check metrics --extended` counts them: a histogram series × (2 + buckets), a summary × (2 + quantiles). */
  series: number;
  /** series / all series of the payload (0 to 1). */
  share: number;
  /** Label sets (metrics), whatever their samples. */
  labelSets: number;
  samples: number;
  /** UTF-8 bytes of its text, from its first line to the next family's (only when the text is given). */
  bytes?: number;
}

export interface LabelStats {
  /** A label name (`le` and `quantile` of buckets and quantiles are not labels here). */
  name: string;
  /** Distinct values over every family. */
  values: number;
  /** Families with a series that has it. */
  families: number;
  /** Label sets that have it. */
  labelSets: number;
}

export interface TypeStats {
  type: MetricType;
  families: number;
  series: number;
}

export interface Stats {
  totals: { families: number; series: number; labelSets: number; samples: number; bytes?: number };
  /** By families, most first. */
  types: TypeStats[];
  /** By series, most first (then by name). */
  families: FamilyStats[];
  /** By distinct values, most first (then by name). */
  labels: LabelStats[];
}

export interface StatsOptions {
  /** The text the families were parsed from: with it, the bytes of each family are counted. */
  text?: string;
}

function utf8Length(text: string, start: number, end: number): number {
  let bytes = end - start;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) bytes += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < end) {
      bytes += 2;
      i++;
    } else bytes += 2;
  }
  return bytes;
}

/** Each family's bytes: the text from its offset to the next family's (or to the end, `# EOF` left out). */
function bytesByFamily(families: readonly MetricFamily[], text: string): Map<MetricFamily, number> {
  const ordered = [...families].sort((a, b) => a.offset - b.offset);
  const eof = /(?:^|\n)# EOF\n?$/.exec(text);
  const end = eof === null ? text.length : eof.index + (eof[0].startsWith("\n") ? 1 : 0);
  const bytes = new Map<MetricFamily, number>();
  ordered.forEach((family, i) => {
    const next = ordered[i + 1]?.offset ?? end;
    bytes.set(family, utf8Length(text, family.offset, Math.max(family.offset, next)));
  });
  return bytes;
}

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * A payload at a glance: families by type, series per family (as promtool counts them), the
 * distinct values of each label, samples, and bytes per family when the text is given. A family
 * whose lines are split by another's is counted once.
 */
export function stats(families: readonly MetricFamily[], options: StatsOptions = {}): Stats {
  const bytes = options.text === undefined ? undefined : bytesByFamily(families, options.text);
  const byFamily = new Map<string, { family: MetricFamily; parts: MetricFamily[] }>();
  for (const family of families) {
    const entry = byFamily.get(family.name);
    if (entry) entry.parts.push(family);
    else byFamily.set(family.name, { family, parts: [family] });
  }

  const labelValues = new Map<string, { values: Set<string>; families: number; labelSets: number }>();
  const perFamily: FamilyStats[] = [];
  for (const { family, parts } of byFamily.values()) {
    const whole = parts.length === 1 ? family : { ...family, metrics: parts.flatMap((p) => p.metrics) };
    const seen = new Set<string>();
    let samples = 0;
    for (const metric of whole.metrics) {
      samples += metric.samples.length;
      for (const l of metric.labels) {
        let entry = labelValues.get(l.name);
        if (entry === undefined) {
          entry = { values: new Set(), families: 0, labelSets: 0 };
          labelValues.set(l.name, entry);
        }
        entry.values.add(l.value);
        entry.labelSets++;
        if (!seen.has(l.name)) {
          seen.add(l.name);
          entry.families++;
        }
      }
    }
    const stat: FamilyStats = { name: family.name, type: family.type, series: cardinalityOf(whole), share: 0, labelSets: whole.metrics.length, samples };
    if (bytes) stat.bytes = parts.reduce((n, p) => n + (bytes.get(p) ?? 0), 0);
    perFamily.push(stat);
  }

  const totals: Stats["totals"] = { families: perFamily.length, series: 0, labelSets: 0, samples: 0 };
  const types = new Map<MetricType, TypeStats>();
  for (const f of perFamily) {
    totals.series += f.series;
    totals.labelSets += f.labelSets;
    totals.samples += f.samples;
    const t = types.get(f.type) ?? { type: f.type, families: 0, series: 0 };
    t.families++;
    t.series += f.series;
    types.set(f.type, t);
  }
  if (bytes) totals.bytes = perFamily.reduce((n, f) => n + (f.bytes ?? 0), 0);
  for (const f of perFamily) f.share = totals.series === 0 ? 0 : f.series / totals.series;

  return {
    totals,
    types: [...types.values()].sort((a, b) => b.families - a.families || b.series - a.series || (a.type < b.type ? -1 : 1)),
    families: perFamily.sort((a, b) => b.series - a.series || byName(a, b)),
    labels: [...labelValues]
      .map(([name, e]) => ({ name, values: e.values.size, families: e.families, labelSets: e.labelSets }))
      .sort((a, b) => b.values - a.values || byName(a, b)),
  };
}
