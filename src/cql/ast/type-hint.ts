import { nodeCompanion } from './node-companion.js';
import type { Term } from './term.js';
import type { TypeExpression } from './type-expression.js';

/** `(type) term`: a cast of a literal or marker for a receiver that cannot infer it. */
export interface TypeHint {
  readonly kind: 'TypeHint';
  readonly type: TypeExpression;
  readonly value: Term;
}

export const TypeHint = nodeCompanion<TypeHint>('TypeHint');
