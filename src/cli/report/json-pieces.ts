/**
 * `JSON.stringify(value, null, 2)`, byte for byte, written in pieces: a report of millions of
 * diagnostics would not fit in one string (V8's limit is about 2^29 characters).
 *
 * A value is plain JSON data, or a `Pieces` writer (from `arrayPieces` / `objectPieces`) where it
 * is too large to stringify at once; plain values are stringified whole and indented to their place.
 */
export type Pieces = (indent: string) => Iterable<string>;

function* valuePieces(value: unknown, indent: string): Generator<string> {
  if (typeof value === "function") yield* (value as Pieces)(indent);
  else yield (JSON.stringify(value, null, 2) ?? "null").replaceAll("\n", `\n${indent}`);
}

/** An array, element by element; `each` turns an item into its JSON value (or a writer of its own). */
export function arrayPieces<T>(items: Iterable<T>, each: (item: T) => unknown = (item) => item): Pieces {
  return function* (indent) {
    const inner = `${indent}  `;
    let empty = true;
    for (const item of items) {
      yield `${empty ? "[" : ","}\n${inner}`;
      empty = false;
      yield* valuePieces(each(item), inner);
    }
    yield empty ? "[]" : `\n${indent}]`;
  };
}

/** An object, member by member; members whose value is undefined are left out, as JSON.stringify does. */
export function objectPieces(members: Record<string, unknown>): Pieces {
  return function* (indent) {
    const inner = `${indent}  `;
    let empty = true;
    for (const [key, value] of Object.entries(members)) {
      if (value === undefined) continue;
      yield `${empty ? "{" : ","}\n${inner}${JSON.stringify(key)}: `;
      empty = false;
      yield* valuePieces(value, inner);
    }
    yield empty ? "{}" : `\n${indent}}`;
  };
}

/** A whole JSON document and its final newline, as promtext's JSON outputs end. */
export function* jsonDocument(value: unknown): Generator<string> {
  yield* valuePieces(value, "");
  yield "\n";
}
