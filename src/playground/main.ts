/**
 * The playground page (dist/playground/index.html): the library, bundled for browsers, run on
 * what is pasted or dropped. Diagnostics as `promtext lint` gives them, conversion as
 * `promtext fmt` writes it, and the report of `promtext diff`; nothing leaves the page.
 */
import { lint, parseJson, TARGET_NAMES, type Diagnostic, type InputFormat, type OutputFormat, type ParseResult, type Target } from "../browser.js";
import { looksLikeJson } from "../cli/fmt-core.js";
import { renderConvert } from "./convert-view.js";
import { renderDiagnostics } from "./diagnostics-view.js";
import { renderDiff } from "./diff-view.js";
import { byId, count } from "./dom.js";

declare const __PLAYGROUND_EXAMPLES__: { input: string; before: string; after: string };

const TABS = ["diagnostics", "convert", "diff"] as const;
type Tab = (typeof TABS)[number];

/** Files past this size are not read: a textarea holding more is of no use. */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

const inputFormat = byId<HTMLSelectElement>("input-format");
const target = byId<HTMLSelectElement>("target");
const input = byId<HTMLTextAreaElement>("input");
const after = byId<HTMLTextAreaElement>("after");
const fileInput = byId<HTMLInputElement>("file-input");
const listing = byId("listing");
const overlay = byId("drop-overlay");

/** What a box holds: its name in commands and reports, and a dropped file's bytes until the text is edited (so invalid UTF-8 is reported as lint reports it). */
interface Held {
  name: string;
  label: HTMLElement;
  box: HTMLTextAreaElement;
  bytes?: Uint8Array;
}

const held: Record<"input" | "after", Held> = {
  input: { name: "input", label: byId("input-name"), box: input },
  after: { name: "after", label: byId("after-name"), box: after },
};

function source(h: Held): string | Uint8Array {
  return h.bytes ?? h.box.value;
}

let active: Tab = "diagnostics";
/** The views not yet drawn for the current input: a hidden tab is drawn when it is shown. */
const stale = new Set<Tab>(TABS);
let linted: ParseResult | undefined;

function currentTarget(): Target {
  return target.value as Target;
}

function update(): void {
  const text = source(held.input);
  const format = inputFormat.value as InputFormat | "auto";
  const json = format === "auto" && looksLikeJson(text);
  linted = json ? parseJson(text, { target: currentTarget() }) : lint(text, { format, target: currentTarget() });
  showStatus(linted, text.length === 0, json);
  for (const tab of TABS) stale.add(tab);
  draw();
}

let revision = 0;
/** <html data-revision> counts the redraws, for scripts that drive the page (the tests): it changes once what an action changed is on the page. */
function drawn(): void {
  document.documentElement.dataset["revision"] = String(++revision);
}

function showStatus(result: ParseResult, empty: boolean, json: boolean): void {
  const status = byId("status");
  const note = byId("diagnostics-note");
  const counts = { error: 0, warning: 0, info: 0 };
  for (const d of result.diagnostics) counts[d.severity]++;
  const found = [counts.error > 0 ? count(counts.error, "error") : "", counts.warning > 0 ? count(counts.warning, "warning") : "", counts.info > 0 ? count(counts.info, "info", "info") : ""].filter(Boolean);
  byId("diagnostic-count").textContent = result.diagnostics.length > 0 ? String(result.diagnostics.length) : "";
  byId("diagnostic-count").className = `count ${counts.error > 0 ? "sev-error" : counts.warning > 0 ? "sev-warning" : ""}`;
  byId("diagnostics").hidden = result.diagnostics.length === 0;
  if (empty) {
    status.textContent = "";
    status.className = "status";
    note.textContent = "Paste an exposition on the left, drop a file on the page, or load the example.";
    return;
  }
  const syntax = json ? "prom2json JSON" : result.format === "openmetrics" ? "OpenMetrics" : "Prometheus text";
  const verdict = result.valid ? `valid for ${result.target}` : `invalid for ${result.target}`;
  status.textContent = `${syntax}${result.formatDetected || json ? " (detected)" : ""} · ${count(result.families.length, "family", "families")} · ${count(result.samples, "sample")} · ${verdict}`;
  status.className = `status ${result.valid ? "ok" : "bad"}`;
  const whose = `target ${result.target} (${TARGET_NAMES[result.target]})`;
  note.textContent =
    (found.length === 0 ? `No problems for ${whose}.` : `${found.join(", ")} for ${whose}.`) +
    (json ? " Read as prom2json's JSON, as promtext fmt reads it; the lint rules judge text and do not run on JSON." : "");
}

