export { parse, detectFormat, type ParseOptions, type ParseResult } from "./parser/parse.js";
export type { Diagnostic } from "./diagnostics/diagnostic.js";
export { CODES, type Code, type CodeInfo, type InputFormat, type Severity } from "./diagnostics/codes.js";
export { TARGETS, TARGET_NAMES, type Target } from "./diagnostics/targets.js";
export { LineIndex } from "./diagnostics/line-index.js";
export { codeFrame } from "./diagnostics/code-frame.js";
export type { Exemplar, Label, Metric, MetricFamily, MetricType, Sample } from "./model/types.js";
