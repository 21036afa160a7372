import type { InputFormat } from "../diagnostics/codes.js";
import type { Reporter } from "../diagnostics/reporter.js";
import { markRepeat, SampleColumns, SeriesNode } from "../model/series-node.js";
import type { Exemplar, FamilyPart, Label, MetricFamily, MetricType } from "../model/types.js";
import { LineKind, type LineRecord } from "./line-record.js";
import { SeriesMemory } from "./series-memory.js";
import { hashString, pairHash, secondPairHash } from "./label-hash.js";
import { COLLIDED, SeriesTable } from "./series-table.js";
import { detach } from "./detach.js";
import { parseFloatGo, parseIntTimestamp, secondsTextToMs, unescape } from "./values.js";

const TEXT_TYPES = new Set(["counter", "gauge", "histogram", "summary", "untyped"]);
const OM_TYPES = new Set(["counter", "gauge", "histogram", "gaugehistogram", "summary", "info", "stateset", "unknown"]);

/** Sample-name suffixes each OpenMetrics type allows ("" is the bare family name). */
const OM_SUFFIXES: Record<string, readonly string[]> = {
  counter: ["_total", "_created"],
  gauge: [""],
  histogram: ["_bucket", "_count", "_sum", "_created"],
  gaugehistogram: ["_bucket", "_gcount", "_gsum"],
  summary: ["", "_count", "_sum", "_created"],
  info: ["_info"],
  stateset: [""],
  unknown: [""],
};
/** What expfmt folds into a histogram or summary family declared by TYPE. */
const TEXT_SUFFIXES: Record<string, readonly string[]> = {
  histogram: ["_bucket", "_count", "_sum"],
  gaugehistogram: ["_bucket", "_count", "_sum"],
  summary: ["", "_count", "_sum"],
};
const SUFFIX_CANDIDATES = ["_total", "_created", "_bucket", "_count", "_sum", "_gcount", "_gsum", "_info"];

/** A family under construction, with what the assembler needs to know about it. */
interface FamilyState {
  family: MetricFamily;
  typeDeclared: boolean;
  /** Where the name is on the family's HELP, TYPE and UNIT line (-1: none yet), and the line and column. */
  helpAt: number;
  helpLine: number;
  helpColumn: number;
  typeAt: number;
  typeLine: number;
  typeColumn: number;
  unitAt: number;
  samples: number;
  /** The family's series by label set hash (see labelSetHash), as indexes into `family.metrics`. */
  series: SeriesTable | undefined;
  /** Series whose hashes collide: a few in a list, more of them by their exact label set (keyOfLabels). */
  collided: Map<number, SeriesNode[] | Map<string, SeriesNode>> | undefined;
  lastMetric: SeriesNode | undefined;
  /** The family's plain samples that are not in their series' own fields (see SeriesNode). */
  columns: SampleColumns | undefined;
  /** Labels excluded from the series key: `le` for histogram buckets, `quantile` for summaries. */
  bucketLabel: string;
  bucketLabels: Map<string, Label> | undefined;
  /** Shared label objects by place in the label set and value (see sharedLabel). */
  labelCaches: Map<string, Label>[] | undefined;
  /** Streaming: the family's lines were handed on; lines of it that come later start a new part. */
  closed: boolean;
  /** Streaming: a number of the family's own, mixed into its series' hashes in the memory. */
  id: number;
  /** Streaming: whether every part handed on is in the memory (undefined: none was handed on). */
  remembered: boolean | undefined;
  /** Streaming: the labels of the last series handed on. */
  lastLabels: Label[] | undefined;
  /** Streaming: whether a part of the family was handed on (the sink decides which it hands on). */
  handedOn: boolean;
  /** Streaming: where the current part begins. */
  partStart: number;
  /** Streaming: whether the current part goes on from one handed on for its size (see PART_SERIES). */
  chained: boolean;
  /** Streaming: the label set hashes of the current part's series, two each (labelSetHash, secondLabelSetHash), in the order of `family.metrics`. */
  hashes: number[];
}

/** Streaming: what the assembler does with each family once another one begins. */
export interface FamilySink {
  /**
   * Called with a family (or a later part of one) when a line of another family comes, when it
   * has PART_SERIES series and another begins, and at the end; returns whether it handed the
   * family on. `part` says whether this part goes on from one cut for its size (not `first`) and
   * whether the family goes on in the next (not `last`).
   */
  close(family: MetricFamily, handedOnBefore: boolean, part: FamilyPart): boolean;
}

const EXEMPLAR_LIMIT = 128;
const LEGACY_METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LEGACY_LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const SUPPRESSION = /^promtext-disable-next-line(?:[ \t]+(.*))?$/;
const LABEL_CACHE = 512;
/** Lines with more labels than this look repeated names up in a map (see earlierLabel). */
const MANY_LABELS = 32;
/** Series a stream remembers of the families it handed on (about 17 MB at the most). */
const MEMORY_LIMIT = 750_000;
/**
 * Streaming: a family is handed on in parts of this many series (of a histogram or summary,
 * whose series have several samples, PART_SERIES_BUCKETED), so that its lines are never held
 * whole; small parts die young, which keeps the collector's work low.
 */
const PART_SERIES = 1_000;
const PART_SERIES_BUCKETED = 10_000;

function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff) n++;
  }
  return n;
}

/**
 * Turns line records into metric families, in one pass, reporting what the formats say about
 * the order and shape of lines: metadata, family grouping, names, escapes, values,
 * timestamps and exemplars. Structure inside a family (buckets, quantiles, per-type values)
 * is checked afterwards by src/validate/format.
 */
export class Assembler {
  readonly families: MetricFamily[] = [];
  /** `# promtext-disable-next-line [rule-id…]` comments: the line they apply to, and the rules (or all). */
  readonly suppressions = new Map<number, string[] | "all">();
  sampleCount = 0;
  /** Streaming: families handed on when the series memory was full (their later parts are not compared with them). */
  unremembered = 0;
  private readonly memory = new SeriesMemory(MEMORY_LIMIT);
  /** Offset of the `# EOF` line (OpenMetrics), or -1. */
  eofAt = -1;
  private afterEofReported = false;
  private readonly byName = new Map<string, FamilyState>();
  /** OpenMetrics: which family each sample name belongs to, to find clashing names. */
  private readonly sampleNames = new Map<string, FamilyState>();
  private current: FamilyState | undefined;
  private readonly om: boolean;
  private readonly utf8Names = new Set<string>();
  /** The family the previous sample's name led to; cleared by every metadata line. */
  private lastSampleName = "";
  private lastSampleFamily: FamilyState | undefined;
  /** A repeated `le` or `quantile` on the current line (offset, name), judged once its family is known. */
  private repeatedBoundAt = -1;
  private repeatedBound = "";
  /** Scratch space: the current line's unescaped label names and values. */
  private readonly names: string[] = [];
  private readonly values: string[] = [];
  /** For lines with many labels: the scratch names from `labelIndexFrom` to `labelIndexTo` by name (see earlierLabel). */
  private labelIndex: Map<string, number> | undefined;
  private labelIndexFrom = 0;
  private labelIndexTo = 0;


