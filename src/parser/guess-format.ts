import type { InputFormat } from "../diagnostics/codes.js";

const OPENMETRICS_ONLY: [RegExp, string][] = [
  [/^# UNIT /m, "a # UNIT line"],
  [/^# TYPE \S+ (unknown|gaugehistogram|stateset|info)$/m, "an OpenMetrics-only type"],
  [/^[^#\n][^\n]* # \{/m, "an exemplar"],
];
const TEXT_ONLY: [RegExp, string][] = [
  [/^# TYPE \S+ untyped$/m, "the type untyped"],
  [/^#(?! (HELP|TYPE|UNIT|EOF)( |$))/m, "a plain comment"],
];

/**
 * The format of a stream too long to wait for its last line: OpenMetrics when its beginning
 * has a line only OpenMetrics writes, else Prometheus text. The `# EOF` rule that parse()
 * applies is checked at the end (StreamSummary.formatGuessed.endsWithEof).
 */
export function guessFormat(head: string): { guess: InputFormat; reason: string } {
  let om: { at: number; reason: string } | undefined;
  for (const [pattern, reason] of OPENMETRICS_ONLY) {
    const m = pattern.exec(head);
    if (m && (om === undefined || m.index < om.at)) om = { at: m.index, reason };
  }
  let text: { at: number; reason: string } | undefined;
  for (const [pattern, reason] of TEXT_ONLY) {
    const m = pattern.exec(head);
    if (m && (text === undefined || m.index < text.at)) text = { at: m.index, reason };
  }
  if (om !== undefined && (text === undefined || om.at < text.at)) return { guess: "openmetrics", reason: `its beginning has ${om.reason}` };
  return { guess: "prometheus", reason: text ? `its beginning has ${text.reason}` : "its beginning has nothing only OpenMetrics writes" };
}
