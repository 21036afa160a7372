import { chevrotain, type IRecognitionException, type ISerializedGast, type IToken, type TokenType } from "../lexer/chevrotain.js";
import { lineTokens } from "../lexer/tokens.js";
import { LineKind, type LineRecord } from "./line-record.js";

/** The line grammar as the parser and the grammar generator use it. */
export interface LineGrammar {
  rec: LineRecord;
  base: number;
  input: IToken[];
  readonly errors: IRecognitionException[];
  line(): void;
  getSerializedGastProductions(): ISerializedGast[];
}

let grammar: LineGrammar | undefined;

/** The grammar, made on first use: most inputs never need it (see chevrotain()). */
export function lineGrammar(): LineGrammar {
  return (grammar ??= defineGrammar());
}

function defineGrammar(): LineGrammar {
  const { EmbeddedActionsParser } = chevrotain();
  const { allTokens, Comma, CommentText, Eof, Equals, ExemplarHash, Hash, Help, LabelName, LBrace, MetaName, MetaQuotedName, MetricName, QuotedString, RBrace, Text, Timestamp, Type, Unit, UnterminatedString, Value } = lineTokens();

  /**
   * The grammar of one line of Prometheus text 0.0.4, OpenMetrics 1.0 and the Prometheus 3
   * quoted UTF-8 names: the single definition of what a line may look like. It is deliberately
   * the union of the three syntaxes (blanks and tabs anywhere between tokens, a trailing comma,
   * a missing comma, exemplars): what one format or consumer forbids in that union is reported
   * by the assembler, by name, instead of as a bare syntax error.
   */
  class Grammar extends EmbeddedActionsParser implements LineGrammar {
    /** The record the actions fill; set before each line. */
    rec!: LineRecord;
    /** Offset of the line in the whole text, added to token offsets. */
    base = 0;

    constructor() {
      super(allTokens, { recoveryEnabled: false, maxLookahead: 2, skipValidations: false });
      this.performSelfAnalysis();
    }

    private at(token: IToken): number {
      return this.base + token.startOffset;
    }

    public line = this.RULE("line", () => {
      this.OR([
        { ALT: () => this.SUBRULE(this.commentLine) },
        { ALT: () => this.SUBRULE(this.sampleLine) },
      ]);
    });

    public commentLine = this.RULE("commentLine", () => {
      this.CONSUME(Hash);
      this.OR([
        { ALT: () => this.SUBRULE(this.metadata) },
        { ALT: () => this.SUBRULE(this.eofMarker) },
        {
          ALT: () => {
            const text = this.OPTION(() => this.CONSUME(CommentText));
            this.ACTION(() => {
              this.rec.kind = LineKind.Comment;
              if (text) this.rec.textStart = this.at(text);
            });
          },
        },
      ]);
    });

    public metadata = this.RULE("metadata", () => {
      const keyword = this.OR([
        { ALT: () => this.CONSUME(Help) },
        { ALT: () => this.CONSUME(Type) },
        { ALT: () => this.CONSUME(Unit) },
      ]);
      this.ACTION(() => {
        const image = keyword.image;
        this.rec.kind = image === "HELP" ? LineKind.Help : image === "TYPE" ? LineKind.Type : LineKind.Unit;
      });
      this.OPTION(() => {
        const name = this.OR2([{ ALT: () => this.CONSUME(MetaName) }, { ALT: () => this.CONSUME(MetaQuotedName) }]);
        this.ACTION(() => {
          const quoted = name.tokenType === MetaQuotedName;
          this.rec.metaName = quoted ? name.image.slice(1, -1) : name.image;
          this.rec.metaNameQuoted = quoted;
          this.rec.metaNameStart = this.at(name);
        });
        this.OPTION2(() => {
          const text = this.CONSUME(Text);
          this.ACTION(() => (this.rec.textStart = this.at(text)));
        });
      });
    });

    public eofMarker = this.RULE("eofMarker", () => {
      this.CONSUME(Eof);
      const text = this.OPTION(() => this.CONSUME(Text));
      this.ACTION(() => {
        this.rec.kind = LineKind.Eof;
        if (text) this.rec.textStart = this.at(text);
      });
    });

    public sampleLine = this.RULE("sampleLine", () => {
      this.ACTION(() => (this.rec.kind = LineKind.Sample));
      this.OR([
        {
          ALT: () => {
            const name = this.CONSUME(MetricName);
            this.ACTION(() => {
              this.rec.name = name.image;
              this.rec.nameStart = this.at(name);
            });
            this.OPTION(() => this.SUBRULE(this.labelSet));
          },
        },
        { ALT: () => this.SUBRULE2(this.labelSet) },
      ]);
      const value = this.CONSUME(Value);
      this.ACTION(() => {
        this.rec.setValueText(value.image);
        this.rec.valueStart = this.at(value);
      });
      this.OPTION2(() => {
        const ts = this.CONSUME(Timestamp);
        this.ACTION(() => {
          this.rec.timestampText = ts.image;
          this.rec.timestampStart = this.at(ts);
        });
      });
      this.OPTION3(() => this.SUBRULE(this.exemplar));
    });

    public exemplar = this.RULE("exemplar", () => {
      const hash = this.CONSUME(ExemplarHash);
      this.ACTION(() => (this.rec.exemplarStart = this.at(hash)));
      this.SUBRULE(this.labelSet);
      const value = this.CONSUME(Value);
      this.ACTION(() => {
        this.rec.exemplarValueText = value.image;
        this.rec.exemplarValueStart = this.at(value);
      });
      this.OPTION(() => {
        const ts = this.CONSUME(Timestamp);
        this.ACTION(() => {
          this.rec.exemplarTimestampText = ts.image;
          this.rec.exemplarTimestampStart = this.at(ts);
        });
      });
    });

    /** `{` [item [`,`] …] `}`: commas are optional here so that a missing one gets its own diagnostic. */
    public labelSet = this.RULE("labelSet", () => {
      const open = this.CONSUME(LBrace);
      let lastComma: IToken | undefined;
      let needComma = -1;
      this.ACTION(() => {
        if (this.rec.exemplarStart === -1) this.rec.braceStart = this.at(open);
      });
      this.MANY(() => {
        const itemStart = this.LA(1);
        this.ACTION(() => {
          if (needComma !== -1 && this.rec.missingCommaAt === -1) this.rec.missingCommaAt = this.at(itemStart);
        });
        this.SUBRULE(this.labelItem);
        lastComma = this.OPTION(() => this.CONSUME(Comma));
        this.ACTION(() => (needComma = lastComma ? -1 : 0));
      });
      this.CONSUME(RBrace);
      this.ACTION(() => {
        if (lastComma && this.rec.trailingCommaAt === -1) this.rec.trailingCommaAt = this.at(lastComma);
      });
    });

    /** `name="value"`, `"quoted name"="value"`, or a bare `"quoted metric name"`. */
    public labelItem = this.RULE("labelItem", () => {
      this.OR([
        {
          ALT: () => {
            const name = this.CONSUME(LabelName);
            this.CONSUME(Equals);
            const value = this.CONSUME(QuotedString);
            this.ACTION(() => this.rec.addLabel(name.image, this.at(name), false, value.image.slice(1, -1), this.at(value)));
          },
        },
        {
          ALT: () => {
            const quoted = this.CONSUME2(QuotedString);
            const value = this.OPTION(() => {
              this.CONSUME2(Equals);
              return this.CONSUME3(QuotedString);
            });
            this.ACTION(() => {
              const text = quoted.image.slice(1, -1);
              if (value) {
                this.rec.addLabel(text, this.at(quoted), true, value.image.slice(1, -1), this.at(value));
              } else if (this.rec.exemplarStart !== -1 || this.rec.nameStart !== -1) {
                if (this.rec.secondNameAt === -1) this.rec.secondNameAt = this.at(quoted);
              } else {
                this.rec.name = text;
                this.rec.nameStart = this.at(quoted);
                this.rec.nameQuoted = true;
              }
            });
          },
        },
      ]);
    });
  }

  return new Grammar();
}