  /**
   * With a sink (streaming), each family is handed to it as it closes and only its name and
   * metadata are kept; without one, `families` holds the whole model at the end.
   */
  constructor(
    readonly format: InputFormat,
    private readonly reporter: Reporter,
    private readonly sink?: FamilySink,
  ) {
    this.om = format === "openmetrics";
    this.own = sink === undefined ? (s: string) => s : detach;
  }

  /** What is kept after the line's segment: a copy, when streaming (see detach). */
  private readonly own: (s: string) => string;

  add(rec: LineRecord, line: number): void {
    if (this.om && this.eofAt !== -1) {
      if (!this.afterEofReported) {
        this.afterEofReported = true;
        this.reporter.report("om-data-after-eof", rec.start, Math.max(1, rec.end - rec.start), "data after the # EOF line");
      }
      return;
    }
    switch (rec.kind) {
      case LineKind.Blank:
        if (this.om) this.reporter.report("om-blank-line", rec.start, 1, "blank line");
        return;
      case LineKind.Comment:
        this.comment(rec, line);
        return;
      case LineKind.Eof:
        this.eof(rec);
        return;
      case LineKind.Help:
      case LineKind.Type:
      case LineKind.Unit:
        this.metadata(rec, line);
        return;
      case LineKind.Sample:
        this.sample(rec, line);
        return;
    }
  }

  /**
   * Called once after the last line: `end` is the length of the text, `lastLine` the text of
   * the last line when the text does not end with a line feed (else undefined).
   */
  finish(end: number, lastLine: string | undefined): void {
    if (this.om) {
      if (this.eofAt === -1) this.reporter.report("om-missing-eof", Math.max(0, end - 1), 1, "the text does not end with a # EOF line");
    } else if (lastLine !== undefined && end > 0 && /[^ \t]/.test(lastLine)) {
      this.reporter.report("missing-final-newline", end - 1, 1, "the last line does not end with a line feed");
    }
    if (this.current !== undefined) this.close(this.current);
    for (const state of this.byName.values()) {
      if (state.samples === 0 && !this.om && (state.helpAt !== -1 || state.typeAt !== -1)) {
        const [at, line, column] = state.helpAt > state.typeAt ? [state.helpAt, state.helpLine, state.helpColumn] : [state.typeAt, state.typeLine, state.typeColumn];
        this.reporter.reportOnLine(
          "metadata-without-samples",
          at,
          line,
          state.family.name.length,
          `metadata for \`${state.family.name}\` but no samples of it; expfmt drops the family`,
          column,
        );
      }
    }
  }

  /** Where the family that is still open began (its current part), or -1. */
  openFamilyOffset(): number {
    const current = this.current;
    return current === undefined || current.closed ? -1 : current.partStart;
  }

  /** Makes `state` the current family, closing the one before (streaming). */
  private enter(state: FamilyState, rec: LineRecord, line: number): void {
    if (this.current !== undefined && this.current !== state) this.close(this.current);
    if (state.closed) this.reopen(state, rec, line);
    this.current = state;
  }

  private close(state: FamilyState, continues = false): void {
    if (this.sink === undefined || state.closed) return;
    const family = state.family;
    state.closed = true;
    const memory = this.memory;
    if (state.remembered !== false && memory.hasRoom(family.metrics.length)) {
      state.remembered = true;
      const mix = familyMix(state);
      const hashes = state.hashes;
      family.metrics.forEach((metric, i) => {
        const node = metric as SeriesNode;
        memory.set((hashes[2 * i + 1] as number) ^ mix, hashes[2 * i] as number, node.lastLine, stampOf(node.lastTimestampText));
      });
    } else {
      if (state.remembered !== false) this.unremembered++;
      state.remembered = false;
    }
    state.family = metadataOf(family);
    state.series = undefined;
    state.collided = undefined;
    state.columns = undefined;
    state.hashes = [];
    state.lastLabels = state.lastMetric?.labels.map((l) => ({ name: detach(l.name), value: detach(l.value) }));
    state.lastMetric = undefined;
    state.labelCaches = undefined;
    state.bucketLabels = undefined;
    if (this.lastSampleFamily === state) this.lastSampleFamily = undefined;
    const part = { first: !state.chained, last: !continues };
    state.chained = continues;
    if (this.sink.close(family, state.handedOn, part)) state.handedOn = true;
  }

  /**
   * Streaming: hands on the series of the current family so far, as a part that the next one
   * goes on from; the family stays current and keeps its position, its next part begins at `at`.
   */
  private cut(state: FamilyState, at: number): void {
    this.close(state, true);
    state.closed = false;
    state.partStart = at;
  }

  /** Streaming: lines of a family that was closed; they make a new part of it. */
  private reopen(state: FamilyState, rec: LineRecord, line: number): void {
    state.closed = false;
    state.family = { ...metadataOf(state.family), offset: rec.start, line, nameOffset: nameOffsetOf(rec) };
    state.partStart = rec.start;
  }

  // ---------------------------------------------------------------- comments, EOF, metadata

  private comment(rec: LineRecord, line: number): void {
    if (this.om) {
      this.reporter.report("om-invalid-comment", rec.start, rec.end - rec.start, "OpenMetrics allows no comments other than HELP, TYPE, UNIT and EOF");
      return;
    }
    if (rec.textStart === -1) return;
    const directive = SUPPRESSION.exec(rec.slice(rec.textStart, rec.end));
    if (directive !== null) {
      const ids = (directive[1] ?? "").split(/[\s,]+/).filter(Boolean);
      this.suppressions.set(line + 1, ids.length === 0 ? "all" : ids.map(this.own));
    }
  }

  private eof(rec: LineRecord): void {
    if (!this.om) return;
    if (rec.omSpaceAt !== -1 && rec.omSpaceAt < (rec.textStart === -1 ? rec.end : rec.textStart)) {
      this.reporter.report("om-whitespace", rec.omSpaceAt, 1, "the # EOF line must be written exactly `# EOF`");
    }
    if (rec.textStart !== -1) {
      this.reporter.report("om-data-after-eof", rec.textStart, rec.end - rec.textStart, "text after # EOF on the same line");
    }
    this.eofAt = rec.start;
  }

