import type { FamilyDiff, ValueChange } from "../../diff/types.js";
import { formatGoFloat } from "../../serialize/float.js";
import type { DiffReport } from "./diff-lines.js";
import { arrayPieces, jsonDocument, objectPieces } from "./json-pieces.js";

/** The version of the JSON shape: it changes only when a field changes meaning or goes away. */
export const DIFF_JSON_VERSION = 1;

/** JSON has no infinities or NaN: those are written as the text format writes them, `"+Inf"`, `"-Inf"`, `"NaN"`. */
function finite(x: number): number | string {
  return Number.isFinite(x) ? x : formatGoFloat(x);
}

function valueJson(v: ValueChange): Record<string, unknown> {
  return {
    labels: v.labels,
    sample: v.sample,
    bound: v.bound === undefined ? undefined : finite(v.bound),
    before: finite(v.before),
    after: finite(v.after),
    beforeText: v.beforeText,
    afterText: v.afterText,
    delta: finite(v.delta),
    increase: v.increase === undefined ? undefined : finite(v.increase),
    rate: v.rate === undefined ? undefined : finite(v.rate),
    reset: v.reset,
  };
}

function familyJson(f: FamilyDiff) {
  return objectPieces({
    name: f.name,
    change: f.change,
    type: f.type,
    metadata: f.metadata,
    series: objectPieces({ ...f.series, added: arrayPieces(f.series.added), removed: arrayPieces(f.series.removed) }),
    layout: f.layout ? { ...f.layout, before: f.layout.before.map(finite), after: f.layout.after.map(finite), added: f.layout.added.map(finite), removed: f.layout.removed.map(finite) } : undefined,
    values: arrayPieces(f.values, valueJson),
    seriesReordered: f.seriesReordered,
  });
}

/** The change set as one JSON object (the shape documented in the README), written family by family. */
export function diffJsonReport({ before, after, changes }: DiffReport): Generator<string> {
  return jsonDocument(
    objectPieces({
      version: DIFF_JSON_VERSION,
      before,
      after,
      equal: changes.equal,
      summary: changes.summary,
      familyOrder: changes.familyOrder,
      families: arrayPieces(changes.families, familyJson),
    }),
  );
}
