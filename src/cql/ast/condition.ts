import type { BindMarker } from './bind-marker.js';
import { nodeCompanion } from './node-companion.js';
import type { RelationOperator } from './relation-operator.js';
import type { Term } from './term.js';

/**
 * One `IF` condition of a lightweight transaction (`IF c = x AND m['k'] > 1 AND c IN (..)`).
 * Parsed so that the executor can refuse LWTs clearly. `value`, `inValues` as in
 * SingleColumnRelation; `elementKey` is the `[key]` of `c[key] op v` (null otherwise).
 */
export interface Condition {
  readonly kind: 'Condition';
  readonly column: string;
  readonly operator: RelationOperator;
  readonly value: Term | null;
  readonly inValues: readonly Term[] | BindMarker | null;
  readonly elementKey: Term | null;
}

export const Condition = nodeCompanion<Condition>('Condition');
