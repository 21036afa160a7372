import type { InputFormat } from "../diagnostics/codes.js";
import type { FrameLines } from "../diagnostics/code-frame.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { SegmentIndex } from "../diagnostics/segment-index.js";
import type { Target } from "../diagnostics/targets.js";
import type { FamilyPart, MetricFamily } from "../model/types.js";
import { runFormatChecks } from "../validate/format/index.js";
import { guessFormat } from "./guess-format.js";
import { LineReader } from "./line-reader.js";
import { detach } from "./detach.js";
import { detectFormat, reportInvalidUtf8, type ParseOptions } from "./parse.js";
import { StreamDecoder } from "./stream-decoder.js";

/** What parseStream reads: a Node Readable, a web ReadableStream, or any (async) iterable of chunks. */
export type StreamSource =
  | AsyncIterable<string | Uint8Array>
  | Iterable<string | Uint8Array>
  | ReadableStream<string | Uint8Array>;

export interface StreamOptions extends ParseOptions {
  /**
   * With `format: "auto"`, how many characters are read ahead to choose the format (default 1 MiB).
   * An input that ends within them is judged as parse() judges it (by a final `# EOF` line); a longer
   * one by what its beginning shows (see `StreamSummary.formatGuessed`).
   */
  lookahead?: number;
  /**
   * The longest line read, in characters (default 16 MiB): a longer one is reported as
   * `line-too-long` and skipped without being held, so that memory stays bounded.
   */
  maxLineLength?: number;
}

/**
 * A family as it closes, or a diagnostic as it is found. A family of many series comes in parts
 * (of 1,000 series; of a histogram or summary, 10,000): `part` says whether this one is its
 * first and whether more follow (every part has the family's name, metadata and position).
 */
export type ParseEvent = { type: "family"; family: MetricFamily; part: FamilyPart } | { type: "diagnostic"; diagnostic: Diagnostic };

export interface StreamSummary {
  format: InputFormat;
  /** Whether the format was detected (`auto`) rather than given. */
  formatDetected: boolean;
  /** Set when the input was longer than the look-ahead and the format was chosen from its beginning. */
  formatGuessed?: { guess: InputFormat; reason: string; endsWithEof: boolean };
  target: Target;
  /** Families handed on, as parse() counts them: a family handed on in parts (for its size, or its lines split by another's) is counted once. */
  families: number;
  samples: number;
  /** Characters read. */
  length: number;
  lines: number;
  errors: number;
  warnings: number;
  /** False exactly when a diagnostic has severity `error` for the target. */
  valid: boolean;
  /** Lines that a `# promtext-disable-next-line [rule-id…]` comment exempts from lint rules. */
  suppressions: ReadonlyMap<number, readonly string[] | "all">;
  /**
   * Families handed on once the memory of series was full (750,000 series): if such a family's
   * lines resume later, its new series are not compared with the earlier ones (parse() would
   * report a series repeated across the parts; the split itself is still reported).
   */
  unrememberedFamilies: number;
}

/** Steps a stream's reader exposes to what builds on it (lint runs its rules at `family`). */
export interface StreamHooks {
  /** A family (or a part of it, see ParseEvent) closed; return diagnostics of its own (rule findings) to be emitted with it. */
  family?(family: MetricFamily, positions: SegmentIndex, part: FamilyPart): Diagnostic[] | void;
  /** The input ended; return diagnostics of the whole payload. */
  end?(positions: SegmentIndex): Diagnostic[] | void;
}

const LOOKAHEAD = 1 << 20;
const MAX_LINE_LENGTH = 1 << 24;
/** Excerpts of lines with a diagnostic, for code frames: at most this many, of at most EXCERPT characters. */
const EXCERPT_LINES = 10_000;
const EXCERPT = 2_000;

/** A line's text around a column, for a code frame: `from` is the 0-based column the text starts at. */
export interface Excerpt {
  text: string;
  from: number;
}

/**
 * Parses an exposition as it arrives: families are handed on as each one closes, diagnostics
 * as they are found, with the positions parse() would give (UTF-8 decoded across chunk
 * boundaries). Memory follows the number of families (and of series, up to a bound, for the
 * checks across parts of a family), not the input's size. Iterate it once; `summary` is set when the iteration ends. Never throws on bad input;
 * an error of the source itself (a failed read) is thrown from the iteration.
 */
