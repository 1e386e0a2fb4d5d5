import type { BindMarker } from './bind-marker.js';
import { nodeCompanion } from './node-companion.js';
import type { RelationOperator } from './relation-operator.js';
import type { Term } from './term.js';

/**
 * `col op term`, `col IN (t1, t2)` / `col IN ?`, `m['k'] = v`. `value` is the right side for every
 * operator but IN (null for IN); `inValues` is IN's list, or a single BindMarker for `IN ?`
 * (null for the other operators); `mapKey` is the element key of `m[key] op v` (null otherwise).
 */
export interface SingleColumnRelation {
  readonly kind: 'SingleColumnRelation';
  readonly column: string;
  readonly operator: RelationOperator;
  readonly value: Term | null;
  readonly inValues: readonly Term[] | BindMarker | null;
  readonly mapKey: Term | null;
}

export const SingleColumnRelation = nodeCompanion<SingleColumnRelation>('SingleColumnRelation');
