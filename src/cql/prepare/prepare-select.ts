/**
 * SELECT: markers of the WHERE clause (prepare-where.ts), `[per_partition_limit]` and `[limit]`
 * (ints), then the executor's own plan of the rewritten statement (planSelect in
 * executor/select/run-select.ts): every check a SELECT makes before it reads, and the result
 * columns it returns, computed once for both.
 */

import type { SelectStatement } from '../ast/select-statement.js';
import { SelectStatement as SelectStatementNode } from '../ast/select-statement.js';
import type { Schema } from '../catalog/schema.js';
import { keyspaceOf } from '../catalog/catalog.js';
import { planSelect } from '../executor/select/run-select.js';
import { tableLayout } from '../rows/table-layout.js';
import type { TableMetadata } from '../schema/table-metadata.js';
import { nativeCqlType } from '../types/cql-type.js';
import { derivedReceiver } from './marker-receiver.js';
import type { PrepareScope } from './prepare-scope.js';
import { prepareTerm } from './prepare-term.js';
import { prepareWhere } from './prepare-where.js';
import type { MetadataColumn } from './result-metadata-id.js';
import { assert } from '../../lib/assert.js';

const INT = nativeCqlType('int')!;

export interface PreparedSelect {
  readonly table: TableMetadata;
  readonly columns: readonly MetadataColumn[];
}

export function prepareSelect(statement: SelectStatement, scope: PrepareScope, schema: Schema): PreparedSelect {
  const table = schema.existingTable(keyspaceOf(statement.table, scope.keyspace), statement.table.name);
  const owner = { table, scope };
  const limitReceiver = (name: string) => derivedReceiver({ keyspace: table.keyspace, table: table.name }, name, INT);
  const rewritten = SelectStatementNode.create({
    ...statement,
    where: prepareWhere(statement.where, table, scope),
    perPartitionLimit: statement.perPartitionLimit === null ? null : prepareTerm(statement.perPartitionLimit, limitReceiver('[per_partition_limit]'), owner),
    limit: statement.limit === null ? null : prepareTerm(statement.limit, limitReceiver('[limit]'), owner),
  });
  const plan = planSelect(rewritten, table, schema, scope.executionContext());
  const reversed = reversedColumns(statement, table);
  assert(reversed.length === plan.columns.length, 'one result column per selector');
  const columns = plan.columns.map((column, i) => Object.freeze({ keyspace: table.keyspace, table: table.name, name: column.name, type: column.type, reversed: reversed[i]! }));
  return { table, columns };
}

/**
 * Which result columns are a descending clustering column itself: Cassandra's spec for those is
 * the column, whose type is a ReversedType, and that type's name goes into the result metadata
 * id (functions, casts and JSON give plain types).
 */
function reversedColumns(statement: SelectStatement, table: TableMetadata): boolean[] {
  const descending = (name: string): boolean => table.clustering.some((c) => c.name === name && c.order === 'desc');
  if (statement.json) return [false];
  if (statement.selectors === null) return tableLayout(table).allColumns.map((c) => descending(c.name));
  return statement.selectors.map((s) => s.expression.kind === 'ColumnSelector' && descending(s.expression.name));
}
