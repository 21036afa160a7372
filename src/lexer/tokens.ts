import { chevrotain, type Chevrotain, type TokenType } from "./chevrotain.js";

/**
 * Tokens of one line of exposition text. The format is line-oriented, so every line is lexed
 * on its own, starting in mode `line`; the modes follow Prometheus' own lexer (promlex.l):
 * after the metric name come labels, then the value, then a timestamp or an exemplar.
 *
 * Separators (blanks and tabs) are skipped; where a format cares about them (OpenMetrics wants
 * exactly one space) the parser compares the gaps between token offsets.
 */

/** The line lexer, its token types and its definition (for the generated grammar files). */
export interface LineTokens {
  Blank: TokenType;
  Hash: TokenType;
  Help: TokenType;
  Type: TokenType;
  Unit: TokenType;
  Eof: TokenType;
  CommentText: TokenType;
  MetaName: TokenType;
  MetaQuotedName: TokenType;
  Text: TokenType;
  MetricName: TokenType;
  LBrace: TokenType;
  RBrace: TokenType;
  Comma: TokenType;
  Equals: TokenType;
  LabelName: TokenType;
  QuotedString: TokenType;
  UnterminatedString: TokenType;
  Value: TokenType;
  Timestamp: TokenType;
  ExemplarHash: TokenType;
  lineLexerDefinition: { modes: Record<string, TokenType[]>; defaultMode: string };
  allTokens: TokenType[];
  lineLexer: InstanceType<Chevrotain["Lexer"]>;
}

/** A token pattern matched by a scan; `language` is the regular expression it is equivalent to (for the grammar files). */
export interface ScannedPattern {
  exec(text: string, offset: number): [string] | null;
  language: RegExp;
  /** As chevrotain serializes a regular expression pattern (for the syntax diagrams). */
  toJSON(): string;
}

/**
 * A quoted string with backslash escapes, closed (`"…"`) or not (`"…` to the end of the
 * line). Scanned, not matched by a regular expression: V8's backtracking stack overflows on
 * a quoted string of millions of characters, with or without escapes in it.
 */
function quoted(closed: boolean): ScannedPattern {
  return {
    language: closed ? /"(?:[^"\\]|\\[\s\S])*"/ : /"(?:[^"\\]|\\[\s\S])*\\?/,
    exec(text, offset) {
      if (text.charCodeAt(offset) !== 34) return null;
      const n = text.length;
      let i = offset + 1;
      while (i < n) {
        const c = text.charCodeAt(i);
        if (c === 34) return [text.slice(offset, i + 1)];
        i += c === 92 ? 2 : 1;
      }
      return closed ? null : [text.slice(offset, n)];
    },
    toJSON() {
      return this.language.source;
    },
  };
}

let built: LineTokens | undefined;

/** The tokens, made on first use (see chevrotain()). */
export function lineTokens(): LineTokens {
  return (built ??= defineTokens());
}

