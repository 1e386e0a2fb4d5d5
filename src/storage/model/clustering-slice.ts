/**
 * Which rows of a partition a read wants: clustering bounds (a prefix each, ADR 0003), the
 * direction and a row limit. An empty prefix is unbounded. `sliceRows` applies a slice to a
 * sorted row list; SSTable readers use the bounds to skip blocks of wide partitions.
 */

import type { ClusteringBound } from './range-tombstone.js';
import { isAfterStart, isBeforeEnd } from './range-tombstone.js';
import type { Row } from './row.js';

export interface ClusteringSlice {
  readonly start: ClusteringBound;
  readonly end: ClusteringBound;
  readonly reversed: boolean;
  /** Rows to return at most; Infinity for no limit. */
  readonly limit: number;
}

const UNBOUNDED: ClusteringBound = Object.freeze({ prefix: new Uint8Array(0), inclusive: true });

export const FULL_SLICE: ClusteringSlice = Object.freeze({
  start: UNBOUNDED,
  end: UNBOUNDED,
  reversed: false,
  limit: Infinity,
});

/**
 * A slice's bounds alone, ascending and unlimited: what an unfiltered (replica) read serves,
 * the coordinator applying direction and limit after reconciling. The slice itself when it is
 * that already.
 */
export function boundsOnly(slice: ClusteringSlice): ClusteringSlice {
  if (!slice.reversed && slice.limit === Infinity) return slice;
  return { start: slice.start, end: slice.end, reversed: false, limit: Infinity };
}

/** Whether a slice asks for every row in clustering order: unbounded, forward, no limit. */
export function isFullSlice(slice: ClusteringSlice): boolean {
  return slice.start.prefix.length === 0 && slice.end.prefix.length === 0 && !slice.reversed && slice.limit === Infinity;
}

export function isInSlice(clustering: Uint8Array, slice: ClusteringSlice): boolean {
  return isAfterStart(clustering, slice.start) && isBeforeEnd(clustering, slice.end);
}

/** The rows of a sorted list that fall in the slice, in the slice's direction, at most `limit`. */
export function sliceRows(rows: readonly Row[], slice: ClusteringSlice): Row[] {
  const selected: Row[] = [];
  if (slice.limit <= 0) return selected;
  if (slice.reversed) {
    for (let i = rows.length - 1; i >= 0 && selected.length < slice.limit; i--) {
      if (isInSlice(rows[i]!.clustering, slice)) selected.push(rows[i]!);
    }
  } else {
    for (let i = 0; i < rows.length && selected.length < slice.limit; i++) {
      if (isInSlice(rows[i]!.clustering, slice)) selected.push(rows[i]!);
    }
  }
  return selected;
}
