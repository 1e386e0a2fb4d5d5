/**
 * Storage table ids (node-local numbers) to the keyspace and table names metrics are labelled
 * with, from the node's current schema. An id the schema no longer names (a table just
 * dropped) has no entry, and its samples are left out.
 */

import type { Schema } from '../../cql/catalog/schema.js';

export interface TableName {
  readonly keyspace: string;
  readonly table: string;
}

export function tableNamesOf(schema: Schema): ReadonlyMap<number, TableName> {
  return new Map(schema.tables().map((t) => [t.id, { keyspace: t.keyspace, table: t.name }]));
}
