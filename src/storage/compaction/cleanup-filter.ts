/**
 * The cleanup side of a compaction (Cassandra's CompactionManager.CleanupStrategy): a source
 * whose partitions outside the kept token spans are stepped over before the merge sees them,
 * and counted. Every version of a key has the key's token, so filtering each source alone
 * drops exactly the keys outside the spans, wherever their versions lie. Nothing is written
 * for a dropped partition, not even a tombstone: the data is not deleted, it just is not
 * this node's to keep any more (other replicas hold it).
 */

import { PartitionHeaderLayout } from '../model/partition-codec.js';
import type { ScannedPartition } from '../sstable/sstable-reader.js';
import { spansContain, type TokenSpan } from './token-spans.js';

/** Partitions a cleanup dropped so far (versions: one per source holding the key). */
export interface CleanupTally {
  partitionsDropped: number;
}

export function* keepPartitionsIn(
  source: Iterator<ScannedPartition>,
  spans: readonly TokenSpan[],
  tally: CleanupTally,
): Generator<ScannedPartition, void, undefined> {
  for (let next = source.next(); next.done !== true; next = source.next()) {
    const partition = next.value;
    if (spansContain(spans, tokenOf(partition))) yield partition;
    else tally.partitionsDropped++;
  }
}

function tokenOf(partition: ScannedPartition): bigint {
  if (partition.decoded !== null) return partition.decoded.token;
  const { bytes, start } = partition;
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigInt64(start + PartitionHeaderLayout.token);
}
