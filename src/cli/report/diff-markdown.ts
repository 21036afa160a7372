import type { FamilyDiff } from "../../diff/types.js";
import { familyLines, familyOrderLine, summaryText, type DiffReport } from "./diff-lines.js";

/** A pull-request comment has room for this many families in its table (GitHub cuts comments at 65,536 characters). */
const TABLE_LIMIT = 100;

function html(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\|/g, "&#124;");
}

const code = (text: string) => `<code>${html(text)}</code>`;

/** What changed in a family, in a few words (HTML), for its table row and its section's title. */
function changeCell(f: FamilyDiff, name: (text: string) => string = code): string {
  if (f.change !== "changed") return f.change;
  const parts = f.metadata.map((m) => `${m.field.toUpperCase()} changed`);
  const s = f.series;
  if (s.added.length > 0 || s.removed.length > 0) parts.push(`+${s.added.length} -${s.removed.length} series`);
  const top = s.labels[0];
  if (top) parts.push(`label ${name(top.name)} ${top.before} → ${top.after} values`);
  if (f.layout) parts.push(f.layout.label === "le" ? "buckets changed" : "quantiles changed");
  if (f.seriesReordered) parts.push("series in another order");
  if (f.values.length > 0) {
    const resets = f.values.filter((v) => v.reset).length;
    parts.push(`${f.values.length} ${f.values.length === 1 ? "value change" : "value changes"}${resets > 0 ? ` (${resets} ${resets === 1 ? "reset" : "resets"})` : ""}`);
  }
  return parts.join(", ");
}

function seriesCell(f: FamilyDiff): string {
  const s = f.series;
  return s.before === s.after ? s.after.toLocaleString("en") : `${s.before.toLocaleString("en")} → ${s.after.toLocaleString("en")}`;
}

/** A fence longer than any run of backticks in the text. */
function fence(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  return "`".repeat(Math.max(3, longest + 1));
}

/**
 * A pull-request comment: the summary, a table of the families with a change, and for each
 * family changed a collapsed section with its lines in a `diff` block (GitHub colours + and -).
 */
export function* diffMarkdownReport({ before, after, changes }: DiffReport): Generator<string> {
  yield `### promtext diff: ${code(before.name)} → ${code(after.name)}\n\n`;
  yield `**${html(summaryText(changes.summary, changes.equal))}**\n`;
  if (changes.equal) return;
  if (changes.familyOrder) yield `\n${html(familyOrderLine(changes.familyOrder).text)}\n`;
  const shown = changes.families.slice(0, TABLE_LIMIT);
  yield "\n| Family | Type | Series | Change |\n|---|---|--:|---|\n";
  for (const f of shown) yield `| ${code(f.name)} | ${f.type} | ${seriesCell(f)} | ${changeCell(f)} |\n`;
  if (changes.families.length > shown.length) yield `\n… and ${changes.families.length - shown.length} more families (\`--format json\` lists all).\n`;
  for (const f of shown) {
    if (f.change !== "changed") continue;
    const body = familyLines(f)
      .map((l) => `${l.sign} ${l.text}`)
      .join("\n");
    const marks = fence(body);
    yield `\n<details><summary>${code(f.name)} (${f.type}): ${changeCell(f, html)}</summary>\n\n${marks}diff\n${body}\n${marks}\n\n</details>\n`;
  }
}
