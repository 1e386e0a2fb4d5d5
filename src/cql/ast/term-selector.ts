import { nodeCompanion } from './node-companion.js';
import type { Term } from './term.js';

/** A constant or bind marker in a SELECT clause (rare: `SELECT k, 1 FROM t`, a function argument). */
export interface TermSelector {
  readonly kind: 'TermSelector';
  readonly term: Term;
}

export const TermSelector = nodeCompanion<TermSelector>('TermSelector');
