import { nodeCompanion } from './node-companion.js';

/** `DROP KEYSPACE [IF EXISTS] ks`. */
export interface DropKeyspaceStatement {
  readonly kind: 'DropKeyspaceStatement';
  readonly keyspace: string;
  readonly ifExists: boolean;
}

export const DropKeyspaceStatement = nodeCompanion<DropKeyspaceStatement>('DropKeyspaceStatement');
