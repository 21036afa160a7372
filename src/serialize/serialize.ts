import type { MetricFamily } from "../model/types.js";
import type { ParseResult } from "../parser/parse.js";
import type { ConversionNote } from "./lines.js";
import { escapeFamilies } from "./escape-model.js";
import type { EscapingScheme } from "./escaping.js";
import { serializeLossless } from "./lossless.js";
import { familiesToJson } from "./json.js";
import { familyToOpenMetrics } from "./openmetrics.js";
import { familyToText, textFamilyName } from "./text.js";
import { childFamiliesFirst } from "./text-order.js";

export type OutputFormat = "prometheus" | "openmetrics" | "json";

export interface SerializeOptions {
  format?: OutputFormat;
  /** Order families by name, as the Go encoders' callers do (default: as parsed). */
  sort?: boolean;
  /**
   * The parse the families came from: write its text with only the lines the families' edits
   * touch rewritten (the format is then the input's; `sort` does not apply).
   */
  lossless?: ParseResult;
  /** Escape names for consumers that need legacy names (default `allow-utf-8`: names as they are, quoted where needed). */
  escaping?: EscapingScheme;
}

export interface SerializeResult {
  text: string;
  /** What the format could not say and how it was mapped or dropped. */
  notes: ConversionNote[];
}

/** Writes families in text 0.0.4 or OpenMetrics 1.0, byte for byte as prometheus/common expfmt does. */
export function serialize(families: readonly MetricFamily[], options: SerializeOptions = {}): SerializeResult {
  const notes: ConversionNote[] = [];
  if (options.lossless) return { text: serializeLossless(options.lossless, families), notes };
  const escaped = options.escaping ? escapeFamilies(families, options.escaping) : families;
  const ordered = options.sort ? [...escaped].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) : escaped;
  if (options.format === "json") return { text: familiesToJson(ordered, notes), notes };
  let text = "";
  if (options.format === "openmetrics") {
    const names = new Set(ordered.map((f) => f.name));
    for (const family of ordered) text += familyToOpenMetrics(family, notes, names);
    text += "# EOF\n";
  } else {
    const byTextName = new Map(ordered.map((f) => [textFamilyName(f), f]));
    for (const family of childFamiliesFirst(ordered)) text += familyToText(family, notes, byTextName);
  }
  return { text, notes };
}

export type { ConversionNote } from "./lines.js";
