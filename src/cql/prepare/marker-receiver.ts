/**
 * Where a bind marker's value goes (Cassandra's ColumnSpecification handed to Term.Raw.prepare):
 * a column itself, or something named after one ("value(l)", "in(k)", "[limit]"). Only a column
 * itself carries `target`, as only a ColumnMetadata spec counts for protocol v4's partition key
 * indexes (VariableSpecifications.add).
 */

import type { ColumnMetadata } from '../schema/column-metadata.js';
import type { TableMetadata } from '../schema/table-metadata.js';
import type { CqlType } from '../types/cql-type.js';

export interface MarkerReceiver {
  readonly keyspace: string;
  readonly table: string;
  readonly name: string;
  readonly type: CqlType;
  readonly target: ColumnMetadata | null;
}

export function columnReceiver(table: TableMetadata, column: ColumnMetadata): MarkerReceiver {
  return { keyspace: table.keyspace, table: table.name, name: column.name, type: column.type, target: column };
}

/** A receiver of the same table under another name and type (never a target). */
export function derivedReceiver(of: { readonly keyspace: string; readonly table: string }, name: string, type: CqlType): MarkerReceiver {
  return { keyspace: of.keyspace, table: of.table, name, type, target: null };
}
