/**
 * UPDATE: the assignments applied to every row the WHERE clause names (no liveness: a row
 * only UPDATEd disappears when its columns are all null, as in Cassandra). Most assignments are
 * blind writes; list updates by index or by value and counter increments read the row first,
 * under the partition's lock (keyed-lock.ts).
 */

import { InvalidRequestError } from '../../../lib/errors.js';
import type { WriteMutation } from '../../../storage/storage-engine.js';
import type { Cell } from '../../../storage/model/cell.js';
import type { UpdateStatement } from '../../ast/update-statement.js';
import type { Assignment } from '../../ast/assignment.js';
import { addElements, putMapEntry, removeElements, setField, writeColumn } from '../../rows/column-writes.js';
import { PartitionWrite, type RowWrite } from '../../rows/partition-write.js';
import { tableLayout } from '../../rows/table-layout.js';
import type { ColumnMetadata } from '../../schema/column-metadata.js';
import type { TableMetadata } from '../../schema/table-metadata.js';
import { nativeCqlType, listType, setType } from '../../types/cql-type.js';
import { serializeValue } from '../../types/value-codec.js';
import type { ExecutionContext } from '../execution-context.js';
import { isUnset, requiredValue, termValue } from '../terms.js';
import { writeAttributesOf } from '../write-attributes-of.js';
import { analyzeWhere, columnNamed } from '../where/where-clause.js';
import { clusteringsOf, partitionKeysOf, refuseFilters } from './primary-keys.js';
import { checkAssignment } from './assignment-checks.js';
import { counterDelta, writeCounter } from './counter-update.js';
import { counterCellName, type RowReader } from './row-reader.js';

export async function updateMutations(statement: UpdateStatement, table: TableMetadata, context: ExecutionContext, reader: RowReader): Promise<WriteMutation[]> {
  const layout = tableLayout(table);
  if (statement.ifExists || statement.conditions.length > 0) throw new InvalidRequestError('Conditional updates (IF) are not supported by Sibyl yet');
  const where = analyzeWhere(layout, statement.where, context, { select: false, allowFiltering: false });
  refuseFilters(where, 'UPDATE');
  const attributes = writeAttributesOf(statement.using, table, context);
  const assignments = statement.assignments.map((assignment) => {
    const column = columnNamed(layout, assignment.column);
    if (column.kind === 'partition_key' || column.kind === 'clustering') throw new InvalidRequestError(`PRIMARY KEY part ${column.name} found in SET part`);
    checkAssignment(column, assignment.operation);
    return { assignment, column };
  });
  const planned = groupCounterIncrements(assignments);
  const onlyStatic = assignments.length > 0 && assignments.every(({ column }) => column.kind === 'static');
  const keys = partitionKeysOf(layout, where);
  // Cassandra refuses clustering restrictions on a write of static columns only: they suggest
  // the writer believes a static value belongs to one row.
  if (onlyStatic && where.hasClusteringRestrictions) throw new InvalidRequestError('Invalid restrictions on clustering columns since the UPDATE statement modifies only static columns');
  const clusterings = onlyStatic ? [] : clusteringsOf(layout, where);
  const mutations: WriteMutation[] = [];
  for (const key of keys) {
    const write = new PartitionWrite(layout, key, attributes);
    const targets: Array<{ row: RowWrite; clustering: Uint8Array | null }> = onlyStatic
      ? [{ row: write.static(), clustering: null }]
      : clusterings.map((clustering) => ({ row: write.row(clustering), clustering }));
    for (const target of targets) {
      for (const { assignments: group, column } of planned) {
        const row = column.kind === 'static' ? write.static() : target.row;
        const clustering = column.kind === 'static' ? null : target.clustering;
        const cell = { name: counterCellName(table, key, clustering, column), reader, stored: (): Promise<Cell[]> => reader.cells(table, key, clustering, column) };
        if (column.type.kind === 'counter') await applyCounterIncrements(row, column, group, context, cell);
        else for (const assignment of group) await applyAssignment(row, column, assignment, context, attributes.timestamp, cell, table);
      }
    }
    mutations.push(write.build());
  }
  return mutations;
}

/**
 * The SET items by column, in the order written, except that every increment of one counter is
 * one group: `c = c + 5, c = c - 2` adds 3 as one written shard, as Cassandra merges the two
 * updates; two cells of one name in a row would keep only one of them.
 */
function groupCounterIncrements(items: ReadonlyArray<{ readonly assignment: Assignment; readonly column: ColumnMetadata }>): Array<{ assignments: Assignment[]; readonly column: ColumnMetadata }> {
  const groups: Array<{ assignments: Assignment[]; readonly column: ColumnMetadata }> = [];
  const counters = new Map<string, Assignment[]>();
  for (const { assignment, column } of items) {
    const group = column.type.kind === 'counter' ? counters.get(column.name) : undefined;
    if (group !== undefined) {
      group.push(assignment);
      continue;
    }
    const created = { assignments: [assignment], column };
    if (column.type.kind === 'counter') counters.set(column.name, created.assignments);
    groups.push(created);
  }
  return groups;
}

