/**
 * Character classes of the CQL grammar, on UTF-16 code units. CQL names, numbers and keywords
 * are ASCII only (Lexer.g's LETTER, DIGIT, HEX); other characters appear only inside strings,
 * quoted identifiers and comments. Past the end of the text `charCodeAt` gives NaN, which every
 * class rejects, so callers need no bounds checks.
 */

export function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

export function isAsciiLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

export function isHexDigit(code: number): boolean {
  return isDigit(code) || (code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66);
}

/** A character that may continue an unquoted identifier (Lexer.g IDENT). */
export function isWordPart(code: number): boolean {
  return isAsciiLetter(code) || isDigit(code) || code === 0x5f;
}

/** Lexer.g WS: space, tab, line feed, carriage return; nothing else separates tokens. */
export function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/** `a`-`z` or `A`-`Z` equal to the lower-case ASCII letter `lower`. */
export function isLetterIgnoringCase(code: number, lower: string): boolean {
  return (code | 0x20) === lower.charCodeAt(0) && isAsciiLetter(code);
}

/** The end of the run of digits starting at `start` (`start` itself when there are none). */
export function skipDigits(source: string, start: number): number {
  let end = start;
  while (isDigit(source.charCodeAt(end))) end++;
  return end;
}
