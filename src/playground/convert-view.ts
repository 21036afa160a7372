import type { OutputFormat, Target } from "../index.js";
import { invalidBytesNote, readForFmt, writeForFmt, type FmtFrom } from "../cli/fmt-core.js";
import { count, el } from "./dom.js";

export interface ConvertParts {
  command: HTMLElement;
  messages: HTMLElement;
  output: HTMLElement;
}

export interface ConvertChoice {
  from: FmtFrom;
  target: Target;
  to: OutputFormat;
  sort: boolean;
}

/** What `promtext fmt --target T --to F [--sort]` writes for the input, and what it says on stderr; nothing written for an input it refuses. */
export function renderConvert(source: string | Uint8Array, name: string, choice: ConvertChoice, parts: ConvertParts): void {
  const flags = [...(choice.from === "auto" ? [] : [`--from ${choice.from}`]), `--target ${choice.target}`, `--to ${choice.to}`, ...(choice.sort ? ["--sort"] : [])];
  parts.command.textContent = `promtext fmt ${flags.join(" ")} ${name}`;
  const messages: HTMLElement[] = [];
  const read = readForFmt(source, choice.from, choice.target);
  if (read.refused) {
    const errors = read.result.diagnostics.filter((d) => d.rejectedBy.includes(read.judgedFor));
    messages.push(message("error", `The input does not parse for target ${read.judgedFor}, so fmt does not rewrite it (it prints the errors and exits 1): ${count(errors.length, "error")}, listed under Diagnostics.`));
    parts.output.textContent = "";
    parts.output.classList.add("empty");
  } else {
    const written = writeForFmt(read, { to: choice.to, sort: choice.sort });
    for (const note of written.notes) messages.push(message("info", `${note.family}: ${note.message}`));
    const bytesNote = invalidBytesNote(written);
    if (bytesNote !== undefined) messages.push(message("info", bytesNote));
    const syntax = written.to === "openmetrics" ? "OpenMetrics" : "text 0.0.4";
    if (written.flaw !== undefined) messages.push(message("error", `the ${syntax} written does not parse for target ${read.judgedFor}, at ${written.flaw} (fmt exits 1)`));
    else if (written.strictFlaw !== undefined) messages.push(message("warning", `the ${syntax} written breaks the specification (target strict), at ${written.strictFlaw}`));
    parts.output.textContent = written.text;
    parts.output.classList.toggle("empty", written.text === "");
  }
  parts.messages.replaceChildren(...messages);
}

function message(severity: "error" | "warning" | "info", text: string): HTMLElement {
  return el("li", { className: `sev-${severity}` }, el("span", { className: "badge" }, severity === "info" ? "note" : severity), " ", text);
}
