/**
 * What a Gather of the gateway finds: the store's families merged across groups
 * (`GetMetricFamilies`), gathered after the gateway's own families (client_golang 1.14
 * `Gatherers.Gather` with `checkSuffixCollisions` and `checkMetricConsistency`). The push check
 * runs this over the state the push would produce; GET /metrics runs it over the state.
 * Notes §4.
 */
import { hasValueFor, helpOf, metricText, typeOf, type DtoFamily, type DtoMetric } from "./dto.js";
import { compareGoStrings, goQuote, isValidUtf8 } from "./go-text.js";
import { SEPARATOR } from "./grouping-key.js";
import type { InternalFamily } from "./internal-families.js";
import type { Groups } from "./store.js";
import type { VersionBehaviour } from "./versions.js";

/**
 * The order in which Go's maps happen to yield groups and families. The answer can depend on
 * it (which HELP wins, which side of a conflict an error names, rarely which errors there are);
 * `forward` is insertion order, `reverse` the opposite, so the two bracket the possibilities.
 */
export type MapOrder = "forward" | "reverse";

function ordered<T>(items: Iterable<T>, order: MapOrder): T[] {
  const list = [...items];
  return order === "reverse" ? list.reverse() : list;
}

/**
 * `GetMetricFamilies`: one family per name across all groups. The first family met is the
 * template (its HELP and TYPE); later ones only add their metrics. A family named like one of
 * the gateway's start-up families gets that family's HELP.
 */
export function mergeGroups(groups: Groups, predefinedHelp: ReadonlyMap<string, string>, order: MapOrder = "forward"): DtoFamily[] {
  const result: DtoFamily[] = [];
  const stat = new Map<string, { pos: number; copied: boolean }>();
  for (const group of ordered(groups.values(), order)) {
    for (const [name, stored] of ordered(group.families, order)) {
      let mf = stored.family;
      const seen = stat.get(name);
      if (seen) {
        let existing = result[seen.pos] as DtoFamily;
        if (!seen.copied) {
          existing = { ...existing, metric: [...existing.metric] };
          result[seen.pos] = existing;
          seen.copied = true;
        }
        existing.metric.push(...mf.metric);
        continue;
      }
      let copied = false;
      const help = predefinedHelp.get(name);
      if (help !== undefined && helpOf(mf) !== help) {
        mf = { ...mf, help, metric: [...mf.metric] };
        copied = true;
      }
      stat.set(name, { pos: result.length, copied });
      result.push(mf);
    }
  }
  return result;
}

function checkSuffixCollisions(mf: DtoFamily, byName: ReadonlyMap<string, DtoFamily>): string | undefined {
  const name = mf.name;
  const type = typeOf(mf);
  const base = name.endsWith("_count") ? name.slice(0, -6) : name.endsWith("_sum") ? name.slice(0, -4) : name.endsWith("_bucket") ? name.slice(0, -7) : "";
  if (base !== "") {
    const existing = byName.get(base);
    if (existing !== undefined) {
      const t = typeOf(existing);
      if (t === "SUMMARY" && !name.endsWith("_bucket")) return `collected metric named ${goQuote(name)} collides with previously collected summary named ${goQuote(base)}`;
      if (t === "HISTOGRAM") return `collected metric named ${goQuote(name)} collides with previously collected histogram named ${goQuote(base)}`;
    }
  }
  if (type === "SUMMARY" || type === "HISTOGRAM") {
    for (const suffix of ["_count", "_sum"]) {
      if (byName.has(name + suffix)) return `collected histogram or summary named ${goQuote(name)} collides with previously collected metric named ${goQuote(name + suffix)}`;
    }
  }
  if (type === "HISTOGRAM" && byName.has(`${name}_bucket`)) return `collected histogram named ${goQuote(name)} collides with previously collected metric named ${goQuote(`${name}_bucket`)}`;
  return undefined;
}

const LEGACY_LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function checkLabelName(name: string, b: VersionBehaviour): boolean {
  const valid = b.utf8LabelNamesInCheck ? name !== "" && isValidUtf8(name) : LEGACY_LABEL_NAME.test(name);
  return valid && !name.startsWith("__");
}

/** The duplicate check's key: name and label pairs sorted by name, with the 0xff separator (Go hashes the same bytes). */
function seriesKey(name: string, m: DtoMetric): string {
  const labels = [...m.label].sort((a, b) => compareGoStrings(a.name, b.name));
  let key = name + SEPARATOR;
  for (const l of labels) key += l.name + SEPARATOR + l.value + SEPARATOR;
  return key;
}