  private metadata(rec: LineRecord, line: number): void {
    this.lastSampleFamily = undefined;
    const keyword = rec.kind === LineKind.Help ? "HELP" : rec.kind === LineKind.Type ? "TYPE" : "UNIT";
    if (!this.om && rec.kind === LineKind.Unit) return; // a plain comment in text 0.0.4
    if (!this.om) {
      const afterHash = rec.charCodeAt(rec.start + rec.slice(rec.start, rec.end).indexOf("#") + 1);
      if (afterHash !== 32 && afterHash !== 9) {
        this.reporter.report(
          "comment-looks-like-metadata",
          rec.start,
          keyword.length + 1,
          `\`#${keyword}\` without a blank after \`#\`: expfmt reads it as ${keyword} (and so does promtext), Prometheus and the documentation as a plain comment`,
        );
      }
    }
    if (rec.metaNameStart === -1) {
      this.reporter.report("metadata-missing-name", rec.start, rec.end - rec.start, `${keyword} line without a metric name`);
      return;
    }
    if (this.om && rec.omSpaceAt !== -1 && (rec.textStart === -1 || rec.omSpaceAt < rec.textStart)) {
      this.reporter.report("om-whitespace", rec.omSpaceAt, 1, `OpenMetrics wants \`# ${keyword} name text\` with single spaces`);
    }
    const name = this.metaName(rec);
    if (name === undefined) return;
    if (rec.textStart === -1) {
      this.reporter.report(
        rec.kind === LineKind.Type ? "type-missing" : "metadata-missing-text",
        rec.metaNameStart,
        rec.end - rec.metaNameStart,
        `${keyword} line for \`${name}\` has no ${keyword === "HELP" ? "text" : keyword.toLowerCase()} (not even the separating space)`,
      );
      return;
    }
    const raw = rec.slice(rec.textStart, rec.end);
    if (this.om && raw.charCodeAt(0) !== 32) {
      this.reporter.report("om-whitespace", rec.textStart, 1, `OpenMetrics separates the ${keyword} text by one space`);
    }
    const text = this.om ? raw.slice(1) : raw.replace(/^[ \t]+/, "");
    const textAt = rec.end - text.length;
    if (!this.om && text === "") {
      // expfmt ignores a HELP or TYPE line with only blanks after the name
      if (rec.kind === LineKind.Type) this.reporter.report("type-missing", rec.metaNameStart, rec.end - rec.metaNameStart, `TYPE line for \`${name}\` names no type`);
      return;
    }
    const state = this.familyForMetadata(name, rec, line);
    const family = state.family;
    if (rec.kind === LineKind.Help) {
      if (state.helpAt !== -1) {
        this.reporter.report("duplicate-help", rec.start, rec.end - rec.start, `second HELP line for \`${name}\`; the first is on line ${state.helpLine}`);
        return;
      }
      if (state.samples > 0) {
        this.reporter.report(this.om ? "om-metadata-after-samples" : "help-after-samples", rec.start, rec.end - rec.start, `HELP for \`${name}\` after its samples`);
      }
      state.helpAt = rec.metaNameStart;
      state.helpLine = line;
      state.helpColumn = rec.metaNameStart - rec.start + 1;
      // OpenMetrics and expfmt both decode \" in HELP (the 0.0.4 documentation names only \\ and \n)
      const { text: help, badEscapeAt } = unescape(text, true);
      if (badEscapeAt !== -1) {
        this.reporter.report(this.om ? "om-escape" : "help-invalid-escape", textAt + badEscapeAt, Math.min(2, text.length - badEscapeAt), `escape \`${text.slice(badEscapeAt, badEscapeAt + 2)}\` in HELP; only \\\\, \\" and \\n are escapes`);
      }
      family.help = this.own(help);
    } else if (rec.kind === LineKind.Type) {
      if (state.typeAt !== -1) {
        this.reporter.report("duplicate-type", rec.start, rec.end - rec.start, `second TYPE line for \`${name}\`; the first is on line ${state.typeLine}`);
        return;
      }
      if (state.samples > 0) {
        this.reporter.report(this.om ? "om-metadata-after-samples" : "type-after-samples", rec.start, rec.end - rec.start, `TYPE for \`${name}\` after its samples`);
      }
      state.typeAt = rec.metaNameStart;
      state.typeLine = line;
      state.typeColumn = rec.metaNameStart - rec.start + 1;
      const type = this.typeOf(text, textAt);
      if (type !== undefined) {
        family.type = type;
        state.typeDeclared = true;
        state.bucketLabel = type === "histogram" || type === "gaugehistogram" ? "le" : type === "summary" ? "quantile" : "";
        if (this.om) this.checkClashes(state, rec);
        if (this.om && state.unitAt !== -1 && family.unit && (type === "info" || type === "stateset")) {
          this.reporter.report("om-unit-not-allowed", state.unitAt, 1, `a ${type} family has no UNIT`);
        }
      }
    } else {
      if (state.unitAt !== -1) {
        this.reporter.report("duplicate-unit", rec.start, rec.end - rec.start, `second UNIT line for \`${name}\``);
        return;
      }
      if (state.samples > 0) this.reporter.report("om-metadata-after-samples", rec.start, rec.end - rec.start, `UNIT for \`${name}\` after its samples`);
      state.unitAt = rec.metaNameStart;
      if (text !== "") {
        if (!name.endsWith(`_${text}`)) {
          this.reporter.report("om-unit-mismatch", textAt, text.length, `unit \`${text}\` is not a suffix of the family name \`${name}\``);
        }
        if (family.type === "info" || family.type === "stateset") {
          this.reporter.report("om-unit-not-allowed", rec.start, rec.end - rec.start, `a ${family.type} family has no UNIT`);
        }
        family.unit = this.own(text);
      }
    }
  }

  /**
   * OpenMetrics: the sample names a newly typed family would use must not be other families'
   * names. (A family whose own name is another's sample name is found where its first
   * metadata line makes it: see familyForMetadata.)
   */
  private checkClashes(state: FamilyState, rec: LineRecord): void {
    const name = state.family.name;
    for (const suffix of OM_SUFFIXES[state.family.type] ?? []) {
      if (suffix === "") continue;
      const other = this.byName.get(name + suffix);
      if (other !== undefined && other !== state) {
        this.reporter.report("om-clashing-name", rec.metaNameStart, name.length, `a ${state.family.type} \`${name}\` has samples named \`${name}${suffix}\`, which is already a family`);
        return;
      }
    }
  }

  /** The family, typed by a TYPE line, whose samples may be named `name` (`a` of `a_total` when `a` is a counter). */
  private typedParentOf(name: string): FamilyState | undefined {
    for (const suffix of SUFFIX_CANDIDATES) {
      if (!name.endsWith(suffix)) continue;
      const parent = this.byName.get(name.slice(0, -suffix.length));
      if (parent !== undefined && parent.typeDeclared && this.childOf(parent, name)) return parent;
    }
    return undefined;
  }

