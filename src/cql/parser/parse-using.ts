/**
 * `USING TTL t AND TIMESTAMP ts` (Cassandra's `usingClause`; each an integer or a marker, in
 * either order; written twice, the last one counts, as in Cassandra) and DELETE's
 * `USING TIMESTAMP ts` (`usingClauseDelete`). No USING gives both null.
 */

import { UsingClause } from '../ast/using-clause.js';
import type { Term } from '../ast/term.js';
import { parseIntValue } from './parse-literal.js';
import type { TokenStream } from './token-stream.js';

const NO_USING = UsingClause.create({ ttl: null, timestamp: null });

/** Which USING clause a statement takes. */
export type UsingKind = 'ttl-and-timestamp' | 'timestamp-only';

export function parseUsingClause(stream: TokenStream, kind: UsingKind): UsingClause {
  if (!stream.acceptKeyword('using')) return NO_USING;
  if (kind === 'timestamp-only') {
    stream.expectKeyword('timestamp');
    return UsingClause.create({ ttl: null, timestamp: parseIntValue(stream) });
  }
  let ttl: Term | null = null;
  let timestamp: Term | null = null;
  do {
    if (stream.acceptKeyword('ttl')) ttl = parseIntValue(stream);
    else if (stream.acceptKeyword('timestamp')) timestamp = parseIntValue(stream);
    else throw stream.mismatched('TTL or TIMESTAMP');
  } while (stream.acceptKeyword('and'));
  return UsingClause.create({ ttl, timestamp });
}
