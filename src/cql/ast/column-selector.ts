import { nodeCompanion } from './node-companion.js';

/** A column named in a SELECT clause. */
export interface ColumnSelector {
  readonly kind: 'ColumnSelector';
  readonly name: string;
}

export const ColumnSelector = nodeCompanion<ColumnSelector>('ColumnSelector');