  /** utf8-name, once per distinct name: one finding says all there is to say about a name. */
  private reportUtf8Name(kind: "metric" | "label", name: string, at: number, length: number): void {
    const key = `${kind}\u0000${name}`;
    if (this.utf8Names.has(key)) return;
    this.utf8Names.add(this.own(key));
    this.reporter.report("utf8-name", at, length, `${kind} name ${JSON.stringify(name)} is not a legacy name (first use; the others are not reported)`);
  }

  private metaName(rec: LineRecord): string | undefined {
    if (!rec.metaNameQuoted) {
      const name = rec.metaName;
      if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(name)) {
        this.reporter.report("invalid-metric-name", rec.metaNameStart, name.length, `invalid metric name \`${name}\` in the metadata line`);
        return undefined;
      }
      return name;
    }
    const { text, badEscapeAt } = unescape(rec.metaName, true);
    if (badEscapeAt !== -1) {
      this.reporter.report(this.om ? "om-escape" : "label-value-invalid-escape", rec.metaNameStart + 1 + badEscapeAt, 2, "invalid escape in the quoted metric name");
    }
    if (text === "") {
      this.reporter.report("invalid-metric-name", rec.metaNameStart, 2, "empty metric name");
      return undefined;
    }
    if (!LEGACY_METRIC_NAME.test(text)) this.reportUtf8Name("metric", text, rec.metaNameStart, rec.metaName.length + 2);
    return text;
  }

  private typeOf(text: string, at: number): MetricType | undefined {
    if (this.om) {
      if (OM_TYPES.has(text)) return canonicalType(text);
      const lower = text.toLowerCase();
      if (lower === "untyped") {
        this.reporter.report("om-untyped", at, text.length, "OpenMetrics has no type `untyped`; it is called `unknown`");
        return "unknown";
      }
      if (OM_TYPES.has(lower)) {
        this.reporter.report("om-type-not-lowercase", at, text.length, `type \`${text}\` must be written in lowercase`);
        return canonicalType(lower);
      }
      // an empty type is at the end of the line: point at the blank before it
      this.reporter.report("unknown-type", text === "" ? at - 1 : at, Math.max(1, text.length), `unknown metric type ${JSON.stringify(text)}${crlfNote(text)}`);
      return undefined;
    }
    if (TEXT_TYPES.has(text)) return canonicalType(text);
    const lower = text.toLowerCase();
    if (lower === "gaugehistogram" || lower === "gauge_histogram") {
      this.reporter.report("gaugehistogram-in-text-format", at, text.length, `\`${text}\` is not a text 0.0.4 type; only expfmt reads it (as gaugehistogram)`);
      return "gaugehistogram";
    }
    if (TEXT_TYPES.has(lower)) {
      this.reporter.report("type-not-lowercase", at, text.length, `type \`${text}\` is not lowercase`);
      return canonicalType(lower);
    }
    this.reporter.report("unknown-type", at, Math.max(1, text.length), `unknown metric type ${JSON.stringify(text)}${crlfNote(text)}`);
    return undefined;
  }

  private familyForMetadata(name: string, rec: LineRecord, line: number): FamilyState {
    let state = this.byName.get(name) ?? (this.om ? undefined : this.declaredParentOf(name));
    if (state === undefined) {
      if (this.om) {
        const owner = this.sampleNames.get(name);
        const parent = owner === undefined ? this.typedParentOf(name) : undefined;
        if (owner !== undefined) {
          this.reporter.report("om-clashing-name", rec.metaNameStart, name.length, `family name \`${name}\` is already a sample name of family \`${owner.family.name}\``);
        } else if (parent !== undefined) {
          this.reporter.report("om-clashing-name", rec.metaNameStart, name.length, `\`${name}\` is a sample name of the ${parent.family.type} family \`${parent.family.name}\``);
        }
      }
      state = this.newFamily(name, this.om ? "unknown" : "untyped", rec.start, line, rec.metaNameStart);
    } else if (this.om && state !== this.current && state.samples > 0) {
      this.reporter.report("interleaved-family", rec.start, rec.end - rec.start, `metadata for \`${name}\` after the family was closed by another one`);
    }
    if (this.current !== state) {
      const hadMetadata = state.helpAt !== -1 || state.typeAt !== -1 || state.unitAt !== -1;
      if (this.om && this.current !== undefined && state.samples === 0 && hadMetadata) {
        this.reporter.report("interleaved-family", rec.start, rec.end - rec.start, `metadata for \`${name}\` is split by lines of \`${this.current.family.name}\``);
      }
      this.enter(state, rec, line);
    }
    return state;
  }

  private newFamily(name: string, type: MetricType, offset: number, line: number, nameOffset: number): FamilyState {
    name = this.own(name);
    const family: MetricFamily = { name, type, metrics: [], offset, line, nameOffset };
    const state: FamilyState = {
      family,
      typeDeclared: false,
      helpAt: -1,
      helpLine: 0,
      helpColumn: 1,
      typeAt: -1,
      typeLine: 0,
      typeColumn: 1,
      unitAt: -1,
      samples: 0,
      series: undefined,
      collided: undefined,
      columns: undefined,
      lastMetric: undefined,
      bucketLabel: "",
      bucketLabels: undefined,
      labelCaches: undefined,
      closed: false,
      id: this.byName.size,
      remembered: undefined,
      lastLabels: undefined,
      handedOn: false,
      partStart: offset,
      chained: false,
      hashes: [],
    };
    this.byName.set(name, state);
    if (this.sink === undefined) this.families.push(family);
    return state;
  }

  // ---------------------------------------------------------------- samples

  private sample(rec: LineRecord, line: number): void {
    const r = this.reporter;
    const name = this.sampleName(rec);
    if (this.om && rec.omSpaceAt !== -1) r.report("om-whitespace", rec.omSpaceAt, 1, "OpenMetrics separates tokens by exactly one space, with no blanks inside braces or at the ends of the line");
    if (!this.om && rec.trailingSpaceAt !== -1) {
      r.report("trailing-whitespace", rec.trailingSpaceAt, rec.end - rec.trailingSpaceAt, "blanks at the end of the sample line; expfmt expects a timestamp after them");
    }
    if (rec.missingCommaAt !== -1) r.report("label-missing-comma", rec.missingCommaAt, 1, "missing `,` between label pairs");
    if (this.om && rec.trailingCommaAt !== -1) r.report("om-label-trailing-comma", rec.trailingCommaAt, 1, "OpenMetrics label sets take no trailing comma");

    this.repeatedBoundAt = -1;
    this.labelIndex = undefined;
    const labelCount = this.readLabels(rec, 0, rec.labelCount);

    const value = Number.isNaN(rec.valueInteger) ? parseFloatGo(rec.valueText) : rec.valueInteger;
    let numeric = 0;
    if (typeof value === "number") numeric = value;
    else if (value === "range") r.report("value-out-of-range", rec.valueStart, rec.valueText.length, `value \`${rec.valueText}\` overflows a 64-bit float`);
    else r.report("invalid-value", rec.valueStart, rec.valueText.length, `\`${rec.valueText}\` is not a number${crlfNote(rec.valueText)}`);

    let timestamp: number | undefined;
    if (rec.timestampStart !== -1) timestamp = this.timestamp(rec.timestampText, rec.timestampStart, "timestamp");

    let exemplar: Exemplar | undefined;
    if (rec.exemplarStart !== -1) {
      if (!this.om) r.report("exemplar-in-text-format", rec.exemplarStart, rec.end - rec.exemplarStart, "exemplars are OpenMetrics syntax; text 0.0.4 has none");
      else exemplar = this.exemplar(rec);
    }
    if (name === undefined || labelCount === -1 || typeof value !== "number") return;

    let state: FamilyState;
    if (name === this.lastSampleName && this.lastSampleFamily !== undefined) state = this.lastSampleFamily;
    else {
      state = this.om ? this.omFamilyOf(name, rec, line) : this.textFamilyOf(name, rec, line);
      this.lastSampleName = name;
      this.lastSampleFamily = state;
    }
    if (state !== this.current) {
      if (state.samples > 0) {
        r.report(
          "interleaved-family",
          rec.start,
          rec.end - rec.start,
          `samples of \`${state.family.name}\` resume here after lines of \`${this.current?.family.name ?? "?"}\`; a family's lines must be one group`,
        );
      } else if (this.current !== undefined && (state.helpAt !== -1 || state.typeAt !== -1 || state.unitAt !== -1)) {
        const lines = [state.helpAt !== -1 ? state.helpLine : 0, state.typeAt !== -1 ? state.typeLine : 0].filter((l) => l > 0);
        const where = lines.length > 0 ? ` on line ${Math.min(...lines)}` : "";
        r.report(
          "interleaved-family",
          rec.start,
          rec.end - rec.start,
          `samples of \`${state.family.name}\` come after lines of \`${this.current.family.name}\`, apart from its metadata${where}; a family's lines must be one group`,
        );
      }
      this.enter(state, rec, line);
    }
    if (this.repeatedBoundAt !== -1) {
      const bound = this.repeatedBound;
      if (state.bucketLabel === bound) {
        r.report("duplicate-le-or-quantile", this.repeatedBoundAt, bound.length, `label \`${bound}\` is given twice; expfmt uses the last`);
      } else {
        r.report("duplicate-label-name", this.repeatedBoundAt, bound.length, `label \`${bound}\` is given twice`);
        return;
      }
    }
    state.samples++;
    this.sampleCount++;
    this.placeInMetric(state, labelCount, name, numeric, timestamp, exemplar, rec, line);
  }

  private sampleName(rec: LineRecord): string | undefined {
    const r = this.reporter;
    if (rec.secondNameAt !== -1) r.report("multiple-metric-names", rec.secondNameAt, 1, "the sample names its metric more than once");
    if (rec.nameStart === -1) {
      r.report("metric-name-missing", rec.start, Math.max(1, rec.valueStart - rec.start), "metric name not set: give it before the braces or as a quoted string inside them");
      return undefined;
    }
    if (!rec.nameQuoted) return rec.name;
    const { text, badEscapeAt } = unescape(rec.name, true);
    if (badEscapeAt !== -1) r.report(this.om ? "om-escape" : "label-value-invalid-escape", rec.nameStart + 1 + badEscapeAt, 2, "invalid escape in the quoted metric name");
    if (text === "") {
      r.report("invalid-metric-name", rec.nameStart, 2, "empty metric name");
      return undefined;
    }
    if (!LEGACY_METRIC_NAME.test(text)) this.reportUtf8Name("metric", text, rec.nameStart, rec.name.length + 2);
    return text;
  }

  /**
   * Unescapes and checks labels `from`…`from+count` of the record into `names`/`values`
   * from index `from`; returns how many were written (a repeated le or quantile replaces the
   * earlier one, as expfmt does), or -1 when a label makes the sample unusable.
   */
  private readLabels(rec: LineRecord, from: number, count: number): number {
    const r = this.reporter;
    const names = this.names;
    const values = this.values;
    let ok = true;
    let w = from;
    for (let i = 0; i < count; i++) {
      const j = from + i;
      let name = rec.labelNames[j] as string;
      const nameAt = rec.labelNameStarts[j] as number;
      if (rec.labelNameQuoted[j]) {
        const u = unescape(name, true);
        if (u.badEscapeAt !== -1) r.report(this.om ? "om-escape" : "label-value-invalid-escape", nameAt + 1 + u.badEscapeAt, 2, "invalid escape in the quoted label name");
        name = u.text;
        if (name === "") {
          r.report("invalid-label-name", nameAt, 2, "empty label name");
          ok = false;
        } else if (!LEGACY_LABEL_NAME.test(name)) {
          this.reportUtf8Name("label", name, nameAt, (rec.labelNames[j] as string).length + 2);
        }
      } else if (name.includes(":")) {
        r.report("invalid-label-name", nameAt, name.length, `invalid label name \`${name}\`: colons are allowed in metric names only`);
        ok = false;
      }
      const raw = rec.labelValues[j] as string;
      let value = raw;
      if (raw.includes("\\")) {
        const u = unescape(raw, true);
        if (u.badEscapeAt !== -1) {
          const valueAt = (rec.labelValueStarts[j] as number) + 1 + u.badEscapeAt;
          r.report(this.om ? "om-escape" : "label-value-invalid-escape", valueAt, 2, `escape \`${raw.slice(u.badEscapeAt, u.badEscapeAt + 2)}\` in a label value; only \\\\, \\" and \\n are escapes`);
        }
        value = u.text;
      }
      if (name === "__name__" && from === 0) {
        r.report("reserved-label-name", nameAt, name.length, "label name `__name__` is reserved for the metric name");
      }
      const repeated = this.earlierLabel(name, from, w);
      if (repeated !== -1 && (name === "le" || name === "quantile") && from === 0 && this.repeatedBoundAt === -1) {
        // in a histogram (le) or summary (quantile) expfmt reads these into the bucket or quantile,
        // and the last one counts; elsewhere they are labels given twice. Judged once the family is known.
        this.repeatedBoundAt = nameAt;
        this.repeatedBound = name;
        values[repeated] = value;
        continue;
      }
      if (repeated !== -1) {
        r.report("duplicate-label-name", nameAt, name.length, `label \`${name}\` is given twice`);
        ok = false;
      }
      names[w] = name;
      values[w] = value;
      w++;
    }
    return ok ? w - from : -1;
  }

  /**
   * Where `name` already is among the scratch names `from`…`to`, or -1: a scan for the usual
   * handful of labels, a map (kept for the line) past MANY_LABELS, so that a line with 10⁶
   * labels costs 10⁶ steps, not 10¹².
   */
  private earlierLabel(name: string, from: number, to: number): number {
    const names = this.names;
    if (to - from <= MANY_LABELS) {
      let found = -1;
      for (let k = from; k < to; k++) if (names[k] === name) found = k;
      return found;
    }
    let index = this.labelIndex;
    if (index === undefined || this.labelIndexFrom !== from || this.labelIndexTo > to) {
      index = this.labelIndex = new Map();
      this.labelIndexFrom = from;
      this.labelIndexTo = from;
    }
    for (let k = this.labelIndexTo; k < to; k++) index.set(names[k] as string, k);
    this.labelIndexTo = to;
    return index.get(name) ?? -1;
  }

  private labelObjects(from: number, count: number): Label[] {
    const labels: Label[] = new Array(count);
    for (let i = 0; i < count; i++) labels[i] = { name: this.names[from + i] as string, value: this.values[from + i] as string };
    return labels;
  }

  private timestamp(text: string, at: number, what: string): number | undefined {
    const r = this.reporter;
    if (!this.om) {
      const ts = parseIntTimestamp(text);
      if (ts === undefined) {
        r.report("invalid-timestamp", at, text.length, `${what} \`${text}\` is not an integer number of milliseconds${crlfNote(text)}`);
        return undefined;
      }
      if (ts.signed) r.report("negative-timestamp", at, text.length, `signed ${what} \`${text}\`; Prometheus reads digits only`);
      return ts.ms;
    }
    const value = parseFloatGo(text);
    if (typeof value !== "number") {
      r.report("invalid-timestamp", at, text.length, `${what} \`${text}\` is not a number of seconds${crlfNote(text)}`);
      return undefined;
    }
    if (!Number.isFinite(value)) {
      r.report("om-invalid-timestamp", at, text.length, `${what} \`${text}\` is not a real number`);
      return undefined;
    }
    if (Number.isNaN(value)) {
      r.report("om-invalid-timestamp", at, text.length, `${what} \`${text}\` is not a real number`);
      return undefined;
    }
    return secondsTextToMs(text);
  }

  private exemplar(rec: LineRecord): Exemplar | undefined {
    const r = this.reporter;
    this.labelIndex = undefined;
    const count = this.readLabels(rec, rec.labelCount, rec.exemplarLabelCount);
    if (count === -1) return undefined;
    const labels = this.labelObjects(rec.labelCount, count);
    let length = 0;
    for (const label of labels) length += codePointLength(label.name) + codePointLength(label.value);
    if (length > EXEMPLAR_LIMIT) {
      r.report("om-exemplar-too-long", rec.exemplarStart, rec.end - rec.exemplarStart, `exemplar labels have ${length} code points; at most ${EXEMPLAR_LIMIT} are allowed`);
    }
    const value = parseFloatGo(rec.exemplarValueText);
    if (typeof value !== "number") {
      r.report("invalid-value", rec.exemplarValueStart, rec.exemplarValueText.length, `exemplar value \`${rec.exemplarValueText}\` is not a number`);
      return undefined;
    }
    const exemplar: Exemplar = { labels, value, valueText: rec.exemplarValueText, offset: rec.exemplarStart };
    if (rec.exemplarTimestampStart !== -1) {
      const ts = this.timestamp(rec.exemplarTimestampText, rec.exemplarTimestampStart, "exemplar timestamp");
      if (ts === undefined) return undefined;
      exemplar.timestamp = ts;
      exemplar.timestampText = rec.exemplarTimestampText;
    }
    return exemplar;
  }

  // ---------------------------------------------------------------- families and series

  /** expfmt's rule: histogram and summary children fold into a family declared by TYPE; anything else is its own family. */
  private textFamilyOf(name: string, rec: LineRecord, line: number): FamilyState {
    const current = this.current;
    if (current !== undefined && current.family.name === name) return current;
    const exact = this.byName.get(name);
    if (exact !== undefined) return exact;
    if (current !== undefined && current.bucketLabel !== "" && this.childOf(current, name)) return current;
    return this.declaredParentOf(name) ?? this.newFamily(name, "untyped", rec.start, line, rec.nameStart);
  }

  /** The histogram or summary family, declared by TYPE, whose child `name` is (`x_bucket`, `x_sum`, `x_count`). */
  private declaredParentOf(name: string): FamilyState | undefined {
    for (const suffix of ["_bucket", "_count", "_sum"]) {
      if (!name.endsWith(suffix)) continue;
      const parent = this.byName.get(name.slice(0, -suffix.length));
      if (parent !== undefined && parent.typeDeclared && this.childOf(parent, name)) return parent;
    }
    return undefined;
  }

  private childOf(state: FamilyState, name: string): boolean {
    const base = state.family.name;
    if (!name.startsWith(base)) return false;
    const suffix = name.slice(base.length);
    const allowed = this.om ? OM_SUFFIXES[state.family.type] : TEXT_SUFFIXES[state.family.type];
    return allowed !== undefined && allowed.includes(suffix);
  }

  /** OpenMetrics: a sample belongs to the current family if its type allows the name; otherwise it starts a family. */
  private omFamilyOf(name: string, rec: LineRecord, line: number): FamilyState {
    const current = this.current;
    if (current !== undefined && this.childOf(current, name)) return current;
    let state = this.byName.get(name);
    if (state !== undefined && !this.childOf(state, name)) {
      this.reporter.report(
        "om-sample-name",
        rec.nameStart,
        name.length,
        `a ${state.family.type} family's samples are named ${OM_SUFFIXES[state.family.type]!.map((s) => `\`${name}${s}\``).join(", ")}, not \`${name}\``,
      );
      return state;
    }
    if (state === undefined) {
      for (const suffix of SUFFIX_CANDIDATES) {
        if (!name.endsWith(suffix)) continue;
        const parent = this.byName.get(name.slice(0, -suffix.length));
        if (parent !== undefined && this.childOf(parent, name)) {
          state = parent;
          break;
        }
      }
    }
    if (state === undefined) {
      const owner = this.byName.get(name);
      state = owner ?? this.newFamily(name, "unknown", rec.start, line, rec.nameStart);
    }
    const clash = this.sampleNames.get(name);
    if (clash === undefined) this.sampleNames.set(this.own(name), state);
    else if (clash !== state) {
      this.reporter.report("om-clashing-name", rec.nameStart, name.length, `sample name \`${name}\` also belongs to family \`${clash.family.name}\``);
    }
    if (state.family.name !== name && this.byName.has(name) && this.byName.get(name) !== state) {
      this.reporter.report("om-clashing-name", rec.nameStart, name.length, `sample name \`${name}\` is also a family name`);
    }
    return state;
  }

  /**
   * Adds the sample to the metric (series) of the labels in `names`/`values`, found or
   * created, and gives it its label array, which shares the metric's when it can.
   */
  private placeInMetric(
    state: FamilyState,
    count: number,
    name: string,
    value: number,
    timestamp: number | undefined,
    exemplar: Exemplar | undefined,
    rec: LineRecord,
    line: number,
  ): void {
    const offset = rec.start;
    const names = this.names;
    const values = this.values;
    const skip = state.bucketLabel;
    let skipAt = -1;
    if (skip !== "") for (let i = 0; i < count; i++) if (names[i] === skip) skipAt = i;
    const timestampText = timestamp === undefined ? undefined : rec.timestampText;
    let metric = state.lastMetric;
    let sameOrder = metric !== undefined && this.matches(metric.labels, count, skipAt);
    // whether the sample begins a series
    let fresh = false;
    if (!sameOrder) {
      const hash = this.labelSetHash(count, skipAt);
      metric = this.findSeries(state, hash, count, skipAt);
      if (metric === undefined) {
        if (this.sink !== undefined && state.family.metrics.length >= (skip === "" ? PART_SERIES : PART_SERIES_BUCKETED)) this.cut(state, offset);
        let repeat = false;
        if (this.sink !== undefined) {
          const second = this.secondLabelSetHash(count, skipAt);
          state.hashes.push(hash, second);
          repeat = state.remembered === true && this.rememberedSeries(state, hash, second, count, skipAt, name, timestampText, offset);
        }
        const labels: Label[] = new Array(skipAt === -1 ? count : count - 1);
        const before = state.lastMetric?.labels;
        for (let i = 0, k = 0; i < count; i++) {
          if (i === skipAt) continue;
          // consecutive series repeat most of their labels (cpu="7" in each of its modes)
          const same = before?.[k];
          labels[k] = same !== undefined && same.value === values[i] && same.name === names[i] ? same : this.sharedLabel(state, k, names[i] as string, values[i] as string);
          k++;
        }
        metric = new SeriesNode(labels, offset, line);
        if (repeat) markRepeat(metric);
        addSeries(state, hash, metric);
        fresh = true;
        // a new series' labels are the line's, in its order
        sameOrder = true;
      } else {
        if (this.om) {
          this.reporter.report(
            "om-series-not-contiguous",
            offset,
            1,
            `this series of \`${state.family.name}\` was interrupted by another series since line ${metric.lastLine}`,
          );
        }
        sameOrder = this.matches(metric.labels, count, skipAt);
      }
      state.lastMetric = metric;
    }
    const m = metric as SeriesNode;
    if (sameOrder && timestamp === undefined && exemplar === undefined) {
      if (fresh && skipAt === -1) {
        m.setFirst(name, value, valueTextOf(rec));
        return;
      }
      const bound = skipAt === -1 ? undefined : this.bucketLabel(state, values[skipAt] as string);
      if (m.addToColumns((state.columns ??= new SampleColumns()), name, value, valueTextOf(rec), offset, line, bound, skipAt)) return;
    }
    const labels = !sameOrder ? this.labelObjects(0, count) : skipAt === -1 ? m.labels : this.withBucketLabel(state, m.labels, count, skipAt);
    m.samples.push({ name, labels, value, valueText: rec.textOfValue(), timestamp, timestampText, exemplar, offset, line });
  }

  /**
   * Streaming: a series new to this part of a family that an earlier part had. Reported as
   * parse() reports it where the earlier sample is known by its line and timestamp alone:
   * OpenMetrics' contiguous series, and repeated series of single-sample types in text 0.0.4.
   * Returns whether parse() would have added the sample to that earlier series.
   */
  private rememberedSeries(state: FamilyState, hash: number, second: number, count: number, skipAt: number, name: string, timestampText: string | undefined, offset: number): boolean {
    const before = this.memory.get(second ^ familyMix(state), hash);
    if (before === undefined) return false;
    const r = this.reporter;
    if (this.om) {
      // parse() goes on with the family's last series without a word
      if (state.lastLabels !== undefined && this.matches(state.lastLabels, count, skipAt)) return true;
      r.report("om-series-not-contiguous", offset, 1, `this series of \`${state.family.name}\` was interrupted by another series since line ${before.line}`);
    } else if (state.bucketLabel === "") {
      if (before.stamp === stampOf(timestampText)) r.report("repeated-series", offset, name.length, `series \`${name}\` with these labels already appeared on line ${before.line}`);
      else r.report("repeated-series-timestamps", offset, name.length, `series \`${name}\` appears again, with another timestamp, after line ${before.line}`);
    } else if (state.chained) {
      r.report(
        "stream-series-apart",
        offset,
        name.length,
        `this series of \`${state.family.name}\` goes on from line ${before.line}, in an earlier part: read as a stream, a family of more than ${PART_SERIES_BUCKETED.toLocaleString("en")} series is checked in parts, and this series as two`,
      );
    }
    return true;
  }

  /** A sample's labels: the series' labels with the shared `le`/`quantile` label put back at `skipAt`. */
  private withBucketLabel(state: FamilyState, own: Label[], count: number, skipAt: number): Label[] {
    const labels: Label[] = new Array(count);
    for (let i = 0, k = 0; i < count; i++) labels[i] = i === skipAt ? this.bucketLabel(state, this.values[i] as string) : (own[k++] as Label);
    return labels;
  }

  /**
   * The family's label object for this name and value at this place in the label set: series
   * of one family repeat most label pairs (`cpu="0"` in eight series, `mode="idle"` in every
   * CPU's), so they share the objects and strings. At most LABEL_CACHE values per place.
   */
  private sharedLabel(state: FamilyState, position: number, name: string, value: string): Label {
    const caches = (state.labelCaches ??= []);
    let cache = caches[position];
    if (cache === undefined) caches[position] = cache = new Map();
    const known = cache.get(value);
    if (known !== undefined && known.name === name) return known;
    const label = { name, value };
    if (known === undefined && cache.size < LABEL_CACHE) cache.set(value, label);
    return label;
  }

  /** One shared `le`/`quantile` label object per value and family. */
  private bucketLabel(state: FamilyState, value: string): Label {
    state.bucketLabels ??= new Map();
    let label = state.bucketLabels.get(value);
    if (label === undefined) {
      label = { name: state.bucketLabel, value };
      state.bucketLabels.set(value, label);
    }
    return label;
  }

  /** Whether the scratch labels, leaving out index `skipAt`, are `labels` in the same order. */
  private matches(labels: Label[], count: number, skipAt: number): boolean {
    if (labels.length !== (skipAt === -1 ? count : count - 1)) return false;
    for (let i = 0, k = 0; i < count; i++) {
      if (i === skipAt) continue;
      const l = labels[k++] as Label;
      if (l.name !== this.names[i] || l.value !== this.values[i]) return false;
    }
    return true;
  }

  /** A hash of the scratch label set (without index `skipAt`) that does not depend on the order of the labels. */
  private labelSetHash(count: number, skipAt: number): number {
    let hash = 0;
    for (let i = 0; i < count; i++) if (i !== skipAt) hash = (hash + pairHash(this.names[i] as string, this.values[i] as string, FIRST_SEED)) | 0;
    return hash;
  }

  /** labelSetHash's second hash (see label-hash.ts), for the series memory. */
  private secondLabelSetHash(count: number, skipAt: number): number {
    let hash = 0;
    for (let i = 0; i < count; i++) if (i !== skipAt) hash = (hash + secondPairHash(this.names[i] as string, this.values[i] as string, SECOND_SEED)) | 0;
    return hash;
  }

  /** The family's series with the scratch label set (in any order), if there is one. */
  private findSeries(state: FamilyState, hash: number, count: number, skipAt: number): SeriesNode | undefined {
    const found = state.series?.get(hash) ?? 0;
    if (found === 0) return undefined;
    if (found !== COLLIDED) {
      const metric = state.family.metrics[found - 1] as SeriesNode;
      return this.sameSet(metric.labels, count, skipAt) ? metric : undefined;
    }
    const entry = state.collided?.get(hash) as SeriesNode[] | Map<string, SeriesNode>;
    if (Array.isArray(entry)) return entry.find((m) => this.sameSet(m.labels, count, skipAt));
    return entry.get(this.labelSetKey(count, skipAt));
  }

  /** The scratch label set (without `skipAt`) as a string that does not depend on label order. */
  private labelSetKey(count: number, skipAt: number): string {
    const pairs: string[] = [];
    for (let i = 0; i < count; i++) if (i !== skipAt) pairs.push(`${this.names[i]}\u0000${this.values[i]}`);
    return keyOfPairs(pairs);
  }

  /** Whether the scratch labels, leaving out index `skipAt`, are the same set as `labels`. */
  private sameSet(labels: Label[], count: number, skipAt: number): boolean {
    if (labels.length !== (skipAt === -1 ? count : count - 1)) return false;
    if (count > MANY_LABELS) {
      const byName = new Map<string, string>();
      for (const l of labels) byName.set(l.name, l.value);
      for (let i = 0; i < count; i++) if (i !== skipAt && byName.get(this.names[i] as string) !== this.values[i]) return false;
      return true;
    }
    for (let i = 0; i < count; i++) {
      if (i === skipAt) continue;
      const name = this.names[i];
      const label = labels.find((l) => l.name === name);
      if (label === undefined || label.value !== this.values[i]) return false;
    }
    return true;
  }
}

