/**
 * A cell: one column's value in one row (or one element of a collection column, named by its
 * `path`), with its write timestamp. Three kinds, as in Cassandra:
 *
 *   live       value, timestamp                     ttl 0, localDeletionTime = NO_DELETION_TIME
 *   expiring   value, timestamp, ttl > 0            localDeletionTime = expiry (seconds)
 *   tombstone  no value, timestamp                  localDeletionTime = when it was deleted
 *
 * A cell of a counter column also carries `counter: true`: its value is a counter context
 * (counter-context.ts), it never expires, and it reconciles by the counter rules below. The
 * field is absent, not false, on every other cell, so ordinary cells keep their one shape and
 * their cost.
 */

import { compareBytes } from './byte-order.js';
import { mergeCounterContexts } from './counter-context.js';
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
  /** Present only on a counter cell or counter tombstone. */
  readonly counter?: true;
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

/** A live counter cell: `context` is a counter context (counter-context.ts); never expires. */
export function counterCell(column: ColumnId, context: Uint8Array, timestamp: Timestamp, path: Uint8Array | null = null): Cell {
  return { column, path, value: context, timestamp, ttl: 0, localDeletionTime: NO_DELETION_TIME, counter: true };
}

/** A deleted counter: beats every live counter cell, whatever their timestamps. */
export function counterTombstone(column: ColumnId, timestamp: Timestamp, nowSeconds: number, path: Uint8Array | null = null): Cell {
  return { column, path, value: null, timestamp, ttl: 0, localDeletionTime: nowSeconds, counter: true };
}

export function isCounterCell(cell: Cell): boolean {
  return cell.counter === true;
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
 * Cassandra's Cells.reconcile. Regular cells (CASSANDRA-14592 rules): the higher timestamp
 * wins; on a tie a tombstone beats a live cell, an expiring cell beats a non-expiring one, the
 * later local deletion time wins, then the greater value, and last the larger TTL, so every
 * replica picks the same cell whatever order it sees them in. When either side is a counter cell, the
 * counter rules apply (reconcileCounterCells).
 */
export function reconcileCells(left: Cell, right: Cell): Cell {
  if (left.counter === true || right.counter === true) return reconcileCounterCells(left, right);
  return reconcileRegularCells(left, right);
}

/**
 * Conflicts.resolveCounter and Cells.reconcile for counters: a tombstone beats a live counter
 * whatever the timestamps (CASSANDRA-7346: a deleted counter stays deleted); two tombstones
 * reconcile as regular ones; two live counters merge their contexts shard by shard, at the
 * larger timestamp. A live cell without the counter flag beside a counter cell is a caller's
 * error (a column is a counter or not); the regular rules pick one of them deterministically
 * rather than failing every later read of the partition.
 */
function reconcileCounterCells(left: Cell, right: Cell): Cell {
  const leftIsTombstone = left.value === null;
  const rightIsTombstone = right.value === null;
  if (leftIsTombstone !== rightIsTombstone) return leftIsTombstone ? left : right;
  if (leftIsTombstone || left.counter !== right.counter) return reconcileRegularCells(left, right);
  const merged = mergeCounterContexts(left.value!, right.value!);
  const timestamp = left.timestamp > right.timestamp ? left.timestamp : right.timestamp;
  if (merged === left.value && timestamp === left.timestamp) return left;
  if (merged === right.value && timestamp === right.timestamp) return right;
  return counterCell(left.column, merged, timestamp, left.path);
}

function reconcileRegularCells(left: Cell, right: Cell): Cell {
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
  const order = compareBytes(left.value, right.value);
  if (order !== 0) return order > 0 ? left : right;
  // Same value and expiry, different TTLs (written at different times): Cassandra leaves this
  // to argument order; the larger TTL wins here, so replicas converge whatever order they merge in.
  return left.ttl >= right.ttl ? left : right;
}

/**
 * A tombstone on a collection column's own (empty) path deletes every element of that column
 * written at or before it: Cassandra's complex deletion, written when a whole collection is
 * overwritten or deleted. Cells come sorted by (column, path) and the empty path sorts first,
 * so one pass over a row sees the column's deletion before its elements.
 */
export class ColumnDeletionTracker {
  private column = -1;
  private deletedAt: Timestamp | null = null;

  /** True when `cell` is an element shadowed by its column's deletion (the deletion itself is not). */
  shadows(cell: Cell): boolean {
    if (cell.column !== this.column) {
      this.column = cell.column;
      this.deletedAt = null;
    }
    if (cell.path === null) return false;
    if (cell.path.length === 0) {
      if (cell.value === null) this.deletedAt = cell.timestamp;
      return false;
    }
    return this.deletedAt !== null && cell.timestamp <= this.deletedAt;
  }
}