function checkMetricConsistency(family: DtoFamily, m: DtoMetric, seen: Set<string>, b: VersionBehaviour): string | undefined {
  const name = family.name;
  const what = `collected metric ${goQuote(name)} { ${metricText(m)}}`;
  const type = typeOf(family);
  if (!hasValueFor(type, m)) return `${what} is not a ${type}`;
  let previous = "";
  for (const lp of m.label) {
    if (lp.name === previous) return `${what} has two or more labels with the same name: ${lp.name}`;
    if (!checkLabelName(lp.name, b)) return `${what} has a label with an invalid name: ${lp.name}`;
    if (m.summary !== undefined && lp.name === "quantile") return `${what} must not have an explicit "quantile" label`;
    if (!isValidUtf8(lp.value)) return `${what} has a label named ${goQuote(lp.name)} whose value is not utf8: ${goQuote(lp.value)}`;
    previous = lp.name;
  }
  const key = seriesKey(name, m);
  if (seen.has(key)) return `${what} was collected before with the same name and label values`;
  seen.add(key);
  return undefined;
}

/** internal.metricSorter: fewer labels first, then label values position by position (names ignored). */
function compareMetrics(a: DtoMetric, b: DtoMetric): number {
  if (a.label.length !== b.label.length) return a.label.length - b.label.length;
  for (let i = 0; i < a.label.length; i++) {
    const va = (a.label[i] as { value: string }).value;
    const vb = (b.label[i] as { value: string }).value;
    if (va !== vb) return compareGoStrings(va, vb);
  }
  if (a.timestampMs === undefined) return b.timestampMs === undefined ? 0 : 1;
  if (b.timestampMs === undefined) return -1;
  return a.timestampMs < b.timestampMs ? -1 : a.timestampMs > b.timestampMs ? 1 : 0;
}

export interface Gathered {
  /** NormalizeMetricFamilies: families with metrics, by name, metrics sorted. Internal families carry only pushed metrics. */
  families: DtoFamily[];
  /** In the order Go finds them (a MultiError). */
  errors: string[];
}

/** `Gatherers{internal, store}.Gather()`: inconsistent families and metrics are reported and left out. */
export function gather(internal: readonly InternalFamily[], store: readonly DtoFamily[], b: VersionBehaviour): Gathered {
  const byName = new Map<string, DtoFamily>();
  const seen = new Set<string>();
  const errors: string[] = [];
  const sources: DtoFamily[] = [...[...internal].sort((x, y) => compareGoStrings(x.name, y.name)).map((f) => ({ name: f.name, help: f.help, type: f.type, metric: [] })), ...store];
  for (const mf of sources) {
    let existing = byName.get(mf.name);
    if (existing !== undefined) {
      if (helpOf(existing) !== helpOf(mf)) {
        errors.push(`gathered metric family ${mf.name} has help ${goQuote(helpOf(mf))} but should have ${goQuote(helpOf(existing))}`);
        continue;
      }
      if (typeOf(existing) !== typeOf(mf)) {
        errors.push(`gathered metric family ${mf.name} has type ${typeOf(mf)} but should have ${typeOf(existing)}`);
        continue;
      }
    } else {
      existing = { name: mf.name, metric: [] };
      if (mf.help !== undefined) existing.help = mf.help;
      if (mf.type !== undefined) existing.type = mf.type;
      const collision = checkSuffixCollisions(existing, byName);
      if (collision !== undefined) {
        errors.push(collision);
        continue;
      }
      byName.set(mf.name, existing);
    }
    for (const m of mf.metric) {
      const error = checkMetricConsistency(existing, m, seen, b);
      if (error !== undefined) errors.push(error);
      else existing.metric.push(m);
    }
  }
  const families = [...byName.values()].filter((f) => f.metric.length > 0).sort((x, y) => compareGoStrings(x.name, y.name));
  for (const f of families) f.metric.sort(compareMetrics);
  return { families, errors };
}

/** A MultiError's text (or the one error's). */
export function multiError(errors: readonly string[]): string {
  if (errors.length === 1) return errors[0] as string;
  return `${errors.length} error(s) occurred:${errors.map((e) => `\n* ${e}`).join("")}`;
}
