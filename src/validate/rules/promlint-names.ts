import type { Rule } from "../rule.js";

const CAMEL = /[a-z][A-Z]/;

export const nameColon: Rule = {
  id: "name-colon",
  severity: "warning",
  origin: "promlint",
  summary: "A colon in the metric name.",
  why: "Colons are reserved for recording rules (`job:http_requests:rate5m`); an exporter using them makes its metrics look like derived data.",
  promlintMessage: "metric names should not contain ':'",
  checkFamily(family, context) {
    if (family.name.includes(":")) context.report(family, `\`${family.name}\` contains ':'`, family.name.length);
  },
};

export const camelcaseMetricName: Rule = {
  id: "camelcase-metric-name",
  severity: "warning",
  origin: "promlint",
  summary: "A camelCase metric name.",
  why: "Prometheus names are snake_case; mixed styles make names hard to guess in queries.",
  promlintMessage: "metric names should be written in 'snake_case' not 'camelCase'",
  checkFamily(family, context) {
    if (CAMEL.test(family.name)) context.report(family, `\`${family.name}\` is camelCase; write it in snake_case`, family.name.length);
  },
};

export const camelcaseLabelName: Rule = {
  id: "camelcase-label-name",
  severity: "warning",
  origin: "promlint",
  summary: "A camelCase label name.",
  why: "Label names are snake_case too; promtool reports every series carrying one.",
  promlintMessage: "label names should be written in 'snake_case' not 'camelCase'",
  checkFamily(family, context) {
    for (const metric of family.metrics) {
      for (const label of metric.labels) {
        if (CAMEL.test(label.name)) context.report(metric, `label \`${label.name}\` of \`${family.name}\` is camelCase; write it in snake_case`, family.name.length);
      }
    }
  },
};
