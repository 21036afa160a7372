import { paint } from "./human.js";
import { familyHeading, familyLines, familyOrderLine, summaryText, type DiffReport } from "./diff-lines.js";

/** The summary first, then each family with a change, by name: `+` added, `-` removed, `~` changed. */
export function* diffHumanReport({ before, after, changes }: DiffReport, { color }: { color: boolean }): Generator<string> {
  const bold = paint(color, "1");
  const dim = paint(color, "2");
  const green = paint(color, "32");
  const red = paint(color, "31");
  const yellow = paint(color, "33");
  const tone = { "+": green, "-": red, "~": yellow, " ": dim };
  yield `${bold(`${before.name} → ${after.name}`)}: ${summaryText(changes.summary, changes.equal)}\n`;
  if (changes.familyOrder) {
    const line = familyOrderLine(changes.familyOrder);
    yield `\n${tone[line.sign](line.sign)} ${line.text}\n`;
  }
  let block = true;
  for (const f of changes.families) {
    const heading = familyHeading(f);
    // a family changed is a block of lines, set apart; families added and removed are one line each
    const changed = f.change === "changed";
    yield `${block || changed ? "\n" : ""}${tone[heading.sign](heading.sign)} ${bold(heading.text)}\n`;
    block = changed;
    if (!changed) continue;
    for (const line of familyLines(f)) {
      const text = line.reset ? line.text.replace("(reset", `(${yellow("reset")}`) : line.text;
      yield `    ${tone[line.sign](line.sign)} ${line.sign === " " ? dim(text) : text}\n`;
    }
  }
}
