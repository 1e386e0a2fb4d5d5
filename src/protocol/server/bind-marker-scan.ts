/**
 * The bind markers of a statement's text, found without parsing it: the NullBackend's stand-in
 * for Cassandra's prepare, so it can answer PREPARE with one variable per marker and no work.
 * Skips string literals ('it''s'), quoted identifiers ("a?b"), $$ bodies $$ and comments.
 * `:name` counts only after a non-identifier character, so `{field:value}` is not a marker.
 * (The real backend prepares with src/cql/prepare; this is only a count and the names.)
 */

/** One name per marker, in order: the `:name`, or null for `?`. */
export function scanBindMarkers(query: string): (string | null)[] {
  const markers: (string | null)[] = [];
  let i = 0;
  while (i < query.length) {
    const c = query[i]!;
    if (c === "'" || c === '"') i = skipQuoted(query, i, c);
    else if (query.startsWith('$$', i)) i = skipPast(query, i + 2, '$$');
    else if (query.startsWith('--', i) || query.startsWith('//', i)) i = skipPast(query, i + 2, '\n');
    else if (query.startsWith('/*', i)) i = skipPast(query, i + 2, '*/');
    else if (c === '?') {
      markers.push(null);
      i++;
    } else if (c === ':' && isIdentifierStart(query[i + 1]) && !isIdentifierPart(query[i - 1])) {
      let end = i + 1;
      while (isIdentifierPart(query[end])) end++;
      markers.push(query.slice(i + 1, end).toLowerCase());
      i = end;
    } else i++;
  }
  return markers;
}

function skipQuoted(query: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < query.length) {
    if (query[i] === quote) {
      if (query[i + 1] !== quote) return i + 1;
      i += 2;
    } else i++;
  }
  return i;
}

function skipPast(query: string, from: number, end: string): number {
  const at = query.indexOf(end, from);
  return at < 0 ? query.length : at + end.length;
}

function isIdentifierStart(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z]/.test(c);
}

function isIdentifierPart(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9_]/.test(c);
}
