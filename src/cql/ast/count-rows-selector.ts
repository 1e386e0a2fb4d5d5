import { nodeCompanion } from './node-companion.js';

/** `count(*)` or `count(1)`: the number of rows. */
export interface CountRowsSelector {
  readonly kind: 'CountRowsSelector';
}

export const CountRowsSelector = nodeCompanion<CountRowsSelector>('CountRowsSelector');
