/**
 * A cell: one column's value in one row (or one element of a collection column, named by its
 * `path`), with its write timestamp. Three kinds, as in Cassandra:
 *
 *   live       value, timestamp                     ttl 0, localDeletionTime = NO_DELETION_TIME
 *   expiring   value, timestamp, ttl > 0            localDeletionTime = expiry (seconds)
 *   tombstone  no value, timestamp                  localDeletionTime = when it was deleted
 */

import { compareBytes } from './byte-order.js';
import type { LocalDeletionSeconds, Timestamp } from './timestamp.js';
import { NO_DELETION_TIME } from './timestamp.js';

export type ColumnId = number;

export interface Cell {
  readonly column: ColumnId;
  /** The element key inside a collection column; null for a simple column. */
  readonly path: Uint8Array | null;
  /** null for a tombstone. */
  readonly value: Uint8Array | null;
  readonly timestamp: Timestamp;
  /** Seconds; 0 when the cell does not expire. */
  readonly ttl: number;
  readonly localDeletionTime: LocalDeletionSeconds;
}

export function liveCell(column: ColumnId, value: Uint8Array, timestamp: Timestamp, path: Uint8Array | null = null): Cell {
  return { column, path, value, timestamp, ttl: 0, localDeletionTime: NO_DELETION_TIME };
}

export function expiringCell(
  column: ColumnId,
  value: Uint8Array,
  timestamp: Timestamp,
  ttl: number,
  nowSeconds: number,
  path: Uint8Array | null = null,
): Cell {
  return { column, path, value, timestamp, ttl, localDeletionTime: nowSeconds + ttl };
}

export function cellTombstone(column: ColumnId, timestamp: Timestamp, nowSeconds: number, path: Uint8Array | null = null): Cell {
  return { column, path, value: null, timestamp, ttl: 0, localDeletionTime: nowSeconds };
}

export function isTombstone(cell: Cell): boolean {
  return cell.value === null;
}

export function isExpiring(cell: Cell): boolean {
  return cell.ttl > 0;
}

/** Live at `nowSeconds`: not a tombstone and not past its expiry. */
export function isLiveCell(cell: Cell, nowSeconds: number): boolean {
  if (cell.value === null) return false;
  return cell.ttl === 0 || nowSeconds < cell.localDeletionTime;
}

/**
 * An expired cell turns into a tombstone, as Cassandra's ExpiringCell does on compaction: its
 * deletion time is when it was written, so gc_grace counts from the write (CASSANDRA-14092).
 */
export function expiredToTombstone(cell: Cell): Cell {
  return { ...cell, value: null, ttl: 0, localDeletionTime: cell.localDeletionTime - cell.ttl };
}

/** Order of cells within a row: by column, then by path bytes (collection elements). */
export function compareCellNames(a: Cell, b: Cell): number {
  if (a.column !== b.column) return a.column - b.column;
  if (a.path === null || b.path === null) return a.path === b.path ? 0 : a.path === null ? -1 : 1;
  return compareBytes(a.path, b.path);
}

/**
 * Cassandra's Cells.reconcile for regular cells (CASSANDRA-14592 rules): the higher timestamp
 * wins; on a tie a tombstone beats a live cell, an expiring cell beats a non-expiring one, the
 * later local deletion time wins, and finally the greater value wins, so every replica picks
 * the same cell whatever order it sees them in.
 */
export function reconcileCells(left: Cell, right: Cell): Cell {
  if (left.timestamp !== right.timestamp) return left.timestamp > right.timestamp ? left : right;
  const leftHasDeletionTime = left.localDeletionTime !== NO_DELETION_TIME;
  const rightHasDeletionTime = right.localDeletionTime !== NO_DELETION_TIME;
  if (leftHasDeletionTime || rightHasDeletionTime) {
    const leftIsTombstone = left.value === null;
    const rightIsTombstone = right.value === null;
    if (leftIsTombstone !== rightIsTombstone) return leftIsTombstone ? left : right;
    if (leftHasDeletionTime !== rightHasDeletionTime) return leftHasDeletionTime ? left : right;
    if (left.localDeletionTime !== right.localDeletionTime) {
      return left.localDeletionTime > right.localDeletionTime ? left : right;
    }
  }
  if (left.value === null || right.value === null) return left;
  return compareBytes(left.value, right.value) >= 0 ? left : right;
}
