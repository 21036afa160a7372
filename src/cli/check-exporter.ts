import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { TARGETS } from "../diagnostics/targets.js";
import { compareScrapes, DEFAULT_MAX_BYTES, DEFAULT_MAX_DURATION_MS, newLintFindings, type ScrapeSnapshot } from "../exporter/compare.js";
import { lint as lintInput } from "../lint/lint.js";
import type { ParseResult } from "../parser/parse.js";
import { DEFAULT_MAX_BODY_BYTES, parseByteSize } from "./byte-size.js";
import { displayUrl } from "./display-url.js";
import { parseDuration } from "./duration.js";
import { UsageError } from "./inputs.js";
import { counted } from "./report/plural.js";
import { warmHttpClient } from "./warm-client.js";
import { contentTypeFinding, lintSettings, oneOf, useColor, withDiagnostic } from "./common.js";
import { writeFileOutput, writeStderr, writeStdout } from "./output.js";
import { formatReport, REPORT_FORMATS } from "./report/index.js";
import { linted, type FileReport } from "./report/types.js";
import { parseHeader, scrape, type Scrape } from "./scrape.js";

export interface CheckExporterOptions {
  /** How many scrapes (default 3, at least 2). */
  scrapes: string;
  /** Time between the starts of two scrapes (default 1s). */
  interval: string;
  /** Timeout of each scrape (default 10s). */
  timeout: string;
  header?: string[];
  format: string;
  color?: boolean;
  target?: string;
  /** `scrape-slow` above this duration (default 1s). */
  maxDuration?: string;
  /** `scrape-large` above this size (default 10MB, uncompressed). */
  maxBytes?: string;
  /** A body larger than this (uncompressed) fails the scrape (default 256MiB). */
  bodySizeLimit?: string;
  quiet?: boolean;
  output?: string;
  rule?: string[];
  config?: string | false;
}

/** Where the command writes, and how it waits: replaceable in tests. */
export interface CheckExporterIO {
  /** The report, in pieces; `exitCode` is the run's, for a reader that closes the pipe early. */
  stdout(pieces: Iterable<string>, exitCode: number): Promise<void> | void;
  stderr(text: string): Promise<void> | void;
  sleep(ms: number): Promise<void>;
}

