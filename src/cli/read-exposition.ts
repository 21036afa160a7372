import type { InputFormat } from "../diagnostics/codes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { MetricFamily } from "../model/types.js";
import { parse } from "../parser/parse.js";
import { parseStream } from "../parser/stream.js";
import { displayUrl } from "./display-url.js";
import { openInput, UsageError, type InputSpec } from "./inputs.js";
import { openScrape } from "./scrape.js";

/** One input's families, for a command that compares or counts them (diff, stats). */
export interface Exposition {
  /** The path, `<stdin>`, or the URL (credentials hidden). */
  name: string;
  format: InputFormat;
  families: MetricFamily[];
  /** The text, when it was read whole. */
  text?: string;
}

export interface ReadOptions {
  timeoutMs: number;
  headers: Record<string, string>;
  maxBytes?: number;
  /** Keep the text (stats counts bytes in it); otherwise the input is parsed as it is read and only the model kept. */
  keepText: boolean;
  /** The name shown instead of the input's own (`URL#scrape-2`). */
  name?: string;
}

/** An input that does not parse: there is nothing to compare or count (exit 2). */
export class UnreadableInput extends UsageError {}

function firstError(name: string, d: Diagnostic, doing: string): UnreadableInput {
  return new UnreadableInput(`${name} does not parse; ${doing}. First error, at ${name}:${d.line}:${d.column}: ${d.message} [${d.code}]`);
}

/**
 * Reads a file, standard input or a scrape and parses it as a Prometheus scrape does (target
 * prometheus; a URL's format from its Content-Type, a file's from its last line). An error in
 * it throws UnreadableInput, naming the input and its first error.
 */
export async function readExposition(spec: InputSpec, options: ReadOptions, doing: string): Promise<Exposition> {
  let name: string;
  let chunks: AsyncIterable<Uint8Array>;
  let format: InputFormat | "auto";
  if (spec.kind === "url") {
    const s = await openScrape(spec.url, { timeoutMs: options.timeoutMs, headers: options.headers, ...(options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {}) });
    name = displayUrl(spec.url);
    chunks = s.body;
    format = s.format ?? "auto";
  } else {
    const input = await openInput(spec.kind === "stdin" ? "-" : spec.path, options.maxBytes);
    name = input.name;
    chunks = input.chunks;
    format = input.detected ?? "auto";
  }
  name = options.name ?? name;

  if (options.keepText) {
    const parts: Uint8Array[] = [];
    for await (const chunk of chunks) parts.push(chunk);
    const result = parse(Buffer.concat(parts), { format, target: "prometheus" });
    const error = result.diagnostics.find((d) => d.severity === "error");
    if (error) throw firstError(name, error, doing);
    return { name, format: result.format, families: result.families, text: result.text };
  }

  const stream = parseStream(chunks, { format, target: "prometheus" });
  const families: MetricFamily[] = [];
  let error: Diagnostic | undefined;
  for await (const event of stream) {
    if (event.type === "family") {
      if (event.part.first) families.push(event.family);
      else for (const metric of event.family.metrics) families[families.length - 1]!.metrics.push(metric);
    } else if (event.diagnostic.severity === "error" && (error === undefined || event.diagnostic.offset < error.offset)) error = event.diagnostic;
  }
  if (error) throw firstError(name, error, doing);
  return { name, format: stream.summary?.format ?? "prometheus", families };
}
