import { nodeCompanion } from './node-companion.js';
import type { SelectorExpression } from './selector-expression.js';

/** One item of a SELECT clause: `expression [AS alias]`, alias null when not written. */
export interface Selector {
  readonly kind: 'Selector';
  readonly expression: SelectorExpression;
  readonly alias: string | null;
}

export const Selector = nodeCompanion<Selector>('Selector');