export class ParseStream implements AsyncIterable<ParseEvent> {
  summary: StreamSummary | undefined;
  /** The format read, once the iteration has chosen it. */
  format: InputFormat | undefined;
  /** The suppression comments read so far. */
  suppressions: ReadonlyMap<number, readonly string[] | "all"> = new Map();
  /** Line texts of the diagnostics emitted (the first EXCERPT_LINES lines), for code frames. */
  readonly excerpts = new Map<number, Excerpt>();

  constructor(
    private readonly source: StreamSource,
    private readonly options: StreamOptions = {},
    private readonly hooks: StreamHooks = {},
  ) {}

  async *[Symbol.asyncIterator](): AsyncIterator<ParseEvent> {
    const requested = this.options.format ?? "auto";
    const target = this.options.target ?? "strict";
    const decoder = new StreamDecoder();
    const chunks = chunksOf(this.source);

    // the format: given, or chosen from the input's beginning
    const head: string[] = [];
    let headLength = 0;
    let ended = false;
    if (requested === "auto") {
      const lookahead = this.options.lookahead ?? LOOKAHEAD;
      while (headLength < lookahead) {
        const next = await chunks.next();
        if (next.done) {
          ended = true;
          break;
        }
        const text = decoder.decode(next.value);
        head.push(text);
        headLength += text.length;
      }
      if (ended) head.push(decoder.flush());
    }
    let format: InputFormat;
    let guessed: { guess: InputFormat; reason: string } | undefined;
    if (requested !== "auto") format = requested;
    else if (ended) format = detectFormat(head.join(""));
    else {
      guessed = guessFormat(head.join(""));
      format = guessed.guess;
    }

    this.format = format;
    const positions = new SegmentIndex();
    const families: { family: MetricFamily; part: FamilyPart }[] = [];
    const pending: Diagnostic[] = [];
    let familyCount = 0;
    const om = format === "openmetrics";
    const reader = new LineReader(format, target, positions, this.options.fastPath ?? true, {
      close: (family, handedOnBefore, part) => {
        runFormatChecks([family], { reporter: reader.reporter, openMetrics: om });
        if (family.metrics.length === 0 && !om) return false; // as parse(): expfmt drops it
        const own = this.hooks.family?.(family, positions, part);
        if (own) pending.push(...own);
        if (!handedOnBefore) familyCount++;
        families.push({ family, part });
        return true;
      },
    });
    const { reporter, assembler } = reader;
    this.suppressions = assembler.suppressions;
    let errors = 0;
    let warnings = 0;
    const events = (): ParseEvent[] => {
      const out: ParseEvent[] = [];
      const found = reporter.diagnostics.length > 0 || pending.length > 0 ? [...reporter.diagnostics.splice(0), ...pending.splice(0)] : [];
      for (const diagnostic of found) {
        diagnostic.message = detach(diagnostic.message);
        if (diagnostic.severity === "error") errors++;
        else if (diagnostic.severity === "warning") warnings++;
        this.keepExcerpt(positions, diagnostic);
        out.push({ type: "diagnostic", diagnostic });
      }
      for (const { family, part } of families.splice(0)) out.push({ type: "family", family, part });
      return out;
    };

    // whole lines go to the reader a segment at a time; a partial line waits for its end,
    // unless it grows past maxLineLength: then it is skipped up to its end
    const maxLine = this.options.maxLineLength ?? MAX_LINE_LENGTH;
    let partial: string[] = [];
    let partialLength = 0;
    let skipping: { head: string; length: number } | undefined;
    let base = 0;
    let lastLine: string | undefined;
    reader.maxLineLength = maxLine;
    const endLongLine = (length: number): void => {
      reader.skipLine(base, skipping!.head);
      positions.addLongLine(skipping!.head, base, length);
      base += length;
      skipping = undefined;
    };
    const readSegment = (segment: string): void => {
      const starts = positions.add(segment, base);
      reader.read(segment, base, 0, segment.length, starts);
      positions.counted();
      base += segment.length;
      if (decoder.invalid.length > 0) {
        // only those in the lines just read: the rest are in a line still waiting for its end
        const inSegment = decoder.invalid.filter((b) => b.offset < base);
        decoder.invalid.splice(0, inSegment.length);
        reportInvalidUtf8(inSegment, reporter);
      }
    };
    const take = (text: string): void => {
      if (skipping !== undefined) {
        const end = text.indexOf("\n");
        if (end === -1) {
          skipping.length += text.length;
          return;
        }
        endLongLine(skipping.length + end + 1);
        text = text.slice(end + 1);
      }
      const cut = text.lastIndexOf("\n");
      if (cut === -1) {
        if (text === "") return;
        partial.push(text);
        partialLength += text.length;
        if (partialLength > maxLine) {
          const line = partial.join("");
          skipping = { head: detach(line.slice(0, EXCERPT)), length: line.length };
          partial = [];
          partialLength = 0;
        }
        return;
      }
      const first = text.indexOf("\n");
      if (partialLength + first > maxLine) {
        // the waiting line ends here, too long: skip it, then read on
        skipping = { head: detach((partial.join("") + text.slice(0, Math.min(first, EXCERPT))).slice(0, EXCERPT)), length: partialLength };
        partial = [];
        partialLength = 0;
        endLongLine(skipping.length + first + 1);
        take(text.slice(first + 1));
        return;
      }
      const segment = partial.length === 0 ? text.slice(0, cut + 1) : partial.join("") + text.slice(0, cut + 1);
      partial = cut + 1 < text.length ? [text.slice(cut + 1)] : [];
      partialLength = text.length - cut - 1;
      readSegment(segment);
    };
    const forget = (): void => {
      const open = assembler.openFamilyOffset();
      positions.forgetBefore(open === -1 ? base : open);
    };

    for (const text of head) take(text);
    yield* events();
    forget();
    if (!ended) {
      for (;;) {
        const next = await chunks.next();
        if (next.done) break;
        take(decoder.decode(next.value));
        yield* events();
        forget();
      }
      take(decoder.flush());
    }
    if (skipping !== undefined) endLongLine(skipping.length);
    const rest = partial.join("");
    partial = [];
    if (rest !== "") {
      lastLine = rest;
      readSegment(rest);
    }
    reader.finish(base, lastLine);
    const own = this.hooks.end?.(positions);
    if (own) pending.push(...own);
    yield* events();

    const summary: StreamSummary = {
      format,
      formatDetected: requested === "auto",
      target,
      families: familyCount,
      samples: assembler.sampleCount,
      length: base,
      lines: reader.line,
      errors,
      warnings,
      valid: errors === 0,
      suppressions: assembler.suppressions,
      unrememberedFamilies: assembler.unremembered,
    };
    if (guessed) summary.formatGuessed = { ...guessed, endsWithEof: lastLineIsEof(lastLine, positions) };
    this.summary = summary;
  }