/** What is wrong with a line the grammar did not accept. */
export interface LineSyntaxError {
  offset: number;
  length: number;
  message: string;
  unterminated: boolean;
  unexpectedCharacter: boolean;
}

function describeToken(token: IToken): string {
  if (token.tokenType === chevrotain().EOF || Number.isNaN(token.startOffset)) return "the end of the line";
  const image = token.image.length > 40 ? `${token.image.slice(0, 40)}…` : token.image;
  return `\`${image}\``;
}

function expectedOf(error: IRecognitionException, rule: string | undefined): string {
  const message = error.message;
  const single = /Expecting token of type --> (\w+) <--/.exec(message);
  if (single) return tokenLabel(single[1] as string);
  const alternatives = [...message.matchAll(/\[([^\]]*)\]/g)].map((m) => (m[1] as string).split(",")[0]?.trim() ?? "");
  const labels = [...new Set(alternatives.filter(Boolean).map(tokenLabel))];
  if (labels.length > 0) return labels.length === 1 ? (labels[0] as string) : `one of ${labels.join(", ")}`;
  if (rule === "labelSet" || rule === "labelItem") return "a label name or `}`";
  return "the end of the line";
}

/** What a character the lexer cannot place is, where that can be told: a byte order mark, a label value without its quotes. */
function describeUnexpectedCharacter(lineText: string, at: number, char: string, atInputStart: boolean): string {
  if (char === "\ufeff") {
    return atInputStart && at === 0
      ? "the input begins with a byte order mark (U+FEFF), which Prometheus and expfmt read as part of the first name: write UTF-8 without a BOM"
      : "a byte order mark (U+FEFF) inside the line";
  }
  if (/=[ \t]*$/.test(lineText.slice(0, at)) && lineText.lastIndexOf("{", at) !== -1) return `expected \`"\` at the start of the label value, found ${JSON.stringify(char)}`;
  return `unexpected character ${JSON.stringify(char)}`;
}

