/**
 * DELETE: without columns, the partition (no clustering restriction), the rows named (every
 * clustering column by = / IN) or a range (a prefix or a slice): a range tombstone. With
 * columns, those columns, elements (m[k], l[i]) or fields (u.f) of the rows named.
 */

import { InvalidRequestError } from '../../../lib/errors.js';
import type { WriteMutation } from '../../../storage/storage-engine.js';
import type { DeleteStatement } from '../../ast/delete-statement.js';
import { putMapEntry, removeElements, setField, writeColumn } from '../../rows/column-writes.js';
import { PartitionWrite } from '../../rows/partition-write.js';
import { tableLayout } from '../../rows/table-layout.js';
import type { TableMetadata } from '../../schema/table-metadata.js';
import { nativeCqlType } from '../../types/cql-type.js';
import type { ExecutionContext } from '../execution-context.js';
import { requiredValue } from '../terms.js';
import { writeAttributesOf } from '../write-attributes-of.js';
import { clusteringRanges } from '../where/clustering-bounds.js';
import { analyzeWhere, columnNamed } from '../where/where-clause.js';
import { clusteringsOf, partitionKeysOf, refuseFilters } from './primary-keys.js';
import type { RowReader } from './row-reader.js';

export async function deleteMutations(statement: DeleteStatement, table: TableMetadata, context: ExecutionContext, reader: RowReader): Promise<WriteMutation[]> {
  const layout = tableLayout(table);
  if (statement.ifExists || statement.conditions.length > 0) throw new InvalidRequestError('Conditional deletions (IF) are not supported by Sibyl yet');
  const where = analyzeWhere(layout, statement.where, context, { select: false, allowFiltering: false });
  refuseFilters(where, 'DELETE');
  const attributes = writeAttributesOf(statement.using, table, context);
  const keys = partitionKeysOf(layout, where);
  const targets = statement.targets.map((target) => {
    const column = columnNamed(layout, target.column);
    if (column.kind === 'partition_key' || column.kind === 'clustering') throw new InvalidRequestError(`Invalid identifier ${column.name} for deletion (should not be a PRIMARY KEY part)`);
    return { target, column };
  });
  const onlyStatic = targets.length > 0 && targets.every(({ column }) => column.kind === 'static');
  const restrictsClustering = where.clusteringPrefix.length > 0 || where.sliceStart !== null || where.sliceEnd !== null;
  const namesRows = where.clusteringComplete && where.sliceStart === null && where.sliceEnd === null;
  // Cells are deleted row by row: a column of a range of rows is not a tombstone Cassandra has.
  if (targets.length > 0 && !onlyStatic && !namesRows) throw new InvalidRequestError('Range deletions are not supported for specific columns');
  if (onlyStatic && restrictsClustering) throw new InvalidRequestError('Invalid restrictions on clustering columns since the DELETE statement modifies only static columns');
  const mutations: WriteMutation[] = [];
  for (const key of keys) {
    const write = new PartitionWrite(layout, key, attributes);
    if (targets.length === 0) {
      if (!restrictsClustering) write.deletePartition();
      else if (namesRows) for (const clustering of clusteringsOf(layout, where)) write.row(clustering).delete();
      else for (const range of clusteringRanges(layout, where)) write.deleteRange(range.start, range.end);
      mutations.push(write.build());
      continue;
    }
    const rows = onlyStatic ? [null] : clusteringsOf(layout, where);
    for (const clustering of rows) {
      for (const { target, column } of targets) {
        const row = column.kind === 'static' ? write.static() : write.row(clustering!);
        const type = column.type;
        if (target.field !== null) {
          // Cassandra's FieldDeletion messages.
          if (type.kind !== 'udt') throw new InvalidRequestError(`Invalid field deletion operation for non-UDT column ${column.name}`);
          if (type.frozen) throw new InvalidRequestError(`Frozen UDT column ${column.name} does not support field deletions`);
          if (!type.fields.some((f) => f.name === target.field)) throw new InvalidRequestError(`UDT column ${column.name} does not have a field named ${target.field}`);
          setField(row, column, target.field, null);
        }
        else if (target.elementKey === null) writeColumn(row, column, null, attributes.timestamp);
        else if (type.kind === 'map' && !type.frozen) putMapEntry(row, column, requiredValue(target.elementKey, { name: `key(${column.name})`, type: type.key }, context), null);
        else if (type.kind === 'set' && !type.frozen) removeElements(row, column, [requiredValue(target.elementKey, { name: `key(${column.name})`, type: type.element }, context)]);
        else if (type.kind === 'list' && !type.frozen) {
          const index = Number(requiredValue(target.elementKey, { name: `idx(${column.name})`, type: nativeCqlType('int')! }, context));
          const cells = await reader.cells(table, key, column.kind === 'static' ? null : clustering, column);
          // Cassandra's Lists.DiscarderByIndex messages.
          if (cells.length === 0) throw new InvalidRequestError('Attempted to delete an element from a list which is null');
          const cell = cells[index];
          if (cell === undefined || index < 0) throw new InvalidRequestError(`List index ${index} out of bound, list has size ${cells.length}`);
          row.setCell(column, null, cell.path);
        } else if (type.kind === 'list' || type.kind === 'set' || type.kind === 'map') {
          throw new InvalidRequestError(`Invalid deletion operation for frozen collection column ${column.name}`);
        } else throw new InvalidRequestError(`Invalid deletion operation for non collection column ${column.name}`);
      }
    }
    mutations.push(write.build());
  }
  return mutations;
}
