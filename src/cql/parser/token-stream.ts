/**
 * A cursor over `tokenize`'s tokens for the recursive-descent parser. The list always ends with
 * an `end` token and the cursor never moves past it, so `peek` needs no bounds checks and a
 * parser can never loop without consuming: every failure is a CqlSyntaxError at a token.
 *
 * The stream also numbers bind markers: one stream parses one whole statement (a BATCH with its
 * children included), so `takeBindIndex` hands out 0, 1, 2... in textual order, as Cassandra's
 * parser does with its `bindVariables` list.
 */

import { CqlSyntaxError } from '../cql-syntax-error.js';
import type { Token } from '../lexer/token.js';
import { TOKEN_KIND_LABELS, type TokenKind } from '../lexer/token-kind.js';

export class TokenStream {
  private index = 0;
  private bindMarkerCount = 0;

  constructor(private readonly tokens: readonly Token[]) {
    if (tokens.length === 0 || tokens[tokens.length - 1]?.kind !== 'end') {
      throw new TypeError('a token list ends with an end token');
    }
  }

  /** The token `ahead` places on (0: the current one); the `end` token past the end. */
  peek(ahead = 0): Token {
    const last = this.tokens.length - 1;
    return this.tokens[Math.min(this.index + ahead, last)]!;
  }

  /** The current token, then move on (never past `end`). */
  next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.index++;
    return token;
  }

  /** True when the token `ahead` is the keyword `word` (lower case). */
  isKeyword(word: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'keyword' && token.text === word;
  }

  is(kind: TokenKind, ahead = 0): boolean {
    return this.peek(ahead).kind === kind;
  }

  /** Consume the keyword `word` if it is next. */
  acceptKeyword(word: string): boolean {
    if (!this.isKeyword(word)) return false;
    this.next();
    return true;
  }

  accept(kind: TokenKind): boolean {
    if (!this.is(kind)) return false;
    this.next();
    return true;
  }

  expect(kind: TokenKind): Token {
    if (!this.is(kind)) throw this.mismatched(TOKEN_KIND_LABELS[kind]);
    return this.next();
  }

  expectKeyword(word: string): Token {
    if (!this.isKeyword(word)) throw this.mismatched(word.toUpperCase());
    return this.next();
  }

  /** The index of the next bind marker of the statement (0-based, in textual order). */
  takeBindIndex(): number {
    return this.bindMarkerCount++;
  }

  /** `mismatched input 'x' expecting <expected>` at the current token. */
  mismatched(expected: string): CqlSyntaxError {
    const token = this.peek();
    return new CqlSyntaxError(token, `mismatched input '${quote(token)}' expecting ${expected}`);
  }

  /** `no viable alternative at input 'x'` at the current token (or at `token`). */
  noViableAlternative(token: Token = this.peek()): CqlSyntaxError {
    return new CqlSyntaxError(token, `no viable alternative at input '${quote(token)}'`);
  }
}

/** How ANTLR quotes a token in a message: as written, `<EOF>` for the end. */
export function quote(token: Token): string {
  return token.kind === 'end' ? '<EOF>' : token.raw;
}
