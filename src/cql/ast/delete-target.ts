import { nodeCompanion } from './node-companion.js';
import type { Term } from './term.js';

/** What a DELETE removes from a row: a column `c`, an element `c[key]` or a UDT field `c.f`. */
export interface DeleteTarget {
  readonly kind: 'DeleteTarget';
  readonly column: string;
  readonly elementKey: Term | null;
  readonly field: string | null;
}

export const DeleteTarget = nodeCompanion<DeleteTarget>('DeleteTarget');
