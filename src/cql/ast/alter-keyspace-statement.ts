import { nodeCompanion } from './node-companion.js';
import type { Property } from './property.js';

/** `ALTER KEYSPACE [IF EXISTS] ks WITH ...`. */
export interface AlterKeyspaceStatement {
  readonly kind: 'AlterKeyspaceStatement';
  readonly keyspace: string;
  readonly ifExists: boolean;
  readonly options: readonly Property[];
}

export const AlterKeyspaceStatement = nodeCompanion<AlterKeyspaceStatement>('AlterKeyspaceStatement');
