/**
 * What a compaction writes for a merged partition (Cassandra's PurgeFunction):
 *
 * 1. Expired cells become tombstones (deletion time = write time, so gc_grace counts from it).
 * 2. Data shadowed by a partition, range, row or column (complex) tombstone in the same output is dropped: the
 *    tombstone that shadows it is written alongside, so nothing can resurface.
 * 3. A tombstone is dropped only when it is older than gc_grace (localDeletionTime < gcBefore)
 *    AND its timestamp is below `maxPurgeableTimestamp`: the oldest write for this key in any
 *    SSTable or memtable outside the compaction. Otherwise data it shadows elsewhere would
 *    come back to life.
 * 4. Rows and partitions left with nothing are dropped; null means "write nothing".
 */

import type { Cell } from './cell.js';
import { ColumnDeletionTracker, expiredToTombstone } from './cell.js';
import type { DeletionTime } from './deletion-time.js';
import { deletes, newerDeletion, LIVE } from './deletion-time.js';
import type { LivenessInfo } from './liveness-info.js';
import type { PartitionUpdate } from './partition-update.js';
import type { RangeTombstone } from './range-tombstone.js';
import { deletionCovering } from './range-tombstone.js';
import type { Row } from './row.js';

export interface PurgeContext {
  readonly nowSeconds: number;
  /** now - gc_grace_seconds: tombstones written before it may be dropped. */
  readonly gcBefore: number;
  /** Tombstones at or above this timestamp may shadow data outside the compaction. */
  readonly maxPurgeableTimestamp: bigint;
}

export function purgePartition(partition: PartitionUpdate, context: PurgeContext): PartitionUpdate | null {
  const partitionDeletion = partition.deletion ?? LIVE;
  const staticRow = partition.staticRow && purgeRow(partition.staticRow, partitionDeletion, context);
  const rows: Row[] = [];
  for (const row of partition.rows) {
    const shadow = deletionCovering(partitionDeletion, partition.rangeTombstones, row.clustering);
    const kept = purgeRow(row, shadow, context);
    if (kept !== null) rows.push(kept);
  }
  const rangeTombstones = partition.rangeTombstones.filter(
    (t: RangeTombstone) => !isPurgeable(t.deletion, context) && !deletes(partitionDeletion, t.deletion.markedForDeleteAt),
  );
  const deletion = partition.deletion !== null && !isPurgeable(partition.deletion, context) ? partition.deletion : null;
  if (deletion === null && rangeTombstones.length === 0 && staticRow === null && rows.length === 0) return null;
  return { ...partition, deletion, rangeTombstones, staticRow, rows };
}

export function isPurgeable(deletion: DeletionTime, context: PurgeContext): boolean {
  return deletion.localDeletionTime < context.gcBefore && deletion.markedForDeleteAt < context.maxPurgeableTimestamp;
}

function purgeRow(row: Row, outer: DeletionTime, context: PurgeContext): Row | null {
  let rowDeletion = row.deletion;
  if (rowDeletion !== null && (deletes(outer, rowDeletion.markedForDeleteAt) || isPurgeable(rowDeletion, context))) {
    rowDeletion = null;
  }
  const shadow = rowDeletion === null ? outer : newerDeletion(outer, rowDeletion);
  const liveness = purgeLiveness(row.liveness, shadow, context);
  const cells: Cell[] = [];
  const columnDeletion = new ColumnDeletionTracker();
  for (const original of row.cells) {
    if (deletes(shadow, original.timestamp) || columnDeletion.shadows(original)) continue;
    const cell = original.ttl > 0 && context.nowSeconds >= original.localDeletionTime ? expiredToTombstone(original) : original;
    const purgeable =
      cell.value === null &&
      isPurgeable({ markedForDeleteAt: cell.timestamp, localDeletionTime: cell.localDeletionTime }, context);
    if (!purgeable) cells.push(cell);
  }
  if (liveness === null && rowDeletion === null && cells.length === 0) return null;
  return { clustering: row.clustering, liveness, deletion: rowDeletion, cells };
}

function purgeLiveness(liveness: LivenessInfo | null, shadow: DeletionTime, context: PurgeContext): LivenessInfo | null {
  if (liveness === null || deletes(shadow, liveness.timestamp)) return null;
  const expired = liveness.ttl > 0 && context.nowSeconds >= liveness.localExpirationTime;
  if (!expired) return liveness;
  // An expired row marker acts as a tombstone until gc_grace passes (CASSANDRA-11671).
  const asDeletion = { markedForDeleteAt: liveness.timestamp, localDeletionTime: liveness.localExpirationTime - liveness.ttl };
  return isPurgeable(asDeletion, context) ? null : liveness;
}
