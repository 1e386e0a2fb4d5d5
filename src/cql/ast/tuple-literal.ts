import { nodeCompanion } from './node-companion.js';
import type { Term } from './term.js';

/**
 * `(a, b, ...)`: at least two elements as a value; inside IN lists and multi-column relations a
 * parenthesized list of any length (`(c1) = (1)`).
 */
export interface TupleLiteral {
  readonly kind: 'TupleLiteral';
  readonly elements: readonly Term[];
}

export const TupleLiteral = nodeCompanion<TupleLiteral>('TupleLiteral');
