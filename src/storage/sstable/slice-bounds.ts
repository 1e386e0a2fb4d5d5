/**
 * Cheap, conservative tests of whether a range of clusterings can meet a slice, so a slice
 * read skips row chunks and drops range tombstones that cannot matter. "May intersect" may
 * answer true for a disjoint pair (the caller filters rows again); it never answers false for
 * an intersecting one.
 *
 * Why the chunk test is exact enough: the clusterings outside a start bound form a downward
 * closed set, and those outside an end bound an upward closed set (range-tombstone.ts draws the
 * bound rules), so a chunk whose last row is before the start, or whose first row is after the
 * end, holds no row of the slice.
 */

import { compareBytes, startsWith } from '../model/byte-order.js';
import type { ClusteringSlice } from '../model/clustering-slice.js';
import type { RangeTombstone } from '../model/range-tombstone.js';
import { isAfterStart, isBeforeEnd } from '../model/range-tombstone.js';

/** Can a run of rows from `first` to `last` (ascending) hold a row of the slice? */
export function chunkMayIntersect(first: Uint8Array, last: Uint8Array, slice: ClusteringSlice): boolean {
  return isAfterStart(last, slice.start) && isBeforeEnd(first, slice.end);
}

/**
 * Can the tombstone cover a clustering of the slice? False only when one lies wholly before
 * the other: its end prefix sorts before the slice's start prefix and is not a prefix of it
 * (then every clustering it covers differs from the start at a smaller byte), or the mirror
 * case on the other side. Inclusiveness is ignored, which only ever answers true.
 */
export function tombstoneMayIntersect(tombstone: RangeTombstone, slice: ClusteringSlice): boolean {
  const end = tombstone.end.prefix;
  const sliceStart = slice.start.prefix;
  if (end.length > 0 && sliceStart.length > 0 && compareBytes(end, sliceStart) < 0 && !startsWith(sliceStart, end)) {
    return false;
  }
  const start = tombstone.start.prefix;
  const sliceEnd = slice.end.prefix;
  if (start.length > 0 && sliceEnd.length > 0 && compareBytes(start, sliceEnd) > 0 && !startsWith(start, sliceEnd)) {
    return false;
  }
  return true;
}
