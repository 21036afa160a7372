import type { ParseResult } from "../../parser/parse.js";

/** Where a scraped input came from. */
export interface ScrapeSource {
  url: string;
  status: number;
  contentType: string | undefined;
  bytes: number;
  durationMs: number;
}

export interface FileReport {
  /** The path, `<stdin>`, or the URL. */
  file: string;
  result: ParseResult;
  source?: ScrapeSource;
}