let tokenLabels: Map<string, string> | undefined;
function tokenLabel(name: string): string {
  tokenLabels ??= new Map(lineTokens().allTokens.map((t: TokenType) => [t.name, (t.LABEL ?? t.name).replace(/^'(.*)'$/, "`$1`")]));
  return tokenLabels.get(name) ?? name;
}

const contexts: Record<string, string> = {
  labelSet: "in the label set",
  labelItem: "in the label set",
  exemplar: "in the exemplar",
  metadata: "in the metadata line",
  eofMarker: "after # EOF",
  sampleLine: "in the sample",
  commentLine: "in the comment",
};

/**
 * Reads one line into `rec` with the grammar. Returns undefined when the line is accepted,
 * or the first syntax error (one per line, so that a broken line yields one diagnostic).
 * `lineText` must not contain the line feed.
 */
export function readLineWithGrammar(lineText: string, base: number, rec: LineRecord): LineSyntaxError | undefined {
  const lexed = lineTokens().lineLexer.tokenize(lineText);
  if (lexed.errors.length > 0) {
    const e = lexed.errors[0]!;
    const char = String.fromCodePoint(lineText.codePointAt(e.offset) ?? 0);
    return {
      offset: base + e.offset,
      length: Math.max(1, char.length),
      message: describeUnexpectedCharacter(lineText, e.offset, char, base === 0),
      unterminated: false,
      unexpectedCharacter: true,
    };
  }
  const tokens = lexed.tokens;
  if (tokens.length === 0) return undefined;
  const grammar = lineGrammar();
  grammar.rec = rec;
  grammar.base = base;
  grammar.input = tokens;
  grammar.line();
  const errors = grammar.errors;
  if (errors.length > 0) {
    const e = errors[0]!;
    const token = e.token;
    const atEnd = token.tokenType === chevrotain().EOF || Number.isNaN(token.startOffset);
    const offset = atEnd ? base + lineText.length : base + token.startOffset;
    const unterminated = token.tokenType === lineTokens().UnterminatedString;
    const ruleStack = e.context?.ruleStack ?? [];
    const context = contexts[ruleStack[ruleStack.length - 1] ?? ""] ?? "";
    const notAllParsed = e.name === "NotAllInputParsedException";
    const message = unterminated
      ? `the quoted string starting here is not closed before the end of the line`
      : notAllParsed
        ? `unexpected ${describeToken(token)} after the end of the ${rec.kind === LineKind.Sample ? "sample" : "line"}`
        : `${context ? `${context}: ` : ""}expected ${expectedOf(e, ruleStack[ruleStack.length - 1])}, found ${describeToken(token)}`;
    return {
      offset,
      length: atEnd ? 1 : Math.max(1, token.image.length),
      message,
      unterminated,
      unexpectedCharacter: false,
    };
  }
  markSpacing(tokens, lineText, base, rec);
  return undefined;
}

/** Token types that OpenMetrics wants one space before; every other token must follow without a gap. */
let spaceBefore: Set<TokenType> | undefined;

function markSpacing(tokens: IToken[], lineText: string, base: number, rec: LineRecord): void {
  const { Value, Timestamp, ExemplarHash, Help, Type, Unit, Eof, MetaName, MetaQuotedName, CommentText, LBrace, Comma } = lineTokens();
  spaceBefore ??= new Set<TokenType>([Value, Timestamp, ExemplarHash, Help, Type, Unit, Eof, MetaName, MetaQuotedName, CommentText]);
  const first = tokens[0]!;
  if (first.startOffset !== 0) rec.omSpaceAt = base;
  const usesQuotedNames = rec.nameQuoted || rec.labelNameQuoted.slice(0, rec.labelCount + rec.exemplarLabelCount).includes(true);
  let previous = first;
  for (let i = 1; i < tokens.length && rec.omSpaceAt === -1; i++) {
    const token = tokens[i]!;
    const gapStart = previous.startOffset + previous.image.length;
    const gap = lineText.slice(gapStart, token.startOffset);
    const wanted = spaceBefore.has(token.tokenType) || (previous.tokenType === ExemplarHash && token.tokenType === LBrace) ? " " : "";
    // Prometheus 3 writes quoted names as `{"name", "label"="value"}`; client_python reads it so in OpenMetrics too.
    const quotedListSpace = gap === " " && previous.tokenType === Comma && usesQuotedNames;
    if (gap !== wanted && !quotedListSpace) rec.omSpaceAt = base + gapStart;
    previous = token;
  }
  const last = tokens[tokens.length - 1]!;
  const end = last.startOffset + last.image.length;
  if (end < lineText.length) {
    if (rec.omSpaceAt === -1) rec.omSpaceAt = base + end;
    if (rec.kind === LineKind.Sample) rec.trailingSpaceAt = base + end;
  }
}
