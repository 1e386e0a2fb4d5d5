import { nodeCompanion } from './node-companion.js';

/** `PRIMARY KEY ((pk1, pk2), ck1, ck2)`: partition key columns, then clustering columns. */
export interface PrimaryKey {
  readonly kind: 'PrimaryKey';
  readonly partitionKey: readonly string[];
  readonly clustering: readonly string[];
}

export const PrimaryKey = nodeCompanion<PrimaryKey>('PrimaryKey');
