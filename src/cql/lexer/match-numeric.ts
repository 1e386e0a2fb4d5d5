/**
 * Matchers for the literals that start with a digit or a hex letter: UUID, blob, integer and
 * float (Lexer.g UUID, HEXNUMBER, INTEGER, FLOAT). Each looks at `source` from `start` and
 * returns where its literal would end, or NO_MATCH; the lexer keeps the longest match, as ANTLR
 * does. Each reads a bounded run of characters once, so lexing stays linear.
 */

import { isDigit, isHexDigit, isLetterIgnoringCase, skipDigits } from './char-class.js';

export const NO_MATCH = -1;

const UUID_GROUP_LENGTHS: readonly number[] = [8, 4, 4, 4, 12];
export const UUID_LENGTH = 36;

/** 8-4-4-4-12 hex digits. Like Cassandra, hex characters right after it start the next token. */
export function matchUuid(source: string, start: number): number {
  let at = start;
  for (let group = 0; group < UUID_GROUP_LENGTHS.length; group++) {
    if (group > 0) {
      if (source.charCodeAt(at) !== 0x2d) return NO_MATCH; // '-'
      at++;
    }
    const groupEnd = at + (UUID_GROUP_LENGTHS[group] ?? 0);
    for (; at < groupEnd; at++) if (!isHexDigit(source.charCodeAt(at))) return NO_MATCH;
  }
  return at;
}

/** `0x` or `0X` then any number of hex digits (none is an empty blob, as in Cassandra). */
export function matchBlob(source: string, start: number): number {
  const isPrefix =
    source.charCodeAt(start) === 0x30 && isLetterIgnoringCase(source.charCodeAt(start + 1), 'x');
  if (!isPrefix) return NO_MATCH;
  let end = start + 2;
  while (isHexDigit(source.charCodeAt(end))) end++;
  return end;
}

export interface NumberMatch {
  readonly end: number;
  readonly kind: 'integer' | 'float';
}

/**
 * Lexer.g FLOAT: digits, then optionally `.` and digits (none needed: `1.` is a float), then
 * optionally an exponent. A `..` after the digits is the range token (`m[1..3]`), so the integer
 * stops before it; `1...3` reads as `1.` then `..` as in Cassandra. An `e` without exponent
 * digits is not consumed (`1e` is the integer 1, then the identifier e).
 */
export function matchNumber(source: string, start: number): NumberMatch | undefined {
  let end = skipDigits(source, start);
  if (end === start) return undefined;
  let kind: NumberMatch['kind'] = 'integer';
  if (source.charCodeAt(end) === 0x2e) {
    const rangeFollows = source.charCodeAt(end + 1) === 0x2e;
    const rangeAfterDot = rangeFollows && source.charCodeAt(end + 2) === 0x2e;
    if (rangeAfterDot) return { end: end + 1, kind: 'float' };
    if (!rangeFollows) {
      end = skipDigits(source, end + 1);
      kind = 'float';
    }
  }
  if (isLetterIgnoringCase(source.charCodeAt(end), 'e')) {
    let at = end + 1;
    const sign = source.charCodeAt(at);
    if (sign === 0x2b || sign === 0x2d) at++; // '+' or '-'
    if (isDigit(source.charCodeAt(at))) {
      end = skipDigits(source, at);
      kind = 'float';
    }
  }
  return { end, kind };
}
