import { diff, parse, type DiffOptions, type DiffSummary, type InputFormat, type MetricFamily } from "../browser.js";
import { diffHumanReport } from "../cli/report/diff-human.js";
import { el } from "./dom.js";

export interface DiffParts {
  command: HTMLElement;
  summary: HTMLElement;
  report: HTMLElement;
}

export interface DiffSide {
  name: string;
  source: string | Uint8Array;
}

export interface DiffChoice {
  ignoreValues: boolean;
  strict: boolean;
  ignoreLabels: string[];
}

/** The counts the summary shows, in order. */
const SUMMARY: [keyof DiffSummary, string][] = [
  ["familiesAdded", "families added"],
  ["familiesRemoved", "families removed"],
  ["familiesChanged", "families changed"],
  ["metadataChanges", "metadata changes"],
  ["seriesAdded", "series added"],
  ["seriesRemoved", "series removed"],
  ["valueChanges", "value changes"],
  ["resets", "resets"],
];

type Read = { ok: true; format: InputFormat; families: MetricFamily[] } | { ok: false; message: string };

/** A side read as `promtext diff` reads a file: target prometheus, the format told by the last line; an error means nothing is compared. */
function read(side: DiffSide): Read {
  const result = parse(side.source, { format: "auto", target: "prometheus" });
  const first = result.diagnostics.filter((d) => d.severity === "error").reduce<(typeof result.diagnostics)[number] | undefined>((f, d) => (f === undefined || d.offset < f.offset ? d : f), undefined);
  if (first === undefined) return { ok: true, format: result.format, families: result.families };
  return { ok: false, message: `${side.name} does not parse; nothing compared. First error, at ${side.name}:${first.line}:${first.column}: ${first.message} [${first.code}]` };
}

/** The report `promtext diff --no-color BEFORE AFTER` prints, line by line, and the summary's counts. */
export function renderDiff(before: DiffSide, after: DiffSide, choice: DiffChoice, parts: DiffParts): void {
  const flags = [...(choice.ignoreValues ? ["--ignore-values"] : []), ...(choice.strict ? ["--strict"] : []), ...choice.ignoreLabels.map((l) => `--ignore-label ${l}`)];
  parts.command.textContent = ["promtext diff", ...flags, before.name, after.name].join(" ");
  parts.summary.replaceChildren();
  delete parts.report.dataset["equal"];
  if (after.source.length === 0) {
    parts.report.replaceChildren(el("p", { className: "note" }, "Paste or drop a second payload above to compare the input with it."));
    return;
  }
  const sides = [read(before), read(after)];
  const problems = sides.flatMap((s) => (s.ok ? [] : [s.message]));
  const [b, a] = sides;
  if (problems.length > 0 || b === undefined || a === undefined || !b.ok || !a.ok) {
    parts.report.replaceChildren(...problems.map((p) => el("p", { className: "problem sev-error" }, p)));
    return;
  }
  const options: DiffOptions = { ignoreValues: choice.ignoreValues, ignoreLabels: choice.ignoreLabels, strict: choice.strict, formats: { before: b.format, after: a.format } };
  const changes = diff(b.families, a.families, options);
  parts.summary.replaceChildren(
    ...SUMMARY.map(([key, label]) => el("div", { data: { summary: key }, className: changes.summary[key] === 0 ? "zero" : "" }, el("dt", {}, label), el("dd", {}, String(changes.summary[key])))),
  );
  const text = [...diffHumanReport({ before: { name: before.name, format: b.format }, after: { name: after.name, format: a.format }, changes }, { color: false })].join("");
  parts.report.replaceChildren(
    ...text
      .replace(/\n$/, "")
      .split("\n")
      .map((line) => {
        const sign = /^\s*([+\-~])\s/.exec(line)?.[1];
        const kind = sign === "+" ? "added" : sign === "-" ? "removed" : sign === "~" ? "changed" : line === "" ? "blank" : "plain";
        return el("div", { className: `diff-line ${kind}` }, line);
      }),
  );
  parts.report.dataset["equal"] = String(changes.equal);
}