function draw(): void {
  if (!stale.has(active) || linted === undefined) return drawn();
  stale.delete(active);
  if (active === "diagnostics") {
    renderDiagnostics(linted, { rows: byId<HTMLTableElement>("diagnostics").tBodies[0] as HTMLTableSectionElement, more: byId("diagnostics-more"), listing }, pick);
  } else if (active === "convert") {
    renderConvert(
      source(held.input),
      held.input.name,
      { from: inputFormat.value as InputFormat | "auto", target: currentTarget(), to: byId<HTMLSelectElement>("convert-to").value as OutputFormat, sort: byId<HTMLInputElement>("convert-sort").checked },
      { command: byId("convert-command"), messages: byId("convert-messages"), output: byId("converted") },
    );
  } else {
    const ignoreLabels = byId<HTMLInputElement>("diff-ignore-labels")
      .value.split(/[\s,]+/)
      .filter((l) => l !== "");
    renderDiff(
      { name: held.input.name, source: source(held.input) },
      { name: held.after.name, source: source(held.after) },
      { ignoreValues: byId<HTMLInputElement>("diff-ignore-values").checked, strict: byId<HTMLInputElement>("diff-strict").checked, ignoreLabels },
      { command: byId("diff-command"), summary: byId("diff-summary"), report: byId("diff-report") },
    );
  }
  drawn();
}

/** A diagnostic picked in the list: its line in view in the listing, flashed, and its span selected in the editor. */
function pick(d: Diagnostic): void {
  const row = listing.querySelector<HTMLElement>(`.line[data-line="${d.line}"]`);
  if (row) {
    listing.scrollTop = Math.max(0, row.offsetTop - listing.clientHeight / 3);
    for (const old of listing.querySelectorAll(".picked")) old.classList.remove("picked");
    row.classList.add("picked");
  }
  input.setSelectionRange(d.offset, d.offset + d.length);
  const lineHeight = parseFloat(getComputedStyle(input).lineHeight) || 18;
  input.scrollTop = Math.max(0, (d.line - 1) * lineHeight - input.clientHeight / 3);
}

function show(tab: Tab, focus = false): void {
  active = tab;
  for (const t of TABS) {
    const button = byId(`tab-${t}`);
    button.setAttribute("aria-selected", String(t === tab));
    button.tabIndex = t === tab ? 0 : -1;
    byId(`panel-${t}`).hidden = t !== tab;
    if (t === tab && focus) button.focus();
  }
  draw();
}

let timer: ReturnType<typeof setTimeout> | undefined;
/** Typing redraws once it pauses: longer pauses for longer inputs. */
function soon(): void {
  clearTimeout(timer);
  timer = setTimeout(update, input.value.length > 1_000_000 ? 400 : 150);
}

function load(which: "input" | "after", text: string, name: string, bytes?: Uint8Array): void {
  const h = held[which];
  h.box.value = text;
  h.name = name;
  if (bytes === undefined) delete h.bytes;
  else h.bytes = bytes;
  h.label.textContent = bytes === undefined ? name : `${name} · ${describeSize(bytes.length)}`;
  update();
}

