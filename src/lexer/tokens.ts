import { createToken, Lexer, type TokenType } from "./chevrotain.js";

/**
 * Tokens of one line of exposition text. The format is line-oriented, so every line is lexed
 * on its own, starting in mode `line`; the modes follow Prometheus' own lexer (promlex.l):
 * after the metric name come labels, then the value, then a timestamp or an exemplar.
 *
 * Separators (blanks and tabs) are skipped; where a format cares about them (OpenMetrics wants
 * exactly one space) the parser compares the gaps between token offsets.
 */

export const Blank = createToken({ name: "Blank", pattern: /[ \t]+/, group: Lexer.SKIPPED });

// ---- comments and metadata: `# HELP name text`, `# TYPE name type`, `# UNIT name unit`, `# EOF`
export const Hash = createToken({ name: "Hash", pattern: "#", push_mode: "comment" });
const keyword = (word: string, next: string): TokenType =>
  createToken({
    name: word[0] + word.slice(1).toLowerCase(),
    label: `'${word}'`,
    pattern: new RegExp(`${word}(?![^ \\t])`),
    start_chars_hint: [word],
    line_breaks: false,
    push_mode: next,
  });
export const Help = keyword("HELP", "metaName");
export const Type = keyword("TYPE", "metaName");
export const Unit = keyword("UNIT", "metaName");
export const Eof = keyword("EOF", "restOfLine");
export const CommentText = createToken({ name: "CommentText", label: "comment text", pattern: /[^ \t][^\n]*/ });
export const MetaName = createToken({
  name: "MetaName",
  label: "metric name",
  pattern: /[^ \t"]+/,
  push_mode: "restOfLine",
});
export const MetaQuotedName = createToken({
  name: "MetaQuotedName",
  label: "quoted metric name",
  pattern: /"(?:[^"\\]|\\[\s\S])*"/,
  push_mode: "restOfLine",
});
/** The rest of a metadata line, with the separator before it (its width matters to some consumers). */
export const Text = createToken({ name: "Text", label: "text", pattern: /[ \t][^\n]*/ });

// ---- samples: `name{label="value",…} value [timestamp] [# {label="value"} value [timestamp]]`
export const MetricName = createToken({
  name: "MetricName",
  label: "metric name",
  pattern: /[a-zA-Z_:][a-zA-Z0-9_:]*/,
  push_mode: "afterName",
});
export const LBrace = createToken({ name: "LBrace", label: "'{'", pattern: "{", push_mode: "labels" });
export const RBrace = createToken({ name: "RBrace", label: "'}'", pattern: "}", push_mode: "value" });
export const Comma = createToken({ name: "Comma", label: "','", pattern: "," });
export const Equals = createToken({ name: "Equals", label: "'='", pattern: "=" });
export const LabelName = createToken({ name: "LabelName", label: "label name", pattern: /[a-zA-Z_:][a-zA-Z0-9_:]*/ });
export const QuotedString = createToken({
  name: "QuotedString",
  label: "quoted string",
  pattern: /"(?:[^"\\]|\\[\s\S])*"/,
});
/** A quote that is not closed before the end of the line: one token, so the error names it. */
export const UnterminatedString = createToken({
  name: "UnterminatedString",
  label: "unterminated quoted string",
  pattern: /"(?:[^"\\]|\\[\s\S])*\\?/,
});
export const Value = createToken({ name: "Value", label: "value", pattern: /[^ \t]+/, push_mode: "afterValue" });
export const Timestamp = createToken({ name: "Timestamp", label: "timestamp", pattern: /[^ \t#][^ \t]*/ });
export const ExemplarHash = createToken({ name: "ExemplarHash", label: "'#'", pattern: "#", push_mode: "exemplar" });

export const lineLexerDefinition = {
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

export const allTokens: TokenType[] = [
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

export const lineLexer = new Lexer(lineLexerDefinition, {
  positionTracking: "onlyOffset",
  ensureOptimizations: false,
  skipValidations: false,
});
