import type { FileReport } from "./types.js";

/** One JSON array, an object per input: the shape documented in the README. */
export function formatJson(reports: readonly FileReport[]): string {
  const out = reports.map(({ file, result, source }) => ({
    file,
    ...(source ? { source: { url: source.url, status: source.status, contentType: source.contentType ?? null, bytes: source.bytes, durationMs: Math.round(source.durationMs) } } : {}),
    format: result.format,
    target: result.target,
    valid: result.valid,
    families: result.families.length,
    samples: result.samples,
    diagnostics: result.diagnostics.map((d) => ({
      code: d.code,
      severity: d.severity,
      message: d.message,
      line: d.line,
      column: d.column,
      endLine: d.endLine,
      endColumn: d.endColumn,
      rejectedBy: d.rejectedBy,
    })),
  }));
  return `${JSON.stringify(out, null, 2)}\n`;
}
