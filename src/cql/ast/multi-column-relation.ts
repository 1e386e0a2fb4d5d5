import type { BindMarker } from './bind-marker.js';
import { nodeCompanion } from './node-companion.js';
import type { RelationOperator } from './relation-operator.js';
import type { TupleLiteral } from './tuple-literal.js';

/**
 * `(c1, c2) op (t1, t2)`, `(c1, c2) op ?`, `(c1, c2) IN ((..), (..))`, `(c1, c2) IN (?, ?)`,
 * `(c1, c2) IN ?`. `value` for every operator but IN (null for IN); `inValues` for IN: the list
 * of tuples or markers, or one BindMarker for `IN ?` (null for other operators).
 */
export interface MultiColumnRelation {
  readonly kind: 'MultiColumnRelation';
  readonly columns: readonly string[];
  readonly operator: RelationOperator;
  readonly value: TupleLiteral | BindMarker | null;
  readonly inValues: readonly (TupleLiteral | BindMarker)[] | BindMarker | null;
}

export const MultiColumnRelation = nodeCompanion<MultiColumnRelation>('MultiColumnRelation');
