/**
 * Turns a merged partition into what a reader sees at `nowSeconds`: data shadowed by a
 * partition, range or row tombstone is dropped, expired cells read as absent, and a row with
 * neither live primary-key liveness nor a live cell does not exist. Tombstones themselves are
 * never returned as rows.
 */

import { ColumnDeletionTracker, isLiveCell } from './cell.js';
import type { Cell } from './cell.js';
import type { DeletionTime } from './deletion-time.js';
import { deletes, newerDeletion, LIVE } from './deletion-time.js';
import { isLivenessLive } from './liveness-info.js';
import type { PartitionUpdate } from './partition-update.js';
import { deletionCovering } from './range-tombstone.js';
import type { Row } from './row.js';

export interface LivePartition {
  readonly key: Uint8Array;
  readonly token: bigint;
  readonly staticRow: Row | null;
  readonly rows: readonly Row[];
}

export function filterLive(partition: PartitionUpdate, nowSeconds: number): LivePartition {
  const partitionDeletion = partition.deletion ?? LIVE;
  const staticRow = partition.staticRow && filterRow(partition.staticRow, partitionDeletion, nowSeconds);
  const rows: Row[] = [];
  for (const row of partition.rows) {
    const shadow = deletionCovering(partitionDeletion, partition.rangeTombstones, row.clustering);
    const live = filterRow(row, shadow, nowSeconds);
    if (live !== null) rows.push(live);
  }
  return { key: partition.key, token: partition.token, staticRow, rows };
}

/** The live part of one row under an outer deletion, or null when nothing of it is live. */
export function filterRow(row: Row, outer: DeletionTime, nowSeconds: number): Row | null {
  const shadow = row.deletion === null ? outer : newerDeletion(outer, row.deletion);
  const liveness =
    row.liveness !== null && !deletes(shadow, row.liveness.timestamp) && isLivenessLive(row.liveness, nowSeconds)
      ? row.liveness
      : null;
  const cells: Cell[] = [];
  const columnDeletion = new ColumnDeletionTracker();
  for (const cell of row.cells) {
    if (columnDeletion.shadows(cell)) continue;
    if (!deletes(shadow, cell.timestamp) && isLiveCell(cell, nowSeconds)) cells.push(cell);
  }
  if (liveness === null && cells.length === 0) return null;
  return { clustering: row.clustering, liveness, deletion: null, cells };
}
