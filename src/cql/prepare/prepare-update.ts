/**
 * UPDATE: `[ttl]`/`[timestamp]`, then each SET operation's markers as Cassandra's
 * Operation.*.prepare names them:
 *
 *   c = ?, c = c + ?, c = ? + c, c = c - ?   c itself (a counter's delta is of type counter)
 *   m = m - ?                                c, a set of m's key type (the keys to remove)
 *   l[?] = ?                                 idx(l) an int, value(l)
 *   m[?] = ?                                 key(m), value(m)
 *   u.f = ?                                  u.f, the field's type
 *
 * then the WHERE clause and IF conditions. Checked as at execution: each operation against its
 * column (checkAssignment), the USING attributes, and the WHERE clause by the executor's
 * analysis (every partition key column, and every clustering column unless only static
 * columns are set). What needs a read (list indexes) is left to execution, as in Cassandra.
 */

import { assert } from '../../lib/assert.js';
import { InvalidRequestError } from '../../lib/errors.js';
import { Assignment } from '../ast/assignment.js';
import type { AssignmentOperation } from '../ast/assignment-operation.js';
import type { Term } from '../ast/term.js';
import { UpdateStatement } from '../ast/update-statement.js';
import type { Schema } from '../catalog/schema.js';
import { keyspaceOf } from '../catalog/catalog.js';
import { checkAssignment } from '../executor/modification/assignment-checks.js';
import { clusteringsOf, partitionKeysOf, refuseFilters } from '../executor/modification/primary-keys.js';
import { analyzeWhere, columnNamed } from '../executor/where/where-clause.js';
import { writeAttributesOf } from '../executor/write-attributes-of.js';
import { tableLayout } from '../rows/table-layout.js';
import type { ColumnMetadata } from '../schema/column-metadata.js';
import { nativeCqlType, setType } from '../types/cql-type.js';
import { columnReceiver, derivedReceiver, type MarkerReceiver } from './marker-receiver.js';
import { prepareConditions } from './prepare-conditions.js';
import type { PreparedModification } from './prepare-insert.js';
import type { PrepareScope } from './prepare-scope.js';
import { prepareCheckedTerm, type TermOwner } from './prepare-term.js';
import { prepareUsing } from './prepare-using.js';
import { prepareWhere } from './prepare-where.js';

const INT = nativeCqlType('int')!;

export function prepareUpdate(statement: UpdateStatement, scope: PrepareScope, schema: Schema): PreparedModification<UpdateStatement> {
  const table = schema.existingTable(keyspaceOf(statement.table, scope.keyspace), statement.table.name);
  const layout = tableLayout(table);
  const owner = { table, scope };
  const using = prepareUsing(statement.using, owner, { keyspace: table.keyspace, table: table.name });
  const columns: ColumnMetadata[] = [];
  const assignments = statement.assignments.map((assignment) => {
    const column = columnNamed(layout, assignment.column);
    // The message of executor/modification/update.ts, which refuses the same at execution.
    if (column.kind === 'partition_key' || column.kind === 'clustering') throw new InvalidRequestError(`PRIMARY KEY part ${column.name} found in SET part`);
    checkAssignment(column, assignment.operation);
    columns.push(column);
    return Assignment.create({ column: assignment.column, operation: prepareOperation(assignment.operation, columnReceiver(table, column), owner) });
  });
  const rewritten = UpdateStatement.create({
    ...statement,
    using,
    assignments,
    where: prepareWhere(statement.where, table, scope),
    conditions: prepareConditions(statement.conditions, table, scope),
  });
  const context = scope.executionContext();
  writeAttributesOf(using, table, context);
  const where = analyzeWhere(layout, rewritten.where, context, { select: false, allowFiltering: false });
  refuseFilters(where, 'UPDATE');
  partitionKeysOf(layout, where);
  const onlyStatic = columns.length > 0 && columns.every((c) => c.kind === 'static');
  if (!onlyStatic) clusteringsOf(layout, where);
  return { table, rewritten };
}

function prepareOperation(operation: AssignmentOperation, self: MarkerReceiver, owner: TermOwner): AssignmentOperation {
  const type = self.type;
  const prepared = (term: Term, receiver: MarkerReceiver): Term => prepareCheckedTerm(term, receiver, owner);
  switch (operation.op) {
    case 'set':
    case 'add':
    case 'prepend':
      return { op: operation.op, value: prepared(operation.value, self) };
    case 'subtract':
      // Maps.Discarder takes the keys to remove: a set of the key type (Operation.Substraction).
      return { op: 'subtract', value: prepared(operation.value, type.kind === 'map' ? derivedReceiver(self, self.name, setType(type.key)) : self) };
    case 'setField': {
      assert(type.kind === 'udt', 'checkAssignment refuses fields of non-UDT columns');
      const field = type.fields.find((f) => f.name === operation.field)!;
      return { op: 'setField', field: operation.field, value: prepared(operation.value, derivedReceiver(self, `${self.name}.${field.name}`, field.type)) };
    }
    case 'setElement': {
      assert(type.kind === 'list' || type.kind === 'map', 'checkAssignment refuses elements of other types');
      const key = type.kind === 'list' ? derivedReceiver(self, `idx(${self.name})`, INT) : derivedReceiver(self, `key(${self.name})`, type.key);
      const value = derivedReceiver(self, `value(${self.name})`, type.kind === 'list' ? type.element : type.value);
      return { op: 'setElement', key: prepared(operation.key, key), value: prepared(operation.value, value) };
    }
  }
}