const defaultIO: CheckExporterIO = {
  stdout: (pieces, exitCode) => writeStdout(pieces, { exitCode }),
  stderr: (text) => writeStderr(text),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export const DEFAULT_SCRAPES = 3;
export const DEFAULT_INTERVAL = "1s";
export const DEFAULT_MAX_DURATION = "1s";
export const DEFAULT_MAX_BYTES_TEXT = "10MB";

function count(diagnostics: readonly Diagnostic[], severity: Diagnostic["severity"]): number {
  return diagnostics.filter((d) => d.severity === severity).length;
}

/**
 * Scrapes a target several times, lints each scrape as `promtext lint URL` does and compares
 * them (see `compareScrapes`). Reports the first scrape's lint findings, the lint findings that
 * only later scrapes have, and the findings across scrapes: one report per scrape with
 * findings, named `URL#scrape-N`. Returns the exit code: 0 clean, 1 on any error. Usage and
 * scrape failures throw (UsageError, ScrapeError: exit 2).
 */
export async function checkExporter(url: string, options: CheckExporterOptions, io: CheckExporterIO = defaultIO): Promise<number> {
  if (!/^https?:\/\//i.test(url)) throw new UsageError(`check-exporter scrapes an http:// or https:// URL; got "${displayUrl(url)}"`);
  oneOf("--format", options.format, REPORT_FORMATS);
  if (options.target !== undefined) oneOf("--target", options.target, TARGETS);
  const scrapes = Number(options.scrapes ?? DEFAULT_SCRAPES);
  if (!Number.isInteger(scrapes) || scrapes < 2) throw new UsageError(`--scrapes takes a whole number ≥ 2; got "${options.scrapes}"`);
  const intervalMs = parseDuration(options.interval ?? DEFAULT_INTERVAL, "--interval");
  const timeoutMs = parseDuration(options.timeout ?? "10s", "--timeout");
  const maxDurationMs = options.maxDuration === undefined ? DEFAULT_MAX_DURATION_MS : parseDuration(options.maxDuration, "--max-duration");
  const maxBytes = options.maxBytes === undefined ? DEFAULT_MAX_BYTES : parseByteSize(options.maxBytes, "--max-bytes");
  const bodySizeLimit = options.bodySizeLimit === undefined ? DEFAULT_MAX_BODY_BYTES : parseByteSize(options.bodySizeLimit, "--body-size-limit");
  const headers = Object.fromEntries((options.header ?? []).map(parseHeader));

  const { lintOptions } = lintSettings(options, "prometheus");

  // ---- scrape: the interval runs from the start of one scrape to the start of the next
  await warmHttpClient();
  const taken: Array<{ scrape: Scrape; result: ParseResult }> = [];
  const started = performance.now();
  for (let i = 0; i < scrapes; i++) {
    const wait = started + i * intervalMs - performance.now();
    if (i > 0 && wait > 0) await io.sleep(wait);
    const s = await scrape(url, { timeoutMs, headers, maxBytes: bodySizeLimit, maxBytesOption: "--body-size-limit" });
    let result = lintInput(s.bytes, lintOptions(s.format ?? "auto"));
    if (s.format === undefined) result = withDiagnostic(result, contentTypeFinding(result, s.contentType));
    taken.push({ scrape: s, result });
  }

  // ---- compare
  const snapshots: ScrapeSnapshot[] = taken.map(({ scrape: s, result }) => ({ result, durationMs: s.durationMs, bytes: s.bytes.length, contentType: s.contentType }));
  const lintFindings = newLintFindings(taken.map((t) => t.result));
  const across = compareScrapes(snapshots, { maxDurationMs, maxBytes });

  const reports: FileReport[] = [];
  const shownAll: Diagnostic[] = [];
  taken.forEach(({ scrape: s, result }, i) => {
    let diagnostics = [...(lintFindings[i] ?? []), ...(across[i] ?? [])].sort((a, b) => a.offset - b.offset || a.code.localeCompare(b.code));
    if (options.quiet) diagnostics = diagnostics.filter((d) => d.severity === "error");
    shownAll.push(...diagnostics);
    if (diagnostics.length === 0) return;
    reports.push({
      file: `${url}#scrape-${i + 1}`,
      // valid: the scrape as an exposition (its own lint verdict), and no error across scrapes
      result: linted({ ...result, diagnostics, valid: result.valid && !diagnostics.some((d) => d.severity === "error") }),
      source: { url, status: s.status, contentType: s.contentType, bytes: s.bytes.length, durationMs: s.durationMs },
    });
  });

  const errors = count(shownAll, "error");
  const exitCode = errors > 0 ? 1 : 0;
  const report = options.format === "human" && reports.length === 0 ? [] : formatReport(options.format, reports, { color: useColor(options.color, options.output !== undefined) });
  if (options.output !== undefined) await writeFileOutput(options.output, report);
  else await io.stdout(report, exitCode);

  const durations = taken.map((t) => Math.round(t.scrape.durationMs));
  const sizes = taken.map((t) => t.scrape.bytes.length);
  const range = (xs: number[], unit: string): string => {
    const lo = Math.min(...xs).toLocaleString("en");
    const hi = Math.max(...xs).toLocaleString("en");
    return lo === hi ? `${lo} ${unit}` : `${lo}–${hi} ${unit}`;
  };
  const counts = [counted(errors, "error"), counted(count(shownAll, "warning"), "warning"), ...(options.quiet ? [] : [counted(count(shownAll, "info"), "info")])].join(", ");
  await io.stderr(`promtext: ${scrapes} scrapes of ${displayUrl(url)} (${range(durations, "ms")}, ${range(sizes, "bytes")}): ${counts}\n`);
  return exitCode;
}
