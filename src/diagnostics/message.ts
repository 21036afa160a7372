/** Quoted input in a message is cut to this many characters. */
const QUOTED = 100;
/** A message is cut in the middle past this many characters. */
const MESSAGE = 2000;

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * A message as a report may show it, whatever input it quotes: control characters (terminal
 * escape sequences among them) and bidirectional overrides escaped, each quoted stretch of
 * input (in backticks or double quotes) cut to 100 characters, the whole to about 2,000.
 */
export function safeMessage(message: string): string {
  let safe = message.replace(CONTROL, (c) => (c === "\n" ? "\\n" : c === "\r" ? "\\r" : c === "\t" ? "\\t" : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`));
  if (safe.length <= QUOTED) return safe;
  safe = shortenQuoted(safe);
  if (safe.length > MESSAGE) safe = `${safe.slice(0, MESSAGE - 300)} … ${safe.slice(-280)}`;
  return safe;
}

/** Each quoted stretch longer than QUOTED cut to its beginning (found by a scan: no regular expression backtracks over it). */
function shortenQuoted(s: string): string {
  const parts: string[] = [];
  let from = 0;
  let i = 0;
  while (i < s.length) {
    const backtick = s.indexOf("`", i);
    const quote = s.indexOf('"', i);
    const open = backtick === -1 ? quote : quote === -1 ? backtick : Math.min(backtick, quote);
    if (open === -1) break;
    const close = closingQuote(s, open);
    if (close === -1) break;
    const length = close - open - 1;
    if (length > QUOTED + 20) {
      parts.push(s.slice(from, open + 1 + QUOTED), `…${s[open]} (${length.toLocaleString("en")} characters)`);
      from = close + 1;
    }
    i = close + 1;
  }
  parts.push(s.slice(from));
  return parts.join("");
}

/** Where the quote opened at `open` closes (a double quote may be escaped by a backslash), or -1. */
function closingQuote(s: string, open: number): number {
  const mark = s[open] as string;
  if (mark === "`") return s.indexOf("`", open + 1);
  for (let i = open + 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 92) i++;
    else if (c === 34) return i;
  }
  return -1;
}
