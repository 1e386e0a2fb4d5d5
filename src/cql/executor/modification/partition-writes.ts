/**
 * A batch's writes with one write per partition (table and key): the writes of a partition that
 * several statements touch are merged into one mutation, as Cassandra's BatchStatement collects
 * every update of a partition into one PartitionUpdate. One mutation is one commit-log record on
 * one storage thread, which is what makes a single-partition batch atomic and isolated; two
 * writes of one partition could land in two records (an INSERT's plain row goes by the row
 * batch writer, the rest by write), and a crash or a read could fall between them.
 *
 * Cells of one name merge by reconcileCells (the batch's statements share a timestamp: the
 * tombstone wins, then the greater value), rows by their liveness and deletion, as the engine
 * merges any two versions. A batch with no partition written twice is returned as it is, so
 * its plain rows keep the row batch writer.
 */

import type { Row } from '../../../storage/model/row.js';
import { mergeDeletions, mergeRows, mergeSortedRows } from '../../../storage/model/merge.js';
import type { WriteMutation } from '../../../storage/storage-engine.js';
import { asWriteMutation } from '../../batchlog/batchlog-codec.js';
import type { TableWrite } from '../../rows/bulk-rows.js';

export function onePerPartition(writes: readonly TableWrite[]): readonly TableWrite[] {
  if (writes.length < 2) return writes;
  const byPartition = new Map<string, TableWrite[]>();
  for (const write of writes) {
    const id = partitionId(write);
    const group = byPartition.get(id);
    if (group === undefined) byPartition.set(id, [write]);
    else group.push(write);
  }
  if (byPartition.size === writes.length) return writes;
  return [...byPartition.values()].map((group) => (group.length === 1 ? group[0]! : group.map(asWriteMutation).reduce(mergeWrites)));
}

function partitionId(write: TableWrite): string {
  const { key } = write;
  return `${write.tableId}:${Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString('latin1')}`;
}

/** Two writes of one partition as one; range tombstones are kept side by side, as one statement's are. */
function mergeWrites(a: WriteMutation, b: WriteMutation): WriteMutation {
  return {
    tableId: a.tableId,
    key: a.key,
    deletion: mergeDeletions(a.deletion, b.deletion),
    rangeTombstones: a.rangeTombstones.length === 0 ? b.rangeTombstones : [...a.rangeTombstones, ...b.rangeTombstones],
    staticRow: mergeOptionalRows(a.staticRow, b.staticRow),
    rows: mergeSortedRows(a.rows, b.rows),
  };
}

function mergeOptionalRows(a: Row | null, b: Row | null): Row | null {
  if (a === null) return b;
  if (b === null) return a;
  return mergeRows(a, b);
}
