/**
 * A copy of `s` that shares no memory with the text it was sliced from. V8 makes a slice of a
 * long string a view that keeps the whole string alive; what a stream keeps after a segment
 * (family names, HELP text, messages) must not hold the segment.
 */
export function detach(s: string): string {
  if (s.length < 13) return s; // V8 copies short slices
  const joined = ` ${s}`;
  joined.charCodeAt(0); // flattens the concatenation into a string of its own
  return joined.slice(1);
}
