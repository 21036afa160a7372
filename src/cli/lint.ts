import type { InputFormat } from "../diagnostics/codes.js";
import { TARGETS } from "../diagnostics/targets.js";
import { lint as lintInput } from "../lint/lint.js";
import { contentTypeFinding, lintSettings, oneOf, useColor, withDiagnostic } from "./common.js";
import { DEFAULT_MAX_BODY_BYTES, parseByteSize } from "./byte-size.js";
import { parseDuration } from "./duration.js";
import { givenOrStdin, openInput, readInput, resolveInputs, UsageError } from "./inputs.js";
import { lintStreamed } from "./lint-streamed.js";
import { writeFileOutput, writeStderr, writeStdout } from "./output.js";
import { formatReport, REPORT_FORMATS } from "./report/index.js";
import { linted, severityCounts, type FileReport } from "./report/types.js";
import { openScrape, parseHeader } from "./scrape.js";

export interface LintCommandOptions {
  inputFormat: string;
  target?: string;
  format: string;
  color?: boolean;
  rule?: string[];
  config?: string | false;
  maxWarnings?: string;
  quiet?: boolean;
  output?: string;
  timeout: string;
  maxBytes?: string;
  maxDiagnostics: string;
  header?: string[];
  gatewayGroup?: string;
  gatewayState?: string;
  gateway?: string;
  gatewayMethod: string;
}

const INPUT_FORMATS = ["auto", "prometheus", "openmetrics"];






/** Lints each input; returns the exit code: 0 when clean, 1 on an error or more warnings than allowed. */
export async function lint(args: string[], options: LintCommandOptions): Promise<number> {
  oneOf("--input-format", options.inputFormat, INPUT_FORMATS);
  oneOf("--format", options.format, REPORT_FORMATS);
  if (options.target !== undefined) oneOf("--target", options.target, TARGETS);
  const inputs = givenOrStdin(args);
  let maxWarnings: number | undefined;
  if (options.maxWarnings !== undefined) {
    maxWarnings = Number(options.maxWarnings);
    if (!Number.isInteger(maxWarnings) || maxWarnings < 0) throw new UsageError(`--max-warnings takes a whole number ≥ 0; got "${options.maxWarnings}"`);
  }
  const timeoutMs = parseDuration(options.timeout, "--timeout");
  const maxBytes = options.maxBytes === undefined ? undefined : parseByteSize(options.maxBytes, "--max-bytes");
  const maxDiagnostics = Number(options.maxDiagnostics);
  if (!Number.isInteger(maxDiagnostics) || maxDiagnostics < 1) throw new UsageError(`--max-diagnostics takes a whole number ≥ 1; got "${options.maxDiagnostics}"`);
  const headers = Object.fromEntries((options.header ?? []).map(parseHeader));

  const { config, target, lintOptions } = lintSettings(options, options.gatewayGroup !== undefined ? "pushgateway" : "strict");
  if ((options.gatewayState !== undefined || options.gateway !== undefined) && options.gatewayGroup === undefined) {
    throw new UsageError("--gateway-state and --gateway need --gateway-group (the group the payload is pushed into)");
  }
  const check = options.gatewayGroup === undefined ? undefined : { gatewayGroup: options.gatewayGroup, gatewayMethod: options.gatewayMethod, timeoutMs, maxBytes: maxBytes ?? DEFAULT_MAX_BODY_BYTES, ...(options.gatewayState !== undefined ? { gatewayState: options.gatewayState } : {}), ...(options.gateway !== undefined ? { gateway: options.gateway } : {}), ...(options.header ? { header: options.header } : {}) };
  const gatewayCheck = check ? await import("./gateway-check.js") : undefined;
  const gatewayState = check && gatewayCheck ? await gatewayCheck.gatewayFor(check) : undefined;
  maxWarnings ??= config.maxWarnings;
  const requested = options.inputFormat as InputFormat | "auto";

  const reports: FileReport[] = [];
  for (const spec of await resolveInputs(inputs)) {
    const path = spec.kind === "stdin" ? "-" : spec.kind === "file" ? spec.path : "";
    if (spec.kind === "url") {
      const s = await openScrape(spec.url, { timeoutMs, headers, ...(maxBytes !== undefined ? { maxBytes } : {}) });
      const report = await lintStreamed({ name: spec.url, chunks: s.body, detected: undefined }, lintOptions, requested !== "auto" ? requested : (s.format ?? "auto"), maxDiagnostics);
      if (s.format === undefined) {
        const finding = contentTypeFinding(report.result, s.contentType);
        report.result = { ...report.result, diagnostics: [finding, ...report.result.diagnostics], valid: report.result.valid && finding.severity !== "error" };
      }
      reports.push({ ...report, source: { url: spec.url, status: s.status, contentType: s.contentType, bytes: s.bytesRead(), durationMs: s.durationMs() } });
    } else if (check && gatewayCheck && gatewayState) {
      // the gateway is judged on the whole payload's model: a push is read whole by the gateway too
      const input = await readInput(path);
      let result = lintInput(input.bytes, lintOptions(requested));
      for (const d of gatewayCheck.gatewayFindings(gatewayState, result, input.bytes, check)) result = withDiagnostic(result, d);
      reports.push({ file: input.name, result: linted(result, maxDiagnostics) });
    } else {
      reports.push(await lintStreamed(await openInput(path, maxBytes), lintOptions, requested, maxDiagnostics));
    }
  }

  const errorsOnly = options.quiet ? reports.map((r) => ({ ...r, result: { ...r.result, diagnostics: r.result.diagnostics.filter((d) => d.severity === "error") } })) : reports;
  // quiet, the human report names only the inputs with errors: a clean run prints nothing
  const shown = options.quiet && options.format === "human" ? errorsOnly.filter((r) => !r.result.valid) : errorsOnly;
  const errors = reports.reduce((n, r) => n + severityCounts(r.result).errors, 0);
  const warnings = reports.reduce((n, r) => n + severityCounts(r.result).warnings, 0);
  const tooManyWarnings = maxWarnings !== undefined && warnings > maxWarnings;
  const exitCode = errors > 0 || tooManyWarnings ? 1 : 0;
  const report = formatReport(options.format, shown, { color: useColor(options.color, options.output !== undefined) });
  if (options.output !== undefined) await writeFileOutput(options.output, report);
  else await writeStdout(report, { exitCode });

  if (errors > 0) await writeStderr(`promtext: ${errors} ${errors === 1 ? "error" : "errors"} in ${reports.filter((r) => !r.result.valid).length} of ${reports.length} inputs\n`);
  else if (tooManyWarnings) await writeStderr(`promtext: ${warnings} ${warnings === 1 ? "warning" : "warnings"}, more than --max-warnings ${maxWarnings}\n`);
  return exitCode;
}
