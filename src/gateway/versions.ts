/**
 * Where Pushgateway versions differ: the one place that says so. The model follows Debian's
 * 1.5.1 (common 0.39, client_golang 1.14), against which the 79 recorded cases were taken;
 * `head` is upstream v1.11.x (common 0.6x, client_golang 1.23) as read from the sources
 * (notes §9), not run. Other modules ask `behaviour(version)` instead of testing versions.
 */
import { INTERNAL_FAMILIES_1_5_1, type InternalFamily } from "./internal-families.js";

export type GatewayVersion = "1.5.1" | "head";

export const GATEWAY_VERSIONS: readonly GatewayVersion[] = ["1.5.1", "head"];

export interface VersionBehaviour {
  /** The text parser (prometheus/common expfmt) is 0.39's, which promtext's `pushgateway` target does not mirror in these points. */
  expfmt039: {
    /** `\"` in HELP is an invalid escape (0.39) rather than a quote. */
    rejectsQuoteEscapeInHelp: boolean;
    /** TYPE `gaugehistogram` is unknown (0.39) rather than read as `gauge_histogram`. */
    rejectsGaugehistogramKeyword: boolean;
    /** Quoted metric and label names (`{"m"}`, `m{"a"="b"}`) are syntax errors even when they are legacy names. */
    rejectsQuotedNames: boolean;
    /** Negative histogram bucket and _count values wrap around to uint64 instead of being rejected. */
    wrapsNegativeHistogramCounts: boolean;
    /** `gauge_histogram` families keep no values and fold no children: `x_bucket`… become untyped families. */
    gaugeHistogramWithoutValues: boolean;
  };
  /**
   * The push and delete handlers of 1.5.1 lock a per-handler mutex and forget to unlock it when
   * the job's base64 does not decode: that handler (method and route, e.g. PUT
   * /metrics/job@base64/:job) never answers again. Removed in 1.10.0 (5ad8650).
   */
  handlerLockLeak: boolean;
  /** GAUGE_HISTOGRAM cannot be written by the text encoder: GET /metrics is cut off before it (notes §7.2). */
  truncatesAtGaugeHistogram: boolean;
  /** The consistency check accepts label names that are valid UTF-8 (client_golang ≥ 1.20) rather than legacy names only. */
  utf8LabelNamesInCheck: boolean;
  /** The gateway's own families. */
  internalFamilies: readonly InternalFamily[];
}

const V1_5_1: VersionBehaviour = {
  expfmt039: {
    rejectsQuoteEscapeInHelp: true,
    rejectsGaugehistogramKeyword: true,
    rejectsQuotedNames: true,
    wrapsNegativeHistogramCounts: true,
    gaugeHistogramWithoutValues: true,
  },
  handlerLockLeak: true,
  truncatesAtGaugeHistogram: true,
  utf8LabelNamesInCheck: false,
  internalFamilies: INTERNAL_FAMILIES_1_5_1,
};

const HEAD: VersionBehaviour = {
  expfmt039: {
    rejectsQuoteEscapeInHelp: false,
    rejectsGaugehistogramKeyword: false,
    rejectsQuotedNames: false,
    wrapsNegativeHistogramCounts: false,
    gaugeHistogramWithoutValues: false,
  },
  handlerLockLeak: false,
  truncatesAtGaugeHistogram: false,
  utf8LabelNamesInCheck: true,
  // Not read from a running HEAD gateway: newer Go collectors add families (go_gc_gogc_percent…)
  // and pushgateway_build_info has another HELP; the 1.5.1 table is the approximation.
  internalFamilies: INTERNAL_FAMILIES_1_5_1,
};

export function behaviour(version: GatewayVersion): VersionBehaviour {
  return version === "head" ? HEAD : V1_5_1;
}

/** The differences in words, for reports and --help. */
export const VERSION_DIFFERENCES: readonly string[] = [
  '1.5.1 (expfmt 0.39) rejects \\" in HELP ("invalid escape sequence"); HEAD reads it as a quote.',
  "1.5.1 rejects TYPE gaugehistogram; HEAD reads it like gauge_histogram.",
  '1.5.1 rejects quoted names ({"m"} 1, m{"a"="b"} 1) even when they are legacy names; HEAD accepts legacy ones (and others with --push.enable-utf8-names, not modelled).',
  "1.5.1 wraps negative histogram bucket/_count values to uint64; HEAD rejects them (and keeps fractional counts as floats).",
  "1.5.1 keeps a gauge_histogram family without values and makes its _bucket/_count/_sum lines untyped families; the text encoder then cuts GET /metrics off at that family. HEAD reads it as a histogram.",
  "HEAD's consistency check allows UTF-8 label names (still not __-prefixed); reachable only through protobuf pushes.",
  "1.5.1: after a push or delete whose job@base64 does not decode, that handler (method and route) never answers again (a mutex left locked); fixed in 1.10.0.",
  "HEAD decodes Content-Encoding: snappy (not modelled).",
  "HEAD's own families (go_*, pushgateway_build_info HELP) differ; the model uses 1.5.1's table for both.",
];