const TYPE_NAMES: readonly MetricType[] = ["counter", "gauge", "histogram", "gaugehistogram", "summary", "info", "stateset", "unknown", "untyped"];

/** The type's own string constant, not a slice of the line (which would keep the line alive). */
function canonicalType(text: string): MetricType {
  return TYPE_NAMES.find((t) => t === text) as MetricType;
}

/** For a token that ends in a carriage return: the line ending is CR LF, which the formats do not take. */
function crlfNote(text: string): string {
  return text.endsWith("\r") ? ": the line ends with CR LF (Windows line endings), and the exposition formats end lines with LF alone" : "";
}

/** Where a line names its family: after `# HELP ` or `# TYPE `, or the sample's name. */
function nameOffsetOf(rec: LineRecord): number {
  const at = rec.kind === LineKind.Sample ? rec.nameStart : rec.metaNameStart;
  return at === -1 ? rec.start : at;
}

/** A family's name and metadata, without its metrics. */
function metadataOf(family: MetricFamily): MetricFamily {
  const copy: MetricFamily = { name: family.name, type: family.type, metrics: [], offset: family.offset, line: family.line };
  if (family.nameOffset !== undefined) copy.nameOffset = family.nameOffset;
  if (family.help !== undefined) copy.help = family.help;
  if (family.unit !== undefined) copy.unit = family.unit;
  return copy;
}

