/**
 * The one error a malformed CQL statement produces, from the lexer or the parser: Cassandra's
 * SyntaxException (error code 0x2000), worded as its ANTLR listener words it,
 * `line L:C <detail>`, so that drivers and cqlsh users see what they are used to.
 *
 * One difference from Cassandra: ANTLR prints a 0-based column; ours is 1-based, in the message
 * and in `column` alike, so the number a user reads is the number an editor shows. Columns count
 * UTF-16 code units (as Java strings and ANTLR do); `offset` indexes the JavaScript string.
 */

import { CqlErrorCode, SibylError } from '../lib/errors.js';

/** Where something lies in a statement's text. */
export interface SourcePosition {
  /** UTF-16 index into the statement text. */
  readonly offset: number;
  /** 1-based line; lines end at `\n`, `\r\n` or a lone `\r`. */
  readonly line: number;
  /** 1-based column, in UTF-16 code units from the start of the line. */
  readonly column: number;
}

export class CqlSyntaxError extends SibylError implements SourcePosition {
  override readonly name = 'CqlSyntaxError';
  readonly code = CqlErrorCode.syntaxError;
  readonly offset: number;
  readonly line: number;
  readonly column: number;

  constructor(
    position: SourcePosition,
    /** What went wrong, without the position: `no viable alternative at character '$'`. */
    readonly detail: string,
  ) {
    super(`line ${position.line}:${position.column} ${detail}`);
    this.offset = position.offset;
    this.line = position.line;
    this.column = position.column;
  }
}
