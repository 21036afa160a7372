import type { Label, Metric, MetricFamily } from "../../model/types.js";
import type { Rule } from "../rule.js";
import { andMore, labelsMatching, newOccurrences, quoteValue, type LabelOccurrence } from "./shared.js";

/** The series' identity as Prometheus stores it: labels sorted by name, empty values dropped. */
function storedIdentity(labels: Label[]): string {
  return labels
    .filter((l) => l.value !== "")
    .map((l) => `${l.name}\u0000${l.value}`)
    .sort()
    .join("\u0001");
}

export const labelValueEmpty: Rule = {
  id: "label-value-empty",
  severity: "warning",
  origin: "promtext",
  summary: "A label with an empty value (`a=\"\"`).",
  why: "In Prometheus a label with an empty value is the same as no label at all: `m{a=\"\"}` is stored as `m`. Consumers that keep the label (expfmt, `promtool`, the Pushgateway) accept `m{a=\"\"}` and `m` side by side, but after ingestion they are one series and one of the two values is lost; queries such as `m{a!=\"\"}` or `count by (a)` also see the label as missing. Leave the label out, or give it a real value such as `unknown`. One finding per family and label name, saying when the family also has a series it collides with.",
  checkFamily(family, context) {
    const tally = context.carried((): { found: Map<string, LabelOccurrence>; empties: number; clashes: Map<string, [number, number]> } => ({ found: newOccurrences(), empties: 0, clashes: new Map() }));
    const found = labelsMatching(family, (l) => l.value === "", tally.found);
    const empties = [...found.values()].reduce((n, o) => n + o.count, 0);
    if (empties > tally.empties) {
      tally.empties = empties;
      // per empty label, the first pair of series that Prometheus would store as one (in a stream: within a part)
      const byIdentity = new Map<string, Metric>();
      for (const metric of family.metrics) {
        const key = storedIdentity(metric.labels);
        const earlier = byIdentity.get(key);
        if (earlier === undefined) {
          byIdentity.set(key, metric);
          continue;
        }
        for (const l of [...earlier.labels, ...metric.labels]) if (l.value === "" && !tally.clashes.has(l.name)) tally.clashes.set(l.name, [earlier.line, metric.line]);
      }
    }
    if (!context.part.last) return;
    for (const { metric, label, count } of found.values()) {
      const pair = tally.clashes.get(label.name);
      const clash = pair ? `; series on lines ${pair[0]} and ${pair[1]} become one series` : "";
      context.report(metric, `label \`${label.name}\` of \`${family.name}\` is empty, which Prometheus treats as no label${clash}${andMore(count)}`, family.name.length);
    }
  },
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** 16 or more hex digits (with at least one decimal digit), optionally after an algorithm prefix such as `sha256:`. */
const HEX = /^(?:[a-z][a-z0-9]*:)?(?=[a-f]*[0-9])[0-9a-f]{16,}$/i;
const LONG_NUMBER = /^\d{16,}$/;
/** Unix time in seconds (10 digits, optionally with a fraction) or milliseconds (13 digits), 2001–2286. */
const UNIX_TIME = /^1\d{9}(?:\.\d+)?$|^1\d{12}$/;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?::\d{1,5})?$/;
const EMAIL = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;
const HEX_GROUP = /^[0-9a-f]{1,4}$/i;

function isIPv4(value: string): boolean {
  const m = IPV4.exec(value);
  return m !== null && [m[1], m[2], m[3], m[4]].every((octet) => Number(octet) <= 255);
}

/** A textual IPv6 address: eight groups, or fewer with one `::`; optionally in brackets with a port, or with a zone. */
function isIPv6(value: string): boolean {
  let v = value;
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(v);
  if (bracketed) v = bracketed[1]!;
  const zone = v.indexOf("%");
  if (zone !== -1) v = v.slice(0, zone);
  if (!v.includes(":")) return false;
  const last = v.slice(v.lastIndexOf(":") + 1);
  if (last.includes(".")) {
    // an embedded IPv4 address in the last two groups (::ffff:10.0.0.1)
    if (!isIPv4(last)) return false;
    v = `${v.slice(0, v.lastIndexOf(":") + 1)}0:0`;
  }
  const halves = v.split("::");
  if (halves.length > 2) return false;
  const groups = halves.map((h) => (h === "" ? [] : h.split(":")));
  const all = groups.flat();
  if (!all.every((g) => HEX_GROUP.test(g))) return false;
  return halves.length === 2 ? all.length <= 7 : all.length === 8;
}

/** Build and version metadata lives in `_info` families; a commit hash there is one value per build, not per event. */
function infoLike(family: MetricFamily): boolean {
  return family.type === "info" || family.name.endsWith("_info");
}

/** What an unbounded-looking label value looks like, if it does (cheap length and character gates first: this runs on every label). */
export function unboundedKind(value: string, label: string, family: MetricFamily): string | undefined {
  const n = value.length;
  if (n < 3) return undefined;
  const c = value.charCodeAt(0);
  const digitFirst = c >= 48 && c <= 57;
  if (n === 36 && UUID.test(value)) return "a UUID";
  if (value.includes("@") && EMAIL.test(value)) return "an email address";
  if (digitFirst && n >= 7 && isIPv4(value) && !/version|release/i.test(label)) return "an IPv4 address";
  if (value.includes(":") && isIPv6(value)) return "an IPv6 address";
  if (c === 49 && n >= 10 && UNIX_TIME.test(value)) return "a Unix timestamp";
  if (n >= 16 && !infoLike(family)) {
    if (LONG_NUMBER.test(value)) return "a long numeric id";
    if (HEX.test(value)) return "a long hexadecimal id or hash";
  }
  return undefined;
}

export const labelValueUnbounded: Rule = {
  id: "label-value-unbounded",
  severity: "warning",
  origin: "promtext",
  summary: "A label whose values look unbounded: UUIDs, long numeric or hex ids and hashes, Unix timestamps, IP addresses, email addresses.",
  why: "Every distinct label value is a new time series: Prometheus keeps an index entry and a chunk for each, so a label fed by request ids, users, clients or clocks grows memory and query cost without limit, and each value lives on for the retention period. Such values belong in logs, traces or exemplars. The rule recognises whole values that are a UUID, 16 or more decimal digits, 16 or more hex digits with at least one decimal digit (optionally after `sha256:` and the like; these two not in `_info` families, where a commit hash is build metadata), a Unix time in seconds (10 digits) or milliseconds (13 digits) between 2001 and 2286, an IPv4 address (optionally with a port; not in labels named like `version`), an IPv6 address, or an email address. One finding per family and label name, naming the first such value.",
  checkFamily(family, context) {
    const found = context.carried(() => new Map<string, { metric: Metric; value: string; kind: string; count: number }>());
    for (const metric of family.metrics) {
      for (const label of metric.labels) {
        const seen = found.get(label.name);
        if (seen !== undefined) {
          if (unboundedKind(label.value, label.name, family) !== undefined) seen.count++;
          continue;
        }
        const kind = unboundedKind(label.value, label.name, family);
        if (kind !== undefined) found.set(label.name, { metric, value: label.value, kind, count: 1 });
      }
    }
    if (!context.part.last) return;
    for (const [name, { metric, value, kind, count }] of found) {
      context.report(metric, `label \`${name}\` of \`${family.name}\` looks unbounded: ${quoteValue(value)} is ${kind}${andMore(count)}`, family.name.length);
    }
  },
};