function describeSize(bytes: number): string {
  return bytes < 1024 ? count(bytes, "byte") : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

async function readFile(which: "input" | "after", file: File): Promise<void> {
  if (file.size > MAX_FILE_BYTES) {
    held[which].label.textContent = `${file.name} is ${describeSize(file.size)}: too large for the page (use promtext lint)`;
    return;
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  load(which, new TextDecoder().decode(bytes), file.name, bytes);
}

for (const h of Object.values(held)) {
  h.box.addEventListener("input", () => {
    if (h.bytes !== undefined) {
      delete h.bytes;
      h.label.textContent = `${h.name} (edited)`;
    }
    soon();
  });
}
for (const id of ["input-format", "target", "convert-to", "convert-sort", "diff-ignore-values", "diff-strict"]) byId(id).addEventListener("change", update);
byId("diff-ignore-labels").addEventListener("input", soon);

for (const tab of TABS) byId(`tab-${tab}`).addEventListener("click", () => show(tab));
byId("tab-diagnostics").parentElement?.addEventListener("keydown", (event) => {
  const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
  if (step === 0) return;
  show(TABS[(TABS.indexOf(active) + step + TABS.length) % TABS.length] as Tab, true);
});

byId("load-example").addEventListener("click", () => load("input", __PLAYGROUND_EXAMPLES__.input, "example.prom"));
byId("diff-example").addEventListener("click", () => {
  load("after", __PLAYGROUND_EXAMPLES__.after, "after.prom");
  load("input", __PLAYGROUND_EXAMPLES__.before, "before.prom");
});
byId("open-file").addEventListener("click", () => fileInput.click());
fileInput.addEventListener("change", () => {
  const file = fileInput.files?.[0];
  if (file) void readFile("input", file);
  fileInput.value = "";
});
byId("convert-copy").addEventListener("click", () => {
  const text = byId("converted").textContent ?? "";
  const button = byId("convert-copy");
  // the Clipboard API needs a secure context, which a page opened from disk may not be: then the old way
  const copied = navigator.clipboard ? navigator.clipboard.writeText(text).then(() => true, copyBySelection) : Promise.resolve(copyBySelection());
  void copied.then((ok) => (button.textContent = ok ? "Copied" : "Copy failed"));
  setTimeout(() => (button.textContent = "Copy"), 1500);
});

function copyBySelection(): boolean {
  const range = document.createRange();
  range.selectNodeContents(byId("converted"));
  const selection = getSelection();
  selection?.removeAllRanges();
  selection?.addRange(range);
  const ok = document.execCommand("copy");
  selection?.removeAllRanges();
  return ok;
}

// drag and drop: a file dropped on the diff's After box goes there, anywhere else into the input
function dropZone(event: DragEvent): "input" | "after" {
  const zone = (event.target as Element | null)?.closest<HTMLElement>("[data-drop]")?.dataset["drop"];
  return zone === "after" ? "after" : "input";
}
function carriesFiles(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes("Files") ?? false;
}
let dragDepth = 0;
window.addEventListener("dragenter", (event) => {
  if (!carriesFiles(event)) return;
  dragDepth++;
  overlay.hidden = false;
});
window.addEventListener("dragleave", () => {
  dragDepth = Math.max(0, dragDepth - 1);
  if (dragDepth === 0) overlay.hidden = true;
});
window.addEventListener("dragover", (event) => {
  if (!carriesFiles(event)) return;
  event.preventDefault();
  if (event.dataTransfer) event.dataTransfer.dropEffect = "copy";
  const zone = dropZone(event);
  for (const el of document.querySelectorAll("[data-drop]")) el.classList.toggle("drop-here", el instanceof HTMLElement && el.dataset["drop"] === zone);
});
window.addEventListener("drop", (event) => {
  event.preventDefault();
  dragDepth = 0;
  overlay.hidden = true;
  for (const el of document.querySelectorAll(".drop-here")) el.classList.remove("drop-here");
  const file = event.dataTransfer?.files[0];
  if (file) void readFile(dropZone(event), file);
});

show("diagnostics");
update();
