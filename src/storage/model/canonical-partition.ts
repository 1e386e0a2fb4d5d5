/**
 * The canonical form of a merged partition: what a replica answers a coordinator, what a
 * digest is computed over, and what reconciliation returns. Two nodes holding the same data
 * must produce the same bytes whatever memtables and SSTables it is spread over, so:
 *
 *   1. data shadowed by a tombstone of the same partition is dropped (Cassandra's merge drops
 *      it too: UnfilteredRowIterators.merge applies the active deletion): a cell, liveness or
 *      row deletion at or below the partition deletion, a range tombstone covering its row,
 *      or its row's deletion; a collection element at or below its column's deletion (by
 *      marks only: a deletion at the same mark as one covering it shadows nothing more). What
 *      a read skips (an SSTable whose newest write is older than a partition deletion already
 *      found, table-store.ts) is always dropped here. The tombstone that shadows stays, so
 *      nothing can come back;
 *   2. rows left with nothing (no liveness, deletion or cell) are dropped;
 *   3. range tombstones with the same bounds become one (the newest deletion) and are sorted
 *      by their bounds (the merge keeps them in arrival order).
 *
 * Unlike a read's filter (read-filter.ts) this never looks at the clock: expired cells and
 * every tombstone stay as they are. Unlike a compaction's purge (purge.ts) nothing is dropped
 * for its age. Dropping is monotone in the deletions, which only grow under merging, so
 * canonicalising between merges does not change the final result (reconcile-partitions.ts).
 *
 * A partition already canonical is returned as the same object (the common case costs a walk).
 */

import { compareBytes } from './byte-order.js';
import type { Cell } from './cell.js';
import { ColumnDeletionTracker } from './cell.js';
import type { DeletionTime } from './deletion-time.js';
import { deletes, LIVE, newerDeletion } from './deletion-time.js';
import type { PartitionUpdate } from './partition-update.js';
import type { ClusteringBound, RangeTombstone } from './range-tombstone.js';
import { deletionCovering } from './range-tombstone.js';
import type { Row } from './row.js';

export function canonicalPartition(partition: PartitionUpdate): PartitionUpdate {
  const partitionDeletion = partition.deletion ?? LIVE;
  const rangeTombstones = canonicalRangeTombstones(partition.rangeTombstones, partitionDeletion);
  const staticRow = partition.staticRow && canonicalRow(partition.staticRow, partitionDeletion);
  let rows: Row[] | null = null; // allocated at the first row that changes
  for (let i = 0; i < partition.rows.length; i++) {
    const row = partition.rows[i]!;
    const kept = canonicalRow(row, deletionCovering(partitionDeletion, rangeTombstones, row.clustering));
    if (kept !== row && rows === null) rows = partition.rows.slice(0, i);
    if (rows !== null && kept !== null) rows.push(kept);
  }
  if (rangeTombstones === partition.rangeTombstones && staticRow === partition.staticRow && rows === null) return partition;
  return { ...partition, rangeTombstones, staticRow, rows: rows ?? partition.rows };
}

/** Nothing at all: no partition deletion, range tombstone, static row or row. */
export function isEmptyPartition(partition: PartitionUpdate): boolean {
  return partition.deletion === null && partition.rangeTombstones.length === 0 && partition.staticRow === null && partition.rows.length === 0;
}

/**
 * One row under the deletion shadowing it from outside (partition or range tombstone), or null
 * when nothing of it is left. The same row object when nothing is dropped.
 */
function canonicalRow(row: Row, outer: DeletionTime): Row | null {
  const deletion = row.deletion !== null && !deletes(outer, row.deletion.markedForDeleteAt) ? row.deletion : null;
  const shadow = deletion ?? outer;
  const liveness = row.liveness !== null && !deletes(shadow, row.liveness.timestamp) ? row.liveness : null;
  let cells: Cell[] | null = null;
  const columnDeletion = new ColumnDeletionTracker();
  for (let i = 0; i < row.cells.length; i++) {
    const cell = row.cells[i]!;
    const shadowed = columnDeletion.shadows(cell) || deletes(shadow, cell.timestamp);
    if (shadowed && cells === null) cells = row.cells.slice(0, i);
    else if (!shadowed && cells !== null) cells.push(cell);
  }
  if (deletion === row.deletion && liveness === row.liveness && cells === null) {
    return hasContent(row) ? row : null;
  }
  const kept: Row = { clustering: row.clustering, liveness, deletion, cells: cells ?? row.cells };
  return hasContent(kept) ? kept : null;
}

function hasContent(row: Row): boolean {
  return row.liveness !== null || row.deletion !== null || row.cells.length > 0;
}

/** Range tombstones newer than the partition deletion, one per bounds, sorted. */
function canonicalRangeTombstones(tombstones: readonly RangeTombstone[], partitionDeletion: DeletionTime): readonly RangeTombstone[] {
  if (tombstones.length === 0) return tombstones;
  const kept = tombstones.filter((t) => !deletes(partitionDeletion, t.deletion.markedForDeleteAt)).sort(compareRangeTombstoneBounds);
  const unique: RangeTombstone[] = [];
  for (const tombstone of kept) {
    const last = unique.at(-1);
    if (last !== undefined && compareRangeTombstoneBounds(last, tombstone) === 0) {
      unique[unique.length - 1] = { ...last, deletion: newerDeletion(last.deletion, tombstone.deletion) };
    } else {
      unique.push(tombstone);
    }
  }
  const unchanged = unique.length === tombstones.length && unique.every((t, i) => t === tombstones[i]);
  return unchanged ? tombstones : unique;
}

/** A total order on range tombstones' bounds (start, then end); 0 for the same bounds. */
export function compareRangeTombstoneBounds(a: RangeTombstone, b: RangeTombstone): number {
  return compareBounds(a.start, b.start) || compareBounds(a.end, b.end);
}

function compareBounds(a: ClusteringBound, b: ClusteringBound): number {
  const order = compareBytes(a.prefix, b.prefix);
  if (order !== 0) return order;
  return a.inclusive === b.inclusive ? 0 : a.inclusive ? -1 : 1;
}
