import { nodeCompanion } from './node-companion.js';
import type { Term } from './term.js';

/** `[a, b, ...]`. */
export interface ListLiteral {
  readonly kind: 'ListLiteral';
  readonly elements: readonly Term[];
}

export const ListLiteral = nodeCompanion<ListLiteral>('ListLiteral');