function defineTokens(): LineTokens {
  const { createToken, Lexer } = chevrotain();
  const Blank = createToken({ name: "Blank", pattern: /[ \t]+/, group: Lexer.SKIPPED });

  // ---- comments and metadata: `# HELP name text`, `# TYPE name type`, `# UNIT name unit`, `# EOF`
  const Hash = createToken({ name: "Hash", pattern: "#", push_mode: "comment" });
  const keyword = (word: string, next: string): TokenType =>
    createToken({
      name: word[0] + word.slice(1).toLowerCase(),
      label: `'${word}'`,
      pattern: new RegExp(`${word}(?![^ \\t])`),
      start_chars_hint: [word],
      line_breaks: false,
      push_mode: next,
    });
  const Help = keyword("HELP", "metaName");
  const Type = keyword("TYPE", "metaName");
  const Unit = keyword("UNIT", "metaName");
  const Eof = keyword("EOF", "restOfLine");
  const CommentText = createToken({ name: "CommentText", label: "comment text", pattern: /[^ \t][^\n]*/ });
  const MetaName = createToken({
    name: "MetaName",
    label: "metric name",
    pattern: /[^ \t"]+/,
    push_mode: "restOfLine",
  });
  const MetaQuotedName = createToken({
    name: "MetaQuotedName",
    label: "quoted metric name",
    pattern: quoted(true),
    start_chars_hint: ['"'],
    line_breaks: false,
    push_mode: "restOfLine",
  });
  /** The rest of a metadata line, with the separator before it (its width matters to some consumers). */
  const Text = createToken({ name: "Text", label: "text", pattern: /[ \t][^\n]*/ });

  // ---- samples: `name{label="value",…} value [timestamp] [# {label="value"} value [timestamp]]`
  const MetricName = createToken({
    name: "MetricName",
    label: "metric name",
    pattern: /[a-zA-Z_:][a-zA-Z0-9_:]*/,
    push_mode: "afterName",
  });
  const LBrace = createToken({ name: "LBrace", label: "'{'", pattern: "{", push_mode: "labels" });
  const RBrace = createToken({ name: "RBrace", label: "'}'", pattern: "}", push_mode: "value" });
  const Comma = createToken({ name: "Comma", label: "','", pattern: "," });
  const Equals = createToken({ name: "Equals", label: "'='", pattern: "=" });
  const LabelName = createToken({ name: "LabelName", label: "label name", pattern: /[a-zA-Z_:][a-zA-Z0-9_:]*/ });
  const QuotedString = createToken({
    name: "QuotedString",
    label: "quoted string",
    pattern: quoted(true),
    start_chars_hint: ['"'],
    line_breaks: false,
  });
  /** A quote that is not closed before the end of the line: one token, so the error names it. */
  const UnterminatedString = createToken({
    name: "UnterminatedString",
    label: "unterminated quoted string",
    pattern: quoted(false),
    start_chars_hint: ['"'],
    line_breaks: false,
  });
  const Value = createToken({ name: "Value", label: "value", pattern: /[^ \t]+/, push_mode: "afterValue" });
  const Timestamp = createToken({ name: "Timestamp", label: "timestamp", pattern: /[^ \t#][^ \t]*/ });
  const ExemplarHash = createToken({ name: "ExemplarHash", label: "'#'", pattern: "#", push_mode: "exemplar" });

  const lineLexerDefinition = {
    modes: {
      line: [Blank, Hash, LBrace, MetricName],
      comment: [Blank, Help, Type, Unit, Eof, CommentText],
      metaName: [Blank, MetaQuotedName, MetaName],
      restOfLine: [Text],
      afterName: [Blank, LBrace, Value],
      labels: [Blank, RBrace, Comma, Equals, QuotedString, UnterminatedString, LabelName],
      value: [Blank, Value],
      afterValue: [Blank, ExemplarHash, Timestamp],
      exemplar: [Blank, LBrace],
    },
    defaultMode: "line",
  };

  const allTokens: TokenType[] = [
    Blank,
    Hash,
    Help,
    Type,
    Unit,
    Eof,
    CommentText,
    MetaName,
    MetaQuotedName,
    Text,
    MetricName,
    LBrace,
    RBrace,
    Comma,
    Equals,
    LabelName,
    QuotedString,
    UnterminatedString,
    Value,
    Timestamp,
    ExemplarHash,
  ];

  const lineLexer = new Lexer(lineLexerDefinition, {
    positionTracking: "onlyOffset",
    ensureOptimizations: false,
    skipValidations: false,
  });

  return { Blank, Hash, Help, Type, Unit, Eof, CommentText, MetaName, MetaQuotedName, Text, MetricName, LBrace, RBrace, Comma, Equals, LabelName, QuotedString, UnterminatedString, Value, Timestamp, ExemplarHash, lineLexerDefinition, allTokens, lineLexer };
}
