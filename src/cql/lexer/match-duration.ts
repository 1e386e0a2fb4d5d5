/**
 * Matchers for duration literals (Lexer.g DURATION), which the lexer weighs against numbers and
 * identifiers by length. Two notations:
 *
 *   compact   (digits unit)+, units case-insensitive: y mo w d h m s ms us µs ns
 *             12h30m, 1y2mo, 3µs. Where units overlap the longer wins: 1mo, 1ms (not 1m).
 *   ISO 8601  upper-case designators only:
 *             P1Y2M3D, P1Y2M3DT4H5M6S, PT4H5M, P2W, and P0001-02-03T04:05:06.
 *
 * A sign is not part of the literal: `-1h` is a minus token then a duration.
 */

import { isDigit, isLetterIgnoringCase, skipDigits } from './char-class.js';
import { NO_MATCH } from './match-numeric.js';

const MICRO_SIGN = 0xb5; // 'µ', the only micro sign Cassandra accepts (not Greek mu, U+03BC)

/** The end of a compact duration unit at `at`, or NO_MATCH. */
function matchCompactUnit(source: string, at: number): number {
  const code = source.charCodeAt(at);
  const next = source.charCodeAt(at + 1);
  if (isLetterIgnoringCase(code, 'm')) {
    return isLetterIgnoringCase(next, 'o') || isLetterIgnoringCase(next, 's') ? at + 2 : at + 1;
  }
  if (isLetterIgnoringCase(code, 'u') || isLetterIgnoringCase(code, 'n') || code === MICRO_SIGN) {
    return isLetterIgnoringCase(next, 's') ? at + 2 : NO_MATCH;
  }
  for (const unit of ['y', 'w', 'd', 'h', 's']) {
    if (isLetterIgnoringCase(code, unit)) return at + 1;
  }
  return NO_MATCH;
}

/** `12h30m`: as many (digits unit) pairs as follow `start`; digits without a unit stay out. */
export function matchCompactDuration(source: string, start: number): number {
  let end = NO_MATCH;
  let at = start;
  for (;;) {
    const digitsEnd = skipDigits(source, at);
    if (digitsEnd === at) return end;
    const unitEnd = matchCompactUnit(source, digitsEnd);
    if (unitEnd === NO_MATCH) return end;
    end = unitEnd;
    at = unitEnd;
  }
}

/**
 * (digits designator) pairs from `start`, designators taken from `order` (upper case) each at
 * most once and in that order: `order` 'YMD' accepts 1Y2D but not 2D1Y.
 */
function matchDesignators(source: string, start: number, order: string): number {
  let end = NO_MATCH;
  let at = start;
  let nextDesignator = 0;
  for (;;) {
    const digitsEnd = skipDigits(source, at);
    if (digitsEnd === at) return end;
    const designator = order.indexOf(source.charAt(digitsEnd), nextDesignator);
    if (source.charAt(digitsEnd) === '' || designator < 0) return end;
    end = digitsEnd + 1;
    at = end;
    nextDesignator = designator + 1;
  }
}

/** `Pyyyy-mm-ddThh:mm:ss`, the ISO 8601 alternative format, digit counts fixed. */
const ALTERNATIVE_FORMAT = 'P####-##-##T##:##:##';

function matchAlternativeFormat(source: string, start: number): number {
  for (let i = 0; i < ALTERNATIVE_FORMAT.length; i++) {
    const expected = ALTERNATIVE_FORMAT.charAt(i);
    const code = source.charCodeAt(start + i);
    if (expected === '#' ? !isDigit(code) : source.charAt(start + i) !== expected) return NO_MATCH;
  }
  return start + ALTERNATIVE_FORMAT.length;
}

/** An ISO 8601 duration starting with the `P` at `start`; the longest of its four forms. */
export function matchIsoDuration(source: string, start: number): number {
  if (source.charAt(start) !== 'P') return NO_MATCH;
  const alternative = matchAlternativeFormat(source, start);
  if (alternative !== NO_MATCH) return alternative;
  if (source.charAt(start + 1) === 'T') return matchDesignators(source, start + 2, 'HMS');
  const week = matchDesignators(source, start + 1, 'W');
  if (week !== NO_MATCH) return week;
  const period = matchDesignators(source, start + 1, 'YMD');
  if (period === NO_MATCH || source.charAt(period) !== 'T') return period;
  const time = matchDesignators(source, period + 1, 'HMS');
  return time === NO_MATCH ? period : time;
}
