import type { Rule } from "../rule.js";

/** promlint's unit table: a unit and the base unit it should be written in. */
const UNITS: Record<string, string> = {
  amperes: "amperes",
  bytes: "bytes",
  celsius: "celsius",
  grams: "grams",
  joules: "joules",
  kelvin: "kelvin",
  meters: "meters",
  metres: "metres",
  seconds: "seconds",
  volts: "volts",
  minutes: "seconds",
  hours: "seconds",
  days: "seconds",
  weeks: "seconds",
  kelvins: "kelvin",
  fahrenheit: "celsius",
  rankine: "celsius",
  inches: "meters",
  yards: "meters",
  miles: "meters",
  bits: "bytes",
  calories: "joules",
  pounds: "grams",
  ounces: "grams",
};
/** In promlint's order (it says `mibi`, not `mebi`). */
const PREFIXES = ["pico", "nano", "micro", "milli", "centi", "deci", "deca", "hecto", "kilo", "kibi", "mega", "mibi", "giga", "gibi", "tera", "tebi", "peta", "pebi"];
const ABBREVIATIONS = ["s", "ms", "us", "ns", "sec", "b", "kb", "mb", "gb", "tb", "pb", "m", "h", "d"];

/** The first unit in a name, as the newest promlint finds it: components left to right, the bare unit before prefixed ones. */
export function unitOf(name: string): { unit: string; base: string } | undefined {
  for (const component of name.split("_")) {
    const base = Object.hasOwn(UNITS, component) ? UNITS[component] : undefined;
    if (base !== undefined) return { unit: component, base };
    for (const prefix of PREFIXES) {
      if (!component.startsWith(prefix)) continue;
      const rest = component.slice(prefix.length);
      const prefixedBase = Object.hasOwn(UNITS, rest) ? UNITS[rest] : undefined;
      if (prefixedBase !== undefined) return { unit: component, base: prefixedBase };
    }
  }
  return undefined;
}

export const unitNonBase: Rule = {
  id: "unit-non-base",
  severity: "warning",
  origin: "promlint",
  summary: "A unit in the name that is not a base unit (milliseconds, kilobytes, hours…).",
  why: "Prometheus metrics use base units (seconds, bytes, meters…) so that any two can be combined in a query without conversion factors; Grafana scales the display. promtool names the base unit to use instead.",
  promlintMessage: 'use base unit "<base>" instead of "<unit>"',
  checkFamily(family, context) {
    const found = unitOf(family.name);
    if (found !== undefined && found.unit !== found.base) {
      context.report(family, `use base unit "${found.base}" instead of "${found.unit}" in \`${family.name}\``, family.name.length);
    }
  },
};

export const unitAbbreviation: Rule = {
  id: "unit-abbreviation",
  severity: "warning",
  origin: "promlint",
  summary: "An abbreviated unit in the name (`_ms`, `_sec`, `_kb`…).",
  why: "Abbreviations are ambiguous (`_m` is minutes or meters, `_b` bits or bytes) and hide non-base units. promtool reports one finding per abbreviation found.",
  promlintMessage: "metric names should not contain abbreviated units",
  checkFamily(family, context) {
    const name = family.name.toLowerCase();
    for (const a of ABBREVIATIONS) {
      if (name.includes(`_${a}_`) || name.endsWith(`_${a}`)) {
        context.report(family, `\`${family.name}\` contains the abbreviated unit \`${a}\``, family.name.length);
      }
    }
  },
};
