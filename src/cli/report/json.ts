import { isCode } from "../../diagnostics/codes.js";
import { arrayPieces, jsonDocument, objectPieces } from "./json-pieces.js";
import type { FileReport } from "./types.js";

/** One JSON array, an object per input: the shape documented in the README, written diagnostic by diagnostic. */
export function* jsonReport(reports: readonly FileReport[]): Generator<string> {
  yield* jsonDocument(
    arrayPieces(reports, ({ file, result, source }) =>
      objectPieces({
        file,
        source: source ? { url: source.url, status: source.status, contentType: source.contentType ?? null, bytes: source.bytes, durationMs: Math.round(source.durationMs) } : undefined,
        format: result.format,
        target: result.target,
        valid: result.valid,
        families: result.familyCount,
        samples: result.samples,
        diagnostics: arrayPieces(result.diagnostics, (d) => ({
          code: d.code,
          kind: isCode(d.code) ? "format" : "rule",
          severity: d.severity,
          message: d.message,
          line: d.line,
          column: d.column,
          endLine: d.endLine,
          endColumn: d.endColumn,
          rejectedBy: d.rejectedBy,
          hint: d.hint,
        })),
        diagnosticsLeftOut: result.leftOut.errors + result.leftOut.warnings + result.leftOut.infos > 0 ? result.leftOut : undefined,
      }),
    ),
  );
}
