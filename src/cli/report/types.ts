import type { ParseResult } from "../../parser/parse.js";

export interface FileReport {
  file: string;
  result: ParseResult;
}
