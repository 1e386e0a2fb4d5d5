import type { ClusteringOrder } from './clustering-order.js';
import type { ColumnDefinition } from './column-definition.js';
import { nodeCompanion } from './node-companion.js';
import type { PrimaryKey } from './primary-key.js';
import type { Property } from './property.js';
import type { QualifiedName } from './qualified-name.js';

/**
 * `CREATE TABLE|COLUMNFAMILY [IF NOT EXISTS] [ks.]t (columns..., [PRIMARY KEY (...)])
 * [WITH CLUSTERING ORDER BY (...) AND name = value ...]`. `primaryKey` is the PRIMARY KEY
 * clause (null without one; a column may instead say PRIMARY KEY inline). `options` holds every
 * WITH property but CLUSTERING ORDER BY, in the order written.
 */
export interface CreateTableStatement {
  readonly kind: 'CreateTableStatement';
  readonly table: QualifiedName;
  readonly ifNotExists: boolean;
  readonly columns: readonly ColumnDefinition[];
  readonly primaryKey: PrimaryKey | null;
  readonly clusteringOrder: readonly ClusteringOrder[];
  readonly options: readonly Property[];
}

export const CreateTableStatement = nodeCompanion<CreateTableStatement>('CreateTableStatement');
