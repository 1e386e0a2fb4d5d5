/**
 * The CQL 3 lexer: statement text to tokens, as Cassandra's Lexer.g does it, by hand.
 *
 * One pass, left to right. Between tokens it skips whitespace (space, tab, CR, LF only), line
 * comments (`--` or `//` to the end of the line, or of the text) and block comments (`/* *\/`,
 * not nested). At each token it looks at the first character: quotes and `$$` open strings and
 * quoted identifiers, punctuation is read greedily (`<=` before `<`), and a letter or digit may
 * start several literals at once (`deadbeef` a name, `deadbeef-...` a UUID, `P1D` a duration,
 * `12` an integer, `12h` a duration, `0x12` a blob); the longest match wins, and on equal
 * length the literal wins over the name, as ANTLR's rule order makes it in Cassandra.
 *
 * Every character is looked at a bounded number of times (no regular expressions, no
 * backtracking past a token), so time is linear in the text. The only error thrown is
 * CqlSyntaxError, always at the first character of the offending token.
 */

import { CqlSyntaxError, type SourcePosition } from '../cql-syntax-error.js';
import { isAsciiLetter, isDigit, isHexDigit, isWhitespace, isWordPart } from './char-class.js';
import { lookupKeyword } from './keywords.js';
import { matchCompactDuration, matchIsoDuration } from './match-duration.js';
import { matchBlob, matchNumber, matchUuid, NO_MATCH } from './match-numeric.js';
import type { Token } from './token.js';
import type { TokenKind } from './token-kind.js';

const LF = 0x0a;
const CR = 0x0d;

/** Words that are literals, not names nor keywords (Lexer.g BOOLEAN, K_POSITIVE_NAN, ...). */
const LITERAL_WORDS: ReadonlyMap<string, { readonly kind: TokenKind; readonly text: string }> =
  new Map([
    ['true', { kind: 'boolean', text: 'true' }],
    ['false', { kind: 'boolean', text: 'false' }],
    ['nan', { kind: 'float', text: 'NaN' }],
    ['infinity', { kind: 'float', text: 'Infinity' }],
  ]);

/** Lexes `source` whole: every token, then one `end` token. */
export function tokenize(source: string): Token[] {
  const lexer = new Lexer(source);
  const tokens: Token[] = [];
  for (;;) {
    const token = lexer.next();
    tokens.push(token);
    if (token.kind === 'end') return tokens;
  }
}

/** A cursor over one statement's text; `next()` returns `end` forever once the text is done. */
export class Lexer {
  private offset = 0;
  private line = 1;
  private lineStart = 0;

  constructor(readonly source: string) {}

  next(): Token {
    this.skipTrivia();
    const start = this.offset;
    const source = this.source;
    if (start >= source.length) return this.emit('end', start, '');
    const code = source.charCodeAt(start);
    const next = source.charCodeAt(start + 1);
    switch (code) {
      case 0x27: // '
        return this.quoted(start, 'string', 'unterminated string literal');
      case 0x22: // "
        return this.quoted(start, 'quotedIdentifier', 'unterminated quoted identifier');
      case 0x24: // $
        if (next === 0x24) return this.dollarString(start);
        return this.failUnexpected();
      case 0x28:
        return this.punctuation('leftParen', 1);
      case 0x29:
        return this.punctuation('rightParen', 1);
      case 0x5b:
        return this.punctuation('leftBracket', 1);
      case 0x5d:
        return this.punctuation('rightBracket', 1);
      case 0x7b:
        return this.punctuation('leftBrace', 1);
      case 0x7d:
        return this.punctuation('rightBrace', 1);
      case 0x2c:
        return this.punctuation('comma', 1);
      case 0x3b:
        return this.punctuation('semicolon', 1);
      case 0x3a:
        return this.punctuation('colon', 1);
      case 0x3d:
        return this.punctuation('equals', 1);
      case 0x2a:
        return this.punctuation('star', 1);
      case 0x2f: // '/': comments were skipped above
        return this.punctuation('slash', 1);
      case 0x25:
        return this.punctuation('percent', 1);
      case 0x3f:
        return this.punctuation('questionMark', 1);
      case 0x2e: // .
        return next === 0x2e ? this.punctuation('range', 2) : this.punctuation('dot', 1);
      case 0x21: // !
        if (next === 0x3d) return this.punctuation('notEquals', 2);
        return this.failUnexpected();
      case 0x3c: // <
        return next === 0x3d
          ? this.punctuation('lessThanOrEqual', 2)
          : this.punctuation('lessThan', 1);
      case 0x3e: // >
        return next === 0x3d
          ? this.punctuation('greaterThanOrEqual', 2)
          : this.punctuation('greaterThan', 1);
      case 0x2b: // +
        return next === 0x3d ? this.punctuation('plusEquals', 2) : this.punctuation('plus', 1);
      case 0x2d: // '-': comments were skipped above
        return next === 0x3d ? this.punctuation('minusEquals', 2) : this.punctuation('minus', 1);
      default:
        if (isDigit(code)) return this.numeric(start);
        if (isAsciiLetter(code)) return this.word(start);
        return this.failUnexpected();
    }
  }

