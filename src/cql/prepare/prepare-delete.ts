/**
 * DELETE: each element deleted binds as Cassandra's Operation.ElementDeletion names it (idx(l)
 * an int, value(s), key(m)), then `[timestamp]`, the WHERE clause and IF conditions. Refused as
 * Cassandra refuses when preparing: primary key columns, elements of non-collections and
 * frozen collections, fields of non-UDTs, frozen UDTs and missing fields; the WHERE clause by the
 * executor's analysis (every partition key column; clustering prefixes and slices are range
 * deletions). Whether a range deletion names single columns is left to execution.
 */

import { InvalidRequestError } from '../../lib/errors.js';
import { DeleteStatement } from '../ast/delete-statement.js';
import { DeleteTarget } from '../ast/delete-target.js';
import type { Schema } from '../catalog/schema.js';
import { keyspaceOf } from '../catalog/catalog.js';
import { partitionKeysOf, refuseFilters } from '../executor/modification/primary-keys.js';
import { analyzeWhere, columnNamed } from '../executor/where/where-clause.js';
import { writeAttributesOf } from '../executor/write-attributes-of.js';
import { tableLayout } from '../rows/table-layout.js';
import type { ColumnMetadata } from '../schema/column-metadata.js';
import { nativeCqlType } from '../types/cql-type.js';
import { columnReceiver, derivedReceiver, type MarkerReceiver } from './marker-receiver.js';
import { prepareConditions } from './prepare-conditions.js';
import type { PreparedModification } from './prepare-insert.js';
import type { PrepareScope } from './prepare-scope.js';
import { prepareCheckedTerm } from './prepare-term.js';
import { prepareUsing } from './prepare-using.js';
import { prepareWhere } from './prepare-where.js';

const INT = nativeCqlType('int')!;

export function prepareDelete(statement: DeleteStatement, scope: PrepareScope, schema: Schema): PreparedModification<DeleteStatement> {
  const table = schema.existingTable(keyspaceOf(statement.table, scope.keyspace), statement.table.name);
  const layout = tableLayout(table);
  const owner = { table, scope };
  const targets = statement.targets.map((target) => {
    const column = columnNamed(layout, target.column);
    // The messages of executor/modification/delete.ts, which refuses the same at execution.
    if (column.kind === 'partition_key' || column.kind === 'clustering') throw new InvalidRequestError(`Invalid identifier ${column.name} for deletion (should not be a PRIMARY KEY part)`);
    if (target.field !== null) checkFieldDeletion(column, target.field);
    if (target.elementKey === null) return target;
    const receiver = elementReceiver(columnReceiver(table, column), column);
    const elementKey = prepareCheckedTerm(target.elementKey, receiver, owner);
    return DeleteTarget.create({ column: target.column, elementKey, field: target.field });
  });
  const using = prepareUsing(statement.using, owner, { keyspace: table.keyspace, table: table.name });
  const rewritten = DeleteStatement.create({
    ...statement,
    targets,
    using,
    where: prepareWhere(statement.where, table, scope),
    conditions: prepareConditions(statement.conditions, table, scope),
  });
  const context = scope.executionContext();
  writeAttributesOf(using, table, context);
  const where = analyzeWhere(layout, rewritten.where, context, { select: false, allowFiltering: false });
  refuseFilters(where, 'DELETE');
  partitionKeysOf(layout, where);
  return { table, rewritten };
}

/** Operation.ElementDeletion.prepare: a list index, a set element or a map key. */
function elementReceiver(self: MarkerReceiver, column: ColumnMetadata): MarkerReceiver {
  const type = column.type;
  if (type.kind !== 'list' && type.kind !== 'set' && type.kind !== 'map') throw new InvalidRequestError(`Invalid deletion operation for non collection column ${column.name}`);
  if (type.frozen) throw new InvalidRequestError(`Invalid deletion operation for frozen collection column ${column.name}`);
  if (type.kind === 'list') return derivedReceiver(self, `idx(${column.name})`, INT);
  if (type.kind === 'set') return derivedReceiver(self, `value(${column.name})`, type.element);
  return derivedReceiver(self, `key(${column.name})`, type.key);
}

/** Operation.FieldDeletion.prepare. */
function checkFieldDeletion(column: ColumnMetadata, field: string): void {
  const type = column.type;
  if (type.kind !== 'udt') throw new InvalidRequestError(`Invalid field deletion operation for non-UDT column ${column.name}`);
  if (type.frozen) throw new InvalidRequestError(`Frozen UDT column ${column.name} does not support field deletions`);
  if (!type.fields.some((f) => f.name === field)) throw new InvalidRequestError(`UDT column ${column.name} does not have a field named ${field}`);
}
