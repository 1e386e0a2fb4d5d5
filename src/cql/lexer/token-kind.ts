/**
 * Every kind of token the CQL lexer produces: a closed union, so that the parser's switches are
 * exhaustive. Names follow Cassandra's Lexer.g where it has one (IDENT, QUOTED_NAME,
 * STRING_LITERAL, INTEGER, FLOAT, BOOLEAN, UUID, HEXNUMBER, DURATION, QMARK, RANGE).
 *
 * What `Token.text` holds for each kind is documented beside it; the parser reads `text`, and
 * `raw` only to quote the statement back in an error.
 */

export type TokenKind =
  /** Unquoted name: ASCII letter, then letters, digits, `_`. `text` is lower-cased. */
  | 'identifier'
  /** `"Name"`; `""` inside stands for `"`. `text` is the name, case kept, never empty. */
  | 'quotedIdentifier'
  /** A word of keywords.ts, in any case. `text` is the lower-cased word as written, so aliases
   * stay apart: `schema` (for `keyspace`), `columnfamily` (for `table`), `columnfamilies`. */
  | 'keyword'
  /** `'it''s'` or `$$it's$$`. `text` is the value, quotes and escapes removed. */
  | 'string'
  /** Digits, unsigned (a leading `-` is a `minus` token). `text` is the digits as written. */
  | 'integer'
  /** `1.5`, `1.`, `2e10`, `1.5E-3` (`text` as written), or the words NaN and Infinity in any
   * case (`text` is `NaN` / `Infinity`). Unsigned, like `integer`. */
  | 'float'
  /** The words true and false in any case; `text` is `true` / `false`. Not keywords: like
   * Cassandra's BOOLEAN token they can never be identifiers. */
  | 'boolean'
  /** Unquoted 8-4-4-4-12 hex digits. `text` is lower-cased. */
  | 'uuid'
  /** `0x` then hex digits (possibly none, possibly an odd count: the type layer checks). `text`
   * is the hex digits alone, lower-cased, without `0x`. */
  | 'blob'
  /** `1h30m`, `12mo3d`, `3µs`, `P1Y2M`, `PT1H`, `P2W`, `P0001-02-03T04:05:06`. Unsigned.
   * `text` is as written (compact units are case-insensitive, ISO designators upper case). */
  | 'duration'
  | 'leftParen'
  | 'rightParen'
  | 'leftBracket'
  | 'rightBracket'
  | 'leftBrace'
  | 'rightBrace'
  | 'comma'
  | 'semicolon'
  | 'dot'
  /** `..`, the slice of a collection sub-selection (`m[1..3]`). */
  | 'range'
  /** `:`. A named bind marker `:name` is a colon then a name, composed by the parser. */
  | 'colon'
  | 'equals'
  | 'notEquals'
  | 'lessThan'
  | 'lessThanOrEqual'
  | 'greaterThan'
  | 'greaterThanOrEqual'
  | 'plus'
  | 'minus'
  | 'star'
  | 'slash'
  | 'percent'
  | 'plusEquals'
  | 'minusEquals'
  /** `?`, a positional bind marker. */
  | 'questionMark'
  /** The end of the statement text; always the last token, with empty `text` and `raw`. */
  | 'end';

/**
 * How a parser error names an expected kind. A Record, so a new kind without a label fails to
 * compile (kysely's visitor pattern).
 */
export const TOKEN_KIND_LABELS: Readonly<Record<TokenKind, string>> = {
  identifier: 'identifier',
  quotedIdentifier: 'quoted identifier',
  keyword: 'keyword',
  string: 'string literal',
  integer: 'integer',
  float: 'float',
  boolean: 'boolean',
  uuid: 'uuid',
  blob: 'blob',
  duration: 'duration',
  leftParen: "'('",
  rightParen: "')'",
  leftBracket: "'['",
  rightBracket: "']'",
  leftBrace: "'{'",
  rightBrace: "'}'",
  comma: "','",
  semicolon: "';'",
  dot: "'.'",
  range: "'..'",
  colon: "':'",
  equals: "'='",
  notEquals: "'!='",
  lessThan: "'<'",
  lessThanOrEqual: "'<='",
  greaterThan: "'>'",
  greaterThanOrEqual: "'>='",
  plus: "'+'",
  minus: "'-'",
  star: "'*'",
  slash: "'/'",
  percent: "'%'",
  plusEquals: "'+='",
  minusEquals: "'-='",
  questionMark: "'?'",
  end: '<EOF>',
};
