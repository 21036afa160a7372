/**
 * What Pushgateway 1.5.1's text parser (prometheus/common expfmt 0.39) refuses although
 * promtext's parser, which mirrors upstream expfmt, accepts it: quoted names (`{"m"} 1`,
 * `m{"a"="b"} 1`), `\"` in HELP, TYPE `gaugehistogram`, found line by line the way 0.39's
 * state machine walks a line; and how it reads `gauge_histogram`. Used only when versions.ts says
 * the version has that parser.
 */
import { latin1Decode, latin1Encode } from "../runtime/bytes.js";
import { goQuote } from "./go-text.js";
import type { VersionBehaviour } from "./versions.js";

export const LABEL_NAME_CHAR = /[a-zA-Z0-9_]/;
export const METRIC_NAME_CHAR = /[a-zA-Z0-9_:]/;

/** A parse error found by promtext or by this module: where, what, and how early on its line expfmt meets it. */
export interface Found {
  line: number;
  at: number;
  message: string;
  /**
   * Which of several errors on one line expfmt meets first: a quoted name stops it at the
   * name (0), before the checks promtext reports (1); a bad HELP escape or type keyword is
   * met only after the "second HELP/TYPE" check (2).
   */
  rank: number;
}

/**
 * What 0.39 refuses and promtext's parser (upstream expfmt) accepts, found line by line the
 * way 0.39's state machine walks a line: quoted names, `\"` in HELP, TYPE gaugehistogram.
 */
export function expfmt039Errors(text: string, b: VersionBehaviour["expfmt039"]): Found[] {
  const found: Found[] = [];
  const lines = text.split("\n");
  lines.forEach((line, index) => {
    const n = line.length;
    let i = 0;
    const blanks = () => {
      while (i < n && (line[i] === " " || line[i] === "\t")) i++;
    };
    const add = (message: string, rank = 0) => found.push({ line: index + 1, at: i, message, rank });
    blanks();
    if (line[i] === "#") {
      i++;
      blanks();
      const start = i;
      while (i < n && line[i] !== " " && line[i] !== "\t") i++;
      const keyword = line.slice(start, i);
      if (keyword !== "HELP" && keyword !== "TYPE") return;
      blanks();
      if (line[i] === '"' && b.rejectsQuotedNames) return add("invalid metric name in comment");
      while (i < n && METRIC_NAME_CHAR.test(line[i] as string)) i++;
      if (i === n || (line[i] !== " " && line[i] !== "\t")) return;
      blanks();
      if (i === n) return;
      const rest = line.slice(i);
      if (keyword === "HELP" && b.rejectsQuoteEscapeInHelp) {
        for (let j = 0; j < rest.length; j++) {
          if (rest[j] !== "\\") continue;
          if (rest[j + 1] === '"') {
            i += j + 1;
            return add("invalid escape sequence '\\\"'", 2);
          }
          j++;
        }
      }
      if (keyword === "TYPE" && b.rejectsGaugehistogramKeyword && rest.toUpperCase() === "GAUGEHISTOGRAM") return add(`unknown metric type ${goQuote(rest)}`, 2);
      return;
    }
    if (!b.rejectsQuotedNames || i === n) return;
    if (line[i] === "{") return add("invalid metric name");
    if (!/[a-zA-Z_:]/.test(line[i] as string)) return;
    const nameStart = i;
    while (i < n && METRIC_NAME_CHAR.test(line[i] as string)) i++;
    const name = line.slice(nameStart, i);
    blanks();
    if (name === "" || line[i] !== "{") return;
    i++;
    for (;;) {
      blanks();
      if (i >= n || line[i] === "}") return;
      if (line[i] === '"') return add(`invalid label name for metric ${goQuote(name)}`);
      const labelStart = i;
      while (i < n && LABEL_NAME_CHAR.test(line[i] as string)) i++;
      if (i === labelStart) return;
      blanks();
      if (line[i] !== "=") return;
      i++;
      blanks();
      if (line[i] !== '"') return;
      i++;
      while (i < n && line[i] !== '"') i += line[i] === "\\" ? 2 : 1;
      if (i >= n) return;
      i++;
      blanks();
      if (line[i] !== ",") return;
      i++;
    }
  });
  return found;
}

/**
 * 0.39 knows GAUGE_HISTOGRAM only as a type name: such a family folds no `_bucket`, `_count`,
 * `_sum` lines (they start families of their own, with their own HELP and TYPE), `le` is an
 * ordinary label, and a sample of the family itself gets no value at all. That is how
 * promtext reads the family when its TYPE says `untyped`, so the TYPE is read as that
 * (same lines, same line numbers) and the family's values are dropped afterwards.
 */
export function untypeGaugeHistograms(bytes: Uint8Array): { bytes: Uint8Array; names: Set<string> } {
  const names = new Set<string>();
  const latin1 = latin1Decode(bytes);
  const rewritten = latin1.replace(/^([ \t]*#[ \t]*TYPE[ \t]+([a-zA-Z_:][a-zA-Z0-9_:]*)[ \t]+)(gauge_histogram)$/gim, (_, head: string, name: string) => {
    names.add(name);
    return `${head}untyped`;
  });
  return names.size === 0 ? { bytes, names } : { bytes: latin1Encode(rewritten), names };
}
