/**
 * The partitions a statement reads before it writes, named for the partition lock
 * (keyed-lock.ts): counter updates read the counter's local shard, list updates by index or
 * by value read the list's cell paths. Blind writes read nothing and lock nothing.
 *
 * The keys come from the WHERE clause as the statement's own mutation builder finds them
 * (analyzeWhere, refuseFilters, partitionKeysOf, before any read). A clause those refuse names
 * no lock: the builder then refuses it the same way, before it reads. Keys made by now() or
 * uuid() come out different here and in the builder, but such a key is new, and no other
 * statement can be reading it.
 */

import type { BatchChild } from '../../ast/batch-statement.js';
import { tableLayout } from '../../rows/table-layout.js';
import type { TableMetadata } from '../../schema/table-metadata.js';
import type { ExecutionContext } from '../execution-context.js';
import { analyzeWhere } from '../where/where-clause.js';
import { partitionKeysOf, refuseFilters } from './primary-keys.js';

/** Lock names, `tableId/partition key hex`, of the partitions `statement` reads before writing. */
export function readPartitionLocks(statement: BatchChild, table: TableMetadata, context: ExecutionContext): string[] {
  if (statement.kind === 'InsertStatement' || !readsBeforeWrite(statement, table)) return [];
  let keys: Uint8Array[];
  try {
    const layout = tableLayout(table);
    const where = analyzeWhere(layout, statement.where, context, { select: false, allowFiltering: false });
    refuseFilters(where, statement.kind === 'UpdateStatement' ? 'UPDATE' : 'DELETE');
    keys = partitionKeysOf(layout, where);
  } catch {
    return [];
  }
  return keys.map((key) => `${table.id}/${Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString('hex')}`);
}

function readsBeforeWrite(statement: Exclude<BatchChild, { kind: 'InsertStatement' }>, table: TableMetadata): boolean {
  if (statement.kind === 'DeleteStatement') return statement.targets.some((t) => t.elementKey !== null);
  if (table.isCounter) return true;
  return statement.assignments.some((a) => a.operation.op === 'setElement' || a.operation.op === 'subtract');
}
