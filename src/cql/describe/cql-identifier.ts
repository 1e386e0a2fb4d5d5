/**
 * Names and string constants as DESCRIBE writes them (Cassandra's ColumnIdentifier.maybeQuote
 * and CqlBuilder.appendWithSingleQuotes), so that the text it prints parses back to the same
 * names and values.
 */

import { isReservedKeyword } from '../lexer/keywords.js';

const UNQUOTED_IDENTIFIER = /^[a-z][a-z0-9_]*$/;

/**
 * Words the lexer reads as literals, never as names. Cassandra's reserved_keywords.txt has NaN
 * and Infinity but not true and false, so its DESCRIBE prints a column called "true" bare, which
 * does not parse back; we quote all four.
 */
const LITERAL_WORDS: ReadonlySet<string> = new Set(['true', 'false', 'nan', 'infinity']);

/** `name` bare when it reads back as itself, else double-quoted with `"` doubled. */
export function quoteIdentifierIfNeeded(name: string): string {
  if (UNQUOTED_IDENTIFIER.test(name) && !isReservedKeyword(name) && !LITERAL_WORDS.has(name)) return name;
  return `"${name.replaceAll('"', '""')}"`;
}

/** `'text'` with `'` doubled. */
export function cqlStringLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * `{'k': 'v', ...}` with keys in Java String order (UTF-16 code units, as the TreeMap of
 * CqlBuilder.append(Map)), every value quoted as a string.
 */
export function cqlStringMap(entries: Iterable<readonly [string, string]>): string {
  const sorted = [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${sorted.map(([key, value]) => `${cqlStringLiteral(key)}: ${cqlStringLiteral(value)}`).join(', ')}}`;
}
