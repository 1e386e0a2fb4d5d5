import { nodeCompanion } from './node-companion.js';
import type { Term } from './term.js';

/** `USING TTL t AND TIMESTAMP ts` (either, both, or neither: both null when not written). */
export interface UsingClause {
  readonly kind: 'UsingClause';
  readonly ttl: Term | null;
  readonly timestamp: Term | null;
}

export const UsingClause = nodeCompanion<UsingClause>('UsingClause');