async function applyCounterIncrements(
  row: RowWrite,
  column: ColumnMetadata,
  increments: readonly Assignment[],
  context: ExecutionContext,
  cell: { readonly name: string; readonly reader: RowReader; stored(): Promise<Cell[]> },
): Promise<void> {
  let total: bigint | null = null;
  for (const { operation } of increments) {
    if (operation.op !== 'add' && operation.op !== 'subtract') {
      throw new InvalidRequestError(`Cannot set the value of counter column ${column.name} (counters can only be incremented/decremented, not set)`);
    }
    const delta = counterDelta(termValue(operation.value, { name: column.name, type: nativeCqlType('bigint')! }, context), operation.op === 'subtract');
    if (delta !== null) total = (total ?? 0n) + delta;
  }
  if (total !== null) await writeCounter(row, column, total, context, cell);
}

async function applyAssignment(
  row: RowWrite,
  column: ColumnMetadata,
  assignment: Assignment,
  context: ExecutionContext,
  nowMicros: bigint,
  cell: { readonly name: string; readonly reader: RowReader; stored(): Promise<Cell[]> },
  table: TableMetadata,
): Promise<void> {
  const stored = cell.stored;
  const type = column.type;
  const operation = assignment.operation;
  if (table.isCounter) throw new InvalidRequestError(`Cannot mix counter and non counter columns in the same table`);
  switch (operation.op) {
    case 'set': {
      const value = termValue(operation.value, column, context);
      if (!isUnset(value)) writeColumn(row, column, value, nowMicros);
      return;
    }
    case 'setField': {
      if (type.kind !== 'udt') throw new InvalidRequestError(`Invalid operation (${column.name}.${operation.field} = ?) for non-UDT column ${column.name}`);
      const field = type.fields.find((f) => f.name === operation.field);
      if (field === undefined) throw new InvalidRequestError(`UDT column ${column.name} does not have a field named ${operation.field}`);
      const value = termValue(operation.value, { name: `${column.name}.${field.name}`, type: field.type }, context);
      if (!isUnset(value)) setField(row, column, operation.field, value);
      return;
    }
    case 'setElement': {
      if (type.kind === 'map' && !type.frozen) {
        const key = requiredValue(operation.key, { name: `key(${column.name})`, type: type.key }, context);
        const value = termValue(operation.value, { name: `value(${column.name})`, type: type.value }, context);
        if (!isUnset(value)) putMapEntry(row, column, key, value);
        return;
      }
      if (type.kind === 'list' && !type.frozen) {
        const index = Number(requiredValue(operation.key, { name: `idx(${column.name})`, type: nativeCqlType('int')! }, context));
        const value = termValue(operation.value, { name: `value(${column.name})`, type: type.element }, context);
        if (isUnset(value)) return;
        const elements = await stored();
        // Cassandra's Lists.SetterByIndex messages.
        if (elements.length === 0) throw new InvalidRequestError('Attempted to set an element on a list which is null');
        const cell = elements[index];
        if (cell === undefined || index < 0) throw new InvalidRequestError(`List index ${index} out of bound, list has size ${elements.length}`);
        row.setCell(column, value === null ? null : serializeValue(type.element, value), cell.path);
        return;
      }
      throw new InvalidRequestError(`Invalid operation (${column.name}[?] = ?) for non list or map column ${column.name}`);
    }
    case 'add':
    case 'prepend': {
      if (!((type.kind === 'list' || type.kind === 'set' || type.kind === 'map') && !type.frozen)) {
        throw new InvalidRequestError(`Invalid operation (${column.name} = ${column.name} + ?) for non counter column ${column.name}`);
      }
      if (operation.op === 'prepend' && type.kind !== 'list') throw new InvalidRequestError(`Invalid operation (${column.name} = ? + ${column.name}) for non list column ${column.name}`);
      const value = termValue(operation.value, column, context);
      if (isUnset(value) || value === null) return;
      addElements(row, column, value, nowMicros, operation.op === 'prepend');
      return;
    }
    case 'subtract': {
      if (type.kind === 'set' && !type.frozen) {
        const value = termValue(operation.value, column, context);
        if (!isUnset(value) && value !== null) removeElements(row, column, value);
        return;
      }
      if (type.kind === 'map' && !type.frozen) {
        const keys = termValue(operation.value, { name: column.name, type: setType(type.key) }, context);
        if (!isUnset(keys) && keys !== null) removeElements(row, column, keys);
        return;
      }
      if (type.kind === 'list' && !type.frozen) {
        const value = termValue(operation.value, { name: column.name, type: listType(type.element) }, context);
        if (isUnset(value) || value === null) return;
        const unwanted = new Set((value as unknown[]).map((v) => Buffer.from(serializeValue(type.element, v)).toString('hex')));
        for (const cell of await stored()) {
          if (unwanted.has(Buffer.from(cell.value!).toString('hex'))) row.setCell(column, null, cell.path);
        }
        return;
      }
      throw new InvalidRequestError(`Invalid operation (${column.name} = ${column.name} - ?) for non counter column ${column.name}`);
    }
  }
}
