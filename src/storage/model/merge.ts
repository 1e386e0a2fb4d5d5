/**
 * Reconciliation: merging two versions of the same partition (memtable and SSTables, or two
 * SSTables in a compaction) exactly as Cassandra does. Merging keeps every tombstone and never
 * looks at the clock; filtering for a read (read-filter.ts) and purging in a compaction
 * (purge.ts) are separate steps.
 *
 * Two versions of one cell meet only in reconcileCells, which merges counter cells by their
 * shards (cell.ts): every merge here (memtable apply, reads, compaction) gets the counter rules
 * with no counter check of its own. A partition that one source alone holds is never merged,
 * so its stored bytes (counters included) may be passed on as they are.
 */

import { compareBytes } from './byte-order.js';
import type { Cell } from './cell.js';
import { compareCellNames, reconcileCells } from './cell.js';
import type { DeletionTime } from './deletion-time.js';
import { newerDeletion } from './deletion-time.js';
import type { LivenessInfo } from './liveness-info.js';
import { livenessSupersedes } from './liveness-info.js';
import type { PartitionUpdate } from './partition-update.js';
import type { RangeTombstone } from './range-tombstone.js';
import type { Row } from './row.js';
import { assert } from '../../lib/assert.js';

export function mergePartitions(older: PartitionUpdate, newer: PartitionUpdate): PartitionUpdate {
  assert(older.tableId === newer.tableId && older.token === newer.token, 'merging different partitions');
  return {
    tableId: newer.tableId,
    token: newer.token,
    key: newer.key,
    deletion: mergeDeletions(older.deletion, newer.deletion),
    rangeTombstones: mergeRangeTombstones(older.rangeTombstones, newer.rangeTombstones),
    staticRow: mergeOptionalRows(older.staticRow, newer.staticRow),
    rows: mergeSortedRows(older.rows, newer.rows),
  };
}

/** Merges any number of versions; `versions` may be in any order, reconciliation is commutative. */
export function mergeAllPartitions(versions: readonly PartitionUpdate[]): PartitionUpdate {
  assert(versions.length > 0, 'nothing to merge');
  let merged = versions[0]!;
  for (let i = 1; i < versions.length; i++) merged = mergePartitions(merged, versions[i]!);
  return merged;
}

export function mergeDeletions(a: DeletionTime | null, b: DeletionTime | null): DeletionTime | null {
  if (a === null) return b;
  if (b === null) return a;
  return newerDeletion(a, b);
}

function mergeLiveness(a: LivenessInfo | null, b: LivenessInfo | null): LivenessInfo | null {
  if (a === null) return b;
  if (b === null) return a;
  return livenessSupersedes(b, a) ? b : a;
}

function mergeRangeTombstones(a: readonly RangeTombstone[], b: readonly RangeTombstone[]): readonly RangeTombstone[] {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const merged = [...a];
  for (const tombstone of b) {
    const same = merged.findIndex(
      (t) =>
        t.start.inclusive === tombstone.start.inclusive &&
        t.end.inclusive === tombstone.end.inclusive &&
        compareBytes(t.start.prefix, tombstone.start.prefix) === 0 &&
        compareBytes(t.end.prefix, tombstone.end.prefix) === 0,
    );
    if (same < 0) merged.push(tombstone);
    else merged[same] = { ...tombstone, deletion: newerDeletion(merged[same]!.deletion, tombstone.deletion) };
  }
  return merged;
}

function mergeOptionalRows(a: Row | null, b: Row | null): Row | null {
  if (a === null) return b;
  if (b === null) return a;
  return mergeRows(a, b);
}

export function mergeRows(a: Row, b: Row): Row {
  return {
    clustering: b.clustering,
    liveness: mergeLiveness(a.liveness, b.liveness),
    deletion: mergeDeletions(a.deletion, b.deletion),
    cells: mergeSortedCells(a.cells, b.cells),
  };
}

export function mergeSortedRows(a: readonly Row[], b: readonly Row[]): readonly Row[] {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const merged: Row[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const order = compareBytes(a[i]!.clustering, b[j]!.clustering);
    if (order < 0) merged.push(a[i++]!);
    else if (order > 0) merged.push(b[j++]!);
    else merged.push(mergeRows(a[i++]!, b[j++]!));
  }
  while (i < a.length) merged.push(a[i++]!);
  while (j < b.length) merged.push(b[j++]!);
  return merged;
}

function mergeSortedCells(a: readonly Cell[], b: readonly Cell[]): readonly Cell[] {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const merged: Cell[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const order = compareCellNames(a[i]!, b[j]!);
    if (order < 0) merged.push(a[i++]!);
    else if (order > 0) merged.push(b[j++]!);
    else merged.push(reconcileCells(a[i++]!, b[j++]!));
  }
  while (i < a.length) merged.push(a[i++]!);
  while (j < b.length) merged.push(b[j++]!);
  return merged;
}
