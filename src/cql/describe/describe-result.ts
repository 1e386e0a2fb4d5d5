/**
 * The rows result of a DESCRIBE, as Cassandra 4 returns it (DescribeStatement): listings
 * (KEYSPACES, TABLES, TYPES) have columns keyspace_name, type, name; element descriptions add
 * create_statement; CLUSTER has cluster, partitioner, snitch and, in a user keyspace,
 * range_ownership map<text, frozen<list<text>>>. Rows hold driver-style JS values keyed by column.
 */

import { listType, mapType, nativeCqlType, type CqlType } from '../types/cql-type.js';

export interface DescribeColumn {
  readonly name: string;
  readonly type: CqlType;
}

export interface DescribeResult {
  readonly columns: readonly DescribeColumn[];
  readonly rows: readonly Readonly<Record<string, unknown>>[];
}

const text = nativeCqlType('text')!;
const textColumns = (...names: string[]): readonly DescribeColumn[] => Object.freeze(names.map((name) => Object.freeze({ name, type: text })));

export const LISTING_COLUMNS = textColumns('keyspace_name', 'type', 'name');
export const ELEMENT_COLUMNS = textColumns('keyspace_name', 'type', 'name', 'create_statement');
export const CLUSTER_COLUMNS = textColumns('cluster', 'partitioner', 'snitch');
export const RANGE_OWNERSHIP_COLUMN: DescribeColumn = Object.freeze({
  name: 'range_ownership',
  type: mapType(text, listType(text, true), false),
});