function addSeries(state: FamilyState, hash: number, metric: SeriesNode): void {
  const metrics = state.family.metrics;
  metrics.push(metric);
  const series = (state.series ??= new SeriesTable());
  const found = series.get(hash);
  if (found === 0) {
    series.set(hash, metrics.length);
    return;
  }
  const collided = (state.collided ??= new Map());
  if (found !== COLLIDED) {
    collided.set(hash, [metrics[found - 1] as SeriesNode, metric]);
    series.set(hash, COLLIDED);
    return;
  }
  const entry = collided.get(hash) as SeriesNode[] | Map<string, SeriesNode>;
  if (!Array.isArray(entry)) entry.set(keyOfLabels(metric.labels), metric);
  else if (entry.length < COLLISIONS_LISTED) entry.push(metric);
  else collided.set(hash, new Map([...entry, metric].map((m) => [keyOfLabels(m.labels), m])));
}

/** Series whose hashes collide are kept in a list up to this many, then by their exact label set. */
const COLLISIONS_LISTED = 8;

function keyOfLabels(labels: readonly Label[]): string {
  return keyOfPairs(labels.map((l) => `${l.name}\u0000${l.value}`));
}

/** Label pairs (`name\0value`) as one string, sorted, so that label order does not matter. */
function keyOfPairs(pairs: string[]): string {
  return pairs.sort().join("\u0001");
}

/** Seeds of the label-set hashes, new in every process (what a seed changes, and what it does not: label-hash.ts). */
const FIRST_SEED = (0x811c9dc5 ^ Math.floor(Math.random() * 2 ** 31)) | 0;
const SECOND_SEED = (0x2545f491 ^ Math.floor(Math.random() * 2 ** 31)) | 0;

/** Mixed into the series memory's hashes of a family's series (see SeriesMemory), so that families' series do not meet there. */
function familyMix(state: FamilyState): number {
  return Math.imul(state.id + 1, 0x9e3779b1);
}

/** A sample's value text for the model: undefined where it is String(value) (see LineRecord.valueInteger). */
function valueTextOf(rec: LineRecord): string | undefined {
  return Number.isNaN(rec.valueInteger) ? rec.valueText : undefined;
}

/** What a SeriesMemory keeps of a timestamp's text. */
function stampOf(timestampText: string | undefined): number {
  return hashString(timestampText ?? "", FIRST_SEED) | 0;
}
