import { nodeCompanion } from './node-companion.js';
import type { SelectorExpression } from './selector-expression.js';

/**
 * A function applied in a SELECT clause: writetime(c), ttl(c), token(a, b), count(c),
 * min/max/sum/avg(c), toJson(c), any other function. `name` is lower case unless it was quoted
 * (writetime, ttl, token and count are written as keywords and come out lower case).
 */
export interface FunctionSelector {
  readonly kind: 'FunctionSelector';
  readonly keyspace: string | null;
  readonly name: string;
  readonly args: readonly SelectorExpression[];
}

export const FunctionSelector = nodeCompanion<FunctionSelector>('FunctionSelector');
