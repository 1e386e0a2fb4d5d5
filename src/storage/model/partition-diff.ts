/**
 * The mutation that brings one replica's version of a partition up to the reconciled one:
 * what read repair sends to a stale replica (Cassandra's RowDiffListener in DataResolver).
 * It holds each piece of `merged` that the replica's version lacks or holds differently:
 * partition deletion, range tombstones, and per row its liveness, deletion and cells.
 *
 * Applying it to the replica and reconciling gives `merged` back when `merged` was reconciled
 * from versions that include the replica's (reconcile-partitions.ts): every piece the replica
 * holds is then either in `merged` as it is, superseded by a piece of the diff, or shadowed by
 * a tombstone of the diff. A diff never deletes anything by itself.
 *
 * The diff carries `merged`'s table id; the sender names the table as the replica knows it.
 */

import { bytesEqual } from './byte-order.js';
import type { Cell } from './cell.js';
import { compareCellNames } from './cell.js';
import { compareBytes } from './byte-order.js';
import { canonicalPartition, compareRangeTombstoneBounds, isEmptyPartition } from './canonical-partition.js';
import type { DeletionTime } from './deletion-time.js';
import type { LivenessInfo } from './liveness-info.js';
import type { PartitionUpdate } from './partition-update.js';
import type { RangeTombstone } from './range-tombstone.js';
import type { Row } from './row.js';

/** null when the replica's version already holds everything `merged` does. */
export function partitionDiff(merged: PartitionUpdate | null, replicaVersion: PartitionUpdate | null): PartitionUpdate | null {
  if (merged === null) return null;
  const target = canonicalPartition(merged);
  if (replicaVersion === null) return isEmptyPartition(target) ? null : target;
  const deletion = target.deletion !== null && !sameDeletion(target.deletion, replicaVersion.deletion) ? target.deletion : null;
  const rangeTombstones = target.rangeTombstones.filter((t) => !replicaVersion.rangeTombstones.some((r) => sameRangeTombstone(t, r)));
  const staticRow = target.staticRow && rowDiff(target.staticRow, replicaVersion.staticRow);
  const rows = rowsDiff(target.rows, replicaVersion.rows);
  const diff: PartitionUpdate = { ...target, deletion, rangeTombstones, staticRow, rows };
  return isEmptyPartition(diff) ? null : diff;
}

/** The rows of `target` (sorted) that `replica` (sorted) lacks, each cut to what differs. */
function rowsDiff(target: readonly Row[], replica: readonly Row[]): Row[] {
  const diff: Row[] = [];
  let j = 0;
  for (const row of target) {
    while (j < replica.length && compareBytes(replica[j]!.clustering, row.clustering) < 0) j++;
    const same = j < replica.length && compareBytes(replica[j]!.clustering, row.clustering) === 0 ? replica[j]! : null;
    const missing = rowDiff(row, same);
    if (missing !== null) diff.push(missing);
  }
  return diff;
}

function rowDiff(target: Row, replica: Row | null): Row | null {
  if (replica === null) return target;
  const liveness = target.liveness !== null && !sameLiveness(target.liveness, replica.liveness) ? target.liveness : null;
  const deletion = target.deletion !== null && !sameDeletion(target.deletion, replica.deletion) ? target.deletion : null;
  const cells: Cell[] = [];
  let j = 0;
  for (const cell of target.cells) {
    while (j < replica.cells.length && compareCellNames(replica.cells[j]!, cell) < 0) j++;
    const same = j < replica.cells.length && compareCellNames(replica.cells[j]!, cell) === 0 ? replica.cells[j]! : null;
    if (same === null || !sameCell(cell, same)) cells.push(cell);
  }
  if (liveness === null && deletion === null && cells.length === 0) return null;
  return { clustering: target.clustering, liveness, deletion, cells };
}

function sameDeletion(a: DeletionTime, b: DeletionTime | null): boolean {
  return b !== null && a.markedForDeleteAt === b.markedForDeleteAt && a.localDeletionTime === b.localDeletionTime;
}

function sameLiveness(a: LivenessInfo, b: LivenessInfo | null): boolean {
  return b !== null && a.timestamp === b.timestamp && a.ttl === b.ttl && a.localExpirationTime === b.localExpirationTime;
}

function sameRangeTombstone(a: RangeTombstone, b: RangeTombstone): boolean {
  return compareRangeTombstoneBounds(a, b) === 0 && sameDeletion(a.deletion, b.deletion);
}

/** Every field: a cell differing in any of them is sent (the replica's loses or ties to it). */
export function sameCell(a: Cell, b: Cell): boolean {
  return (
    a.column === b.column &&
    a.timestamp === b.timestamp &&
    a.ttl === b.ttl &&
    a.localDeletionTime === b.localDeletionTime &&
    a.counter === b.counter &&
    (a.path === null ? b.path === null : b.path !== null && bytesEqual(a.path, b.path)) &&
    (a.value === null ? b.value === null : b.value !== null && bytesEqual(a.value, b.value))
  );
}
