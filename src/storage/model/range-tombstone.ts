/**
 * A range tombstone: deletes every row whose clustering falls between two bounds (DELETE ...
 * WHERE ck > 3 AND ck <= 9). A bound is a clustering prefix, byte-comparable encoded (ADR 0003),
 * so a prefix's encoding is a prefix of every clustering that starts with those values. An
 * empty prefix means unbounded on that side.
 *
 *   start inclusive  covers c  iff  c >= prefix                (every extension of prefix too)
 *   start exclusive  covers c  iff  c > prefix and c does not start with prefix
 *   end   inclusive  covers c  iff  c <= prefix or c starts with prefix
 *   end   exclusive  covers c  iff  c < prefix
 */

import { compareBytes, startsWith } from './byte-order.js';
import type { DeletionTime } from './deletion-time.js';
import { newerDeletion } from './deletion-time.js';

export interface ClusteringBound {
  readonly prefix: Uint8Array;
  readonly inclusive: boolean;
}

export interface RangeTombstone {
  readonly start: ClusteringBound;
  readonly end: ClusteringBound;
  readonly deletion: DeletionTime;
}

export function isAfterStart(clustering: Uint8Array, start: ClusteringBound): boolean {
  if (start.prefix.length === 0) return true;
  if (startsWith(clustering, start.prefix)) return start.inclusive;
  return compareBytes(clustering, start.prefix) > 0;
}

export function isBeforeEnd(clustering: Uint8Array, end: ClusteringBound): boolean {
  if (end.prefix.length === 0) return true;
  if (startsWith(clustering, end.prefix)) return end.inclusive;
  return compareBytes(clustering, end.prefix) < 0;
}

export function rangeCovers(tombstone: RangeTombstone, clustering: Uint8Array): boolean {
  return isAfterStart(clustering, tombstone.start) && isBeforeEnd(clustering, tombstone.end);
}

/** The newest deletion shadowing a row: the partition's, or a range tombstone covering it. */
export function deletionCovering(
  partitionDeletion: DeletionTime,
  rangeTombstones: readonly RangeTombstone[],
  clustering: Uint8Array,
): DeletionTime {
  let shadow = partitionDeletion;
  for (const tombstone of rangeTombstones) {
    if (rangeCovers(tombstone, clustering)) shadow = newerDeletion(shadow, tombstone.deletion);
  }
  return shadow;
}
