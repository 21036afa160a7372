/**
 * The metric store (storage/diskmetricstore.go, notes §3 and §5): groups keyed by grouping
 * key, each holding whole metric families as last pushed, with the push_time_seconds and
 * push_failure_time_seconds gauges. Immutable: every operation returns new maps and shares
 * what it did not change. Go keeps groups and families in maps (random order); here they keep
 * insertion order, and consistency.ts can walk them backwards to show the other extreme.
 */
import { copyMetric, gaugeFamily, type DtoFamily, type DtoMetric } from "./dto.js";
import { compareGoStrings } from "./go-text.js";
import { groupingKeyId, type GroupingLabels } from "./grouping-key.js";

export const PUSH_TIME = "push_time_seconds";
export const PUSH_FAILURE_TIME = "push_failure_time_seconds";
export const PUSH_TIME_HELP = "Last Unix time when changing this group in the Pushgateway succeeded.";
export const PUSH_FAILURE_TIME_HELP = "Last Unix time when changing this group in the Pushgateway failed.";

export interface StoredFamily {
  family: DtoFamily;
  /** Unix seconds of the write that stored it (/api/v1/metrics' time_stamp). */
  pushedAt: number;
}

export interface Group {
  /** The grouping labels, `job` included. */
  labels: GroupingLabels;
  /** By family name. */
  families: ReadonlyMap<string, StoredFamily>;
}

/** By grouping key (groupingKeyId). */
export type Groups = ReadonlyMap<string, Group>;

/** A write as the handlers submit it: families by name, as decoded from the body. */
export interface WriteRequest {
  labels: GroupingLabels;
  families: ReadonlyMap<string, DtoFamily>;
  /** PUT replaces the group's families; POST only those named in the body. */
  replace: boolean;
  /** Unix seconds. */
  now: number;
}

function byName(a: { name: string }, b: { name: string }): number {
  return compareGoStrings(a.name, b.name);
}

/**
 * `sanitizeLabels`: every grouping label is set to the key's value (a body label of that name
 * is overwritten) or added; `instance=""` is added when there is no instance label; then the
 * label pairs are sorted by name. Returns a new family.
 */
export function sanitizeLabels(family: DtoFamily, grouping: GroupingLabels): DtoFamily {
  return { ...family, metric: family.metric.map((m) => sanitizeMetric(m, grouping)) };
}

function sanitizeMetric(metric: DtoMetric, grouping: GroupingLabels): DtoMetric {
  const m = copyMetric(metric);
  const notYetDone = new Map(Object.entries(grouping));
  let hasInstance = false;
  for (const lp of m.label) {
    const value = notYetDone.get(lp.name);
    if (value !== undefined) {
      lp.value = value;
      notYetDone.delete(lp.name);
    }
    if (lp.name === "instance") hasInstance = true;
    if (notYetDone.size === 0 && hasInstance) break;
  }
  for (const [name, value] of notYetDone) {
    m.label.push({ name, value });
    if (name === "instance") hasInstance = true;
  }
  if (!hasInstance) m.label.push({ name: "instance", value: "" });
  m.label.sort(byName);
  return m;
}

/** newTimestampGauge: push_time_seconds or push_failure_time_seconds of a group; 0 means never. */
export function timestampGauge(name: typeof PUSH_TIME | typeof PUSH_FAILURE_TIME, grouping: GroupingLabels, seconds: number): DtoFamily {
  return sanitizeLabels(gaugeFamily(name, name === PUSH_TIME ? PUSH_TIME_HELP : PUSH_FAILURE_TIME_HELP, seconds), grouping);
}

/** Whether any pushed series carries a timestamp (the check's first rule). */
export function timestampsPresent(families: Iterable<DtoFamily>): boolean {
  for (const f of families) for (const m of f.metric) if (m.timestampMs !== undefined) return true;
  return false;
}

/**
 * `processWriteRequest`: creates the group if needed; PUT first drops every family but the two
 * push timestamps; push_time_seconds is set to `now` (a pushed one is replaced),
 * push_failure_time_seconds to 0 only for a group that has none yet; then each pushed family
 * replaces the stored family of its name. `families` must already be sanitized.
 */
export function applyWrite(groups: Groups, req: WriteRequest): Groups {
  const key = groupingKeyId(req.labels);
  const existing = groups.get(key);
  const families = new Map(existing?.families ?? []);
  if (existing && req.replace) {
    for (const name of [...families.keys()]) if (name !== PUSH_TIME && name !== PUSH_FAILURE_TIME) families.delete(name);
  }
  const pushed = new Map(req.families);
  pushed.set(PUSH_TIME, timestampGauge(PUSH_TIME, req.labels, req.now));
  if (!families.has(PUSH_FAILURE_TIME)) pushed.set(PUSH_FAILURE_TIME, timestampGauge(PUSH_FAILURE_TIME, req.labels, 0));
  for (const [name, family] of pushed) families.set(name, { family, pushedAt: req.now });
  const next = new Map(groups);
  next.set(key, { labels: existing?.labels ?? req.labels, families });
  return next;
}

/**
 * `setPushFailedTimestamp`: a refused push (after parsing) creates the group if needed, sets
 * push_failure_time_seconds to `now` and push_time_seconds to 0 if the group has none; the
 * group's other families stay as they were.
 */
export function recordFailure(groups: Groups, labels: GroupingLabels, now: number): Groups {
  const key = groupingKeyId(labels);
  const existing = groups.get(key);
  const families = new Map(existing?.families ?? []);
  families.set(PUSH_FAILURE_TIME, { family: timestampGauge(PUSH_FAILURE_TIME, labels, now), pushedAt: now });
  if (!families.has(PUSH_TIME)) families.set(PUSH_TIME, { family: timestampGauge(PUSH_TIME, labels, 0), pushedAt: now });
  const next = new Map(groups);
  next.set(key, { labels: existing?.labels ?? labels, families });
  return next;
}

/** A DELETE: the group with exactly this key goes, push timestamps included; an unknown key changes nothing. */
export function deleteGroup(groups: Groups, labels: GroupingLabels): Groups {
  const key = groupingKeyId(labels);
  if (!groups.has(key)) return groups;
  const next = new Map(groups);
  next.delete(key);
  return next;
}

function gaugeValue(group: Group, name: string): number | undefined {
  const stored = group.families.get(name);
  if (stored === undefined) return undefined;
  return stored.family.metric[0]?.gauge ?? 0;
}

/** `LastPushSuccess`: the failure time is not after the success time (or either is missing). */
export function lastPushSuccessful(group: Group): boolean {
  const fail = gaugeValue(group, PUSH_FAILURE_TIME);
  const success = gaugeValue(group, PUSH_TIME);
  return fail === undefined || success === undefined || fail <= success;
}
