/**
 * Conformance cases whose verdict we deliberately do not share, each with the reason.
 * The conformance test fails on any other disagreement, and on an entry here that agrees.
 */
const NATIVE_HISTOGRAM =
  "client_python reads its experimental native-histogram text syntax ({count:…,sum:…}); it is not OpenMetrics 1.0 and no Prometheus text parser accepts it";
const PY_TEXT_ESCAPE =
  "client_python's text parser keeps an unknown backslash escape verbatim; the 0.0.4 documentation allows only \\\\, \\\" and \\n (and expfmt rejects it)";
const LEGACY_NAMES =
  "the case runs expfmt's TextParser with UTF8Validation, which takes this quoted UTF-8 name; promtool check metrics decodes with expfmt.NewDecoder(r, FmtText), which validates names the legacy way (prometheus/common@d2417e2 expfmt/decode.go:83-87, client_golang@89c60c05 promlint.go:71), and the Pushgateway 1.5 refuses such names: our promtool and pushgateway targets give their verdict (utf8-name)";
const GOLDEN = "a serializer golden: expfmt writes whatever the test's model holds, and this model breaks an OpenMetrics rule";

export const DEVIATIONS: Record<string, string> = {
  "prom-text/expfmt-create-golden-02": LEGACY_NAMES,
  "prom-text/expfmt-ok-05-quoted-metric-name-and-quoted-label-name": LEGACY_NAMES,
  "prom-text/expfmt-ok-06-metric-family-with-dots-in-name": LEGACY_NAMES,
  "prom-text/expfmt-ok-07-metric-family-with-dots-in-name-no-label": LEGACY_NAMES,
  "prom-text/expfmt-ok-08-quoted-metric-name-and-quoted-label-name": LEGACY_NAMES,
  "prom-text/expfmt-ok-09-various-escaped-special-characters-in-me": LEGACY_NAMES,
  "prom-text/expfmt-ok-10-quoted-metric-name-not-the-first-element": LEGACY_NAMES,
  "prom-text/expfmt-ok-11-multiple-minimal-metrics-with-quoted-met": LEGACY_NAMES,
  "prom-text/expfmt-ok-41-dotted-metric-name-fails-legacy-validati": LEGACY_NAMES,
  "prom-text/expfmt-ok-42-dotted-label-name-fails-legacy-validatio": LEGACY_NAMES,
  "python-client/om-native_histogram": NATIVE_HISTOGRAM,
  "python-client/om-native_histogram_three_pos_spans_no_neg_spans_or_deltas": NATIVE_HISTOGRAM,
  "python-client/om-native_histogram_utf8": NATIVE_HISTOGRAM,
  "python-client/om-native_histogram_utf8_stress": NATIVE_HISTOGRAM,
  "python-client/om-native_histogram_with_classic_histogram": NATIVE_HISTOGRAM,
  "python-client/om-native_histogram_with_labels": NATIVE_HISTOGRAM,
  "python-client/om-native_histogram_with_labels_utf8": NATIVE_HISTOGRAM,
  "python-client/om-native_plus_classic_histogram_two_labelsets": NATIVE_HISTOGRAM,
  "python-client/prom-commas":
    "client_python accepts a label set that is only a comma (`b{,}`); the documented grammar and both Go parsers reject it",
  "python-client/prom-escaping": PY_TEXT_ESCAPE,
  "python-client/prom-help_escaping-01": PY_TEXT_ESCAPE,
  "python-client/prom-help_escaping-03":
    "client_python keeps a lone backslash at the end of HELP; the 0.0.4 documentation requires it escaped (and expfmt rejects it)",
  "python-client/prom-label_escaping-01": PY_TEXT_ESCAPE,
  "serializer-golden/expfmt-openmetrics-create-02": `${GOLDEN} (a repeated series whose timestamps go backwards)`,
  "serializer-golden/expfmt-openmetrics-create-06": `${GOLDEN} (a summary with a negative quantile value and a fractional count)`,
  "serializer-golden/expfmt-openmetrics-create-16": `${GOLDEN} (a UNIT that is not the suffix of the family name)`,
};