  private skipTrivia(): void {
    const source = this.source;
    for (;;) {
      const at = this.offset;
      const code = source.charCodeAt(at);
      const next = source.charCodeAt(at + 1);
      if (isWhitespace(code)) {
        this.advanceTo(at + 1);
      } else if ((code === 0x2d && next === 0x2d) || (code === 0x2f && next === 0x2f)) {
        let end = at + 2;
        for (; end < source.length; end++) {
          const lineCode = source.charCodeAt(end);
          if (lineCode === LF || lineCode === CR) break;
        }
        this.advanceTo(end);
      } else if (code === 0x2f && next === 0x2a) {
        const close = source.indexOf('*/', at + 2);
        if (close < 0) this.fail('unterminated block comment');
        this.advanceTo(close + 2);
      } else {
        return;
      }
    }
  }

  /** `'...'` or `"..."`, the quote doubled inside to stand for itself. */
  private quoted(start: number, kind: 'string' | 'quotedIdentifier', unterminated: string): Token {
    const source = this.source;
    const quote = source.charAt(start);
    let text = '';
    let from = start + 1;
    for (;;) {
      const close = source.indexOf(quote, from);
      if (close < 0) this.fail(unterminated);
      if (source.charAt(close + 1) === quote) {
        text += source.slice(from, close + 1);
        from = close + 2;
        continue;
      }
      text += source.slice(from, close);
      if (kind === 'quotedIdentifier' && text === '') this.fail('empty quoted identifier');
      return this.emit(kind, close + 1, text);
    }
  }

  /** `$$...$$`: everything up to the first `$$`, no escapes (Cassandra's pg-style string). */
  private dollarString(start: number): Token {
    const close = this.source.indexOf('$$', start + 2);
    if (close < 0) this.fail('unterminated $$ string literal');
    return this.emit('string', close + 2, this.source.slice(start + 2, close));
  }

  private numeric(start: number): Token {
    const source = this.source;
    const uuid = matchUuid(source, start);
    if (uuid !== NO_MATCH) return this.emit('uuid', uuid, source.slice(start, uuid).toLowerCase());
    const blob = matchBlob(source, start);
    if (blob !== NO_MATCH) {
      return this.emit('blob', blob, source.slice(start + 2, blob).toLowerCase());
    }
    const number = matchNumber(source, start);
    const numberEnd = number?.end ?? NO_MATCH;
    const duration = matchCompactDuration(source, start);
    if (duration > numberEnd) return this.emit('duration', duration, source.slice(start, duration));
    if (number === undefined) return this.failUnexpected(); // unreachable: start is a digit
    return this.emit(number.kind, number.end, source.slice(start, number.end));
  }

  private word(start: number): Token {
    const source = this.source;
    let end = start + 1;
    while (isWordPart(source.charCodeAt(end))) end++;
    if (isHexDigit(source.charCodeAt(start))) {
      const uuid = matchUuid(source, start);
      if (uuid > end) return this.emit('uuid', uuid, source.slice(start, uuid).toLowerCase());
    }
    const duration = matchIsoDuration(source, start);
    if (duration >= end) return this.emit('duration', duration, source.slice(start, duration));
    const lower = source.slice(start, end).toLowerCase();
    const literal = LITERAL_WORDS.get(lower);
    if (literal !== undefined) return this.emit(literal.kind, end, literal.text);
    const kind = lookupKeyword(lower) === undefined ? 'identifier' : 'keyword';
    return this.emit(kind, end, lower);
  }

  private punctuation(kind: TokenKind, length: 1 | 2): Token {
    const end = this.offset + length;
    return this.emit(kind, end, this.source.slice(this.offset, end));
  }

  /** The token from the current offset to `end`, positioned at its start; moves past it. */
  private emit(kind: TokenKind, end: number, text: string): Token {
    const raw = this.source.slice(this.offset, end);
    const token: Token = { kind, text, raw, ...this.position() };
    this.advanceTo(end);
    return token;
  }

  private position(): SourcePosition {
    return { offset: this.offset, line: this.line, column: this.offset - this.lineStart + 1 };
  }

  /** Moves to `end`, counting line breaks: `\n`, `\r\n` (once) and a lone `\r`. */
  private advanceTo(end: number): void {
    const source = this.source;
    for (let at = this.offset; at < end; at++) {
      const code = source.charCodeAt(at);
      if (code === LF || (code === CR && source.charCodeAt(at + 1) !== LF)) {
        this.line++;
        this.lineStart = at + 1;
      }
    }
    this.offset = end;
  }

  private fail(detail: string): never {
    throw new CqlSyntaxError(this.position(), detail);
  }

  private failUnexpected(): never {
    const character = describeCharacter(this.source, this.offset);
    return this.fail(`no viable alternative at character ${character}`);
  }
}

/** `'$'` for printable ASCII; `'€' (U+20AC)` for other visible characters; `U+0000` otherwise. */
function describeCharacter(source: string, offset: number): string {
  const codePoint = source.codePointAt(offset) ?? 0;
  const hex = `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
  const character = String.fromCodePoint(codePoint);
  if (codePoint > 0x20 && codePoint < 0x7f) return `'${character}'`;
  const isSurrogate = codePoint >= 0xd800 && codePoint <= 0xdfff;
  const isVisible = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(character);
  if (!isSurrogate && isVisible) return `'${character}' (${hex})`;
  return hex;
}
