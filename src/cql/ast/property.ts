import { nodeCompanion } from './node-companion.js';
import type { OptionValue } from './option-value.js';

/** One `name = value` of a WITH clause; `name` is lower case unless it was double-quoted. */
export interface Property {
  readonly kind: 'Property';
  readonly name: string;
  readonly value: OptionValue;
}

export const Property = nodeCompanion<Property>('Property');
