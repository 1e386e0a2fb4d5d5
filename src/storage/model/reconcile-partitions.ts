/**
 * What a coordinator does with the answers of several replicas for one partition (Cassandra's
 * DataResolver): merge them by the reconciliation rules (merge.ts: the newer timestamp wins,
 * a tombstone wins a tie, ...) and put the result in canonical form (canonical-partition.ts),
 * so that the result is the same whatever order the answers are merged in: commutative,
 * associative and idempotent (test/unit/storage/model/reconcile-partitions.test.ts), except
 * where counter tombstones beat newer live counters (cell.ts), which is Cassandra's rule too.
 *
 * Replicas number their tables each their own way (storage table ids are node-local), so the
 * two versions may carry different table ids: the result carries the first one's. They must be
 * the same partition (token and key).
 */

import { assert } from '../../lib/assert.js';
import { bytesEqual } from './byte-order.js';
import { canonicalPartition, isEmptyPartition } from './canonical-partition.js';
import { mergePartitions } from './merge.js';
import type { PartitionUpdate } from './partition-update.js';

/**
 * null stands for a replica that holds nothing of the partition, and is the answer when
 * nothing is left (a version holding only rows with nothing in them).
 */
export function reconcilePartitions(a: PartitionUpdate | null, b: PartitionUpdate | null): PartitionUpdate | null {
  if (a === null) return b === null ? null : nullIfEmpty(canonicalPartition(b));
  if (b === null) return nullIfEmpty(canonicalPartition(a));
  assert(a.token === b.token && bytesEqual(a.key, b.key), 'reconciling versions of different partitions');
  const sameTable = b.tableId === a.tableId ? b : { ...b, tableId: a.tableId };
  return nullIfEmpty(canonicalPartition(mergePartitions(a, sameTable)));
}

function nullIfEmpty(partition: PartitionUpdate): PartitionUpdate | null {
  return isEmptyPartition(partition) ? null : partition;
}

/** reconcilePartitions over any number of versions (none: null). */
export function reconcileAllPartitions(versions: readonly (PartitionUpdate | null)[]): PartitionUpdate | null {
  let merged: PartitionUpdate | null = null;
  for (const version of versions) merged = reconcilePartitions(merged, version);
  return merged;
}
