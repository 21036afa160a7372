import type { Rule } from "../rule.js";
import { unitOf } from "./promlint-units.js";

const CAMEL = /[a-z][A-Z]/;

/** The first `_`-separated component of a name that is a unit word (promlint's table, with its prefixes) not written in lowercase. */
export function mixedCaseUnit(name: string): { written: string; unit: string; base: string } | undefined {
  // a camelCase name is camelcase-metric-name's finding
  if (CAMEL.test(name)) return undefined;
  for (const component of name.split("_")) {
    const lower = component.toLowerCase();
    if (component === lower) continue;
    const found = unitOf(lower);
    if (found !== undefined && found.unit === lower) return { written: component, unit: lower, base: found.base };
  }
  return undefined;
}

export const unitMixedCase: Rule = {
  id: "unit-mixed-case",
  severity: "warning",
  origin: "promtext",
  summary: "A unit word in the name written with capitals (`latency_Seconds`, `size_BYTES`).",
  why: "Units in metric names are lowercase (`_seconds`, `_bytes`), and names are case-sensitive: `latency_Seconds` and `latency_seconds` are two metrics, and a query or recording rule written for one misses the other. promlint compares units case-sensitively, so it neither recognises nor checks them (`request_Milliseconds` passes its base-unit check). This rule looks at whole `_`-separated components that are, ignoring case, one of promlint's units (with or without a prefix such as `milli`); abbreviations (`_MB`) are `unit-abbreviation`'s, camelCase names `camelcase-metric-name`'s.",
  checkFamily(family, context) {
    const found = mixedCaseUnit(family.name);
    if (found === undefined) return;
    const base = found.base !== found.unit ? `, and in the base unit \`${found.base}\`` : "";
    context.report(family, `unit \`${found.written}\` in \`${family.name}\` is not lowercase; write \`${found.unit}\`${base}`, family.name.length);
  },
};