  /** The lines of the diagnostics emitted, for code frames (see codeFrame). */
  frameLines(): FrameLines {
    const excerpts = this.excerpts;
    return {
      lineCount: this.summary?.lines ?? Number.MAX_SAFE_INTEGER,
      lineText: (line) => excerpts.get(line)?.text ?? "",
      excerptStart: (line) => excerpts.get(line)?.from ?? Number.MAX_SAFE_INTEGER,
    };
  }

  private keepExcerpt(positions: SegmentIndex, d: Diagnostic): void {
    if (this.excerpts.has(d.line) || this.excerpts.size >= EXCERPT_LINES || !positions.holds(d.line)) return;
    const text = positions.lineText(d.line);
    if (text.length <= EXCERPT) this.excerpts.set(d.line, { text: detach(text), from: 0 });
    else {
      const from = Math.max(0, Math.min(d.column - 1 - EXCERPT / 2, text.length - EXCERPT));
      this.excerpts.set(d.line, { text: detach(text.slice(from, from + EXCERPT)), from });
    }
  }
}

/** Parses a stream of exposition text; see ParseStream. */
export function parseStream(source: StreamSource, options: StreamOptions = {}): ParseStream {
  return new ParseStream(source, options);
}

function lastLineIsEof(lastLine: string | undefined, positions: SegmentIndex): boolean {
  const line = lastLine ?? positions.lineText(positions.lineCount);
  return line === "# EOF";
}

/** The chunks of any supported source, as one async iterator. */
function chunksOf(source: StreamSource): AsyncIterator<string | Uint8Array> {
  if (Symbol.asyncIterator in source) return (source as AsyncIterable<string | Uint8Array>)[Symbol.asyncIterator]();
  if (Symbol.iterator in source) {
    const it = (source as Iterable<string | Uint8Array>)[Symbol.iterator]();
    return { next: async () => it.next() };
  }
  const reader = (source as ReadableStream<string | Uint8Array>).getReader();
  return {
    next: async () => {
      const r = await reader.read();
      return r.done ? { done: true, value: undefined } : { done: false, value: r.value };
    },
  };
}
