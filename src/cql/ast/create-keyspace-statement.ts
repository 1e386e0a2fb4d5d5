import { nodeCompanion } from './node-companion.js';
import type { Property } from './property.js';

/** `CREATE KEYSPACE [IF NOT EXISTS] ks WITH replication = {...} [AND durable_writes = b]`. */
export interface CreateKeyspaceStatement {
  readonly kind: 'CreateKeyspaceStatement';
  readonly keyspace: string;
  readonly ifNotExists: boolean;
  readonly options: readonly Property[];
}

export const CreateKeyspaceStatement = nodeCompanion<CreateKeyspaceStatement>('CreateKeyspaceStatement');
