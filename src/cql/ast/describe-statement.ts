import { nodeCompanion } from './node-companion.js';

/** What a DESCRIBE asks for; `name` is the bare `DESCRIBE [ks.]x` (keyspace, table or type). */
export type DescribeTarget =
  | 'cluster'
  | 'schema'
  | 'full-schema'
  | 'keyspaces'
  | 'keyspace'
  | 'tables'
  | 'table'
  | 'types'
  | 'type'
  | 'name';

/**
 * `DESCRIBE | DESC` CLUSTER, [FULL] SCHEMA, KEYSPACES, KEYSPACE [ks], TABLES, TABLE [ks.]t,
 * TYPES, TYPE [ks.]t, or a bare `[ks.]name` (Cassandra 4 runs these on the server).
 * `keyspace` and `name` as written: `DESCRIBE TABLE ks.t` is keyspace 'ks', name 't';
 * `DESCRIBE KEYSPACE ks` is keyspace 'ks', name null; `DESCRIBE t` is keyspace null, name 't'.
 */
export interface DescribeStatement {
  readonly kind: 'DescribeStatement';
  readonly target: DescribeTarget;
  readonly keyspace: string | null;
  readonly name: string | null;
}

export const DescribeStatement = nodeCompanion<DescribeStatement>('DescribeStatement');
