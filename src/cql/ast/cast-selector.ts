import { nodeCompanion } from './node-companion.js';
import type { SelectorExpression } from './selector-expression.js';
import type { TypeExpression } from './type-expression.js';

/** `CAST(x AS type)` in a SELECT clause. */
export interface CastSelector {
  readonly kind: 'CastSelector';
  readonly value: SelectorExpression;
  readonly type: TypeExpression;
}

export const CastSelector = nodeCompanion<CastSelector>('CastSelector');
