/**
 * Replicas compare digests instead of data: the same data must digest the same however it is
 * spread over memtables and SSTables (merged in any grouping), and different data differently.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesEqual } from '../../../../src/storage/model/byte-order.js';
import { liveCell } from '../../../../src/storage/model/cell.js';
import { mergeAllPartitions } from '../../../../src/storage/model/merge.js';
import { partitionDigest, PARTITION_DIGEST_BYTES } from '../../../../src/storage/model/partition-digest.js';
import type { PartitionUpdate } from '../../../../src/storage/model/partition-update.js';
import { reconcileAllPartitions } from '../../../../src/storage/model/reconcile-partitions.js';
import { encoded, KEY, partitionVersion, TOKEN } from './random-partitions.js';

const hex = (digest: Uint8Array) => Buffer.from(digest).toString('hex');
const empty: PartitionUpdate = { tableId: 1, token: TOKEN, key: KEY, deletion: null, rangeTombstones: [], staticRow: null, rows: [] };

/** The versions cut into consecutive groups at `cuts`, each merged: one SSTable per group. */
function splitInto(versions: readonly PartitionUpdate[], cuts: readonly number[]): PartitionUpdate[] {
  const bounds = [...new Set([0, ...cuts.map((c) => c % (versions.length + 1)), versions.length])].sort((a, b) => a - b);
  const groups: PartitionUpdate[] = [];
  for (let i = 1; i < bounds.length; i++) {
    const group = versions.slice(bounds[i - 1], bounds[i]);
    if (group.length > 0) groups.push(mergeAllPartitions(group));
  }
  return groups;
}

/** Every timestamp a version holds: its SSTable's maxTimestamp statistic. */
function maxTimestamp(p: PartitionUpdate): bigint {
  let max = -(2n ** 63n);
  const see = (t: bigint) => (max = t > max ? t : max);
  if (p.deletion) see(p.deletion.markedForDeleteAt);
  for (const t of p.rangeTombstones) see(t.deletion.markedForDeleteAt);
  for (const row of [...p.rows, ...(p.staticRow ? [p.staticRow] : [])]) {
    if (row.liveness) see(row.liveness.timestamp);
    if (row.deletion) see(row.deletion.markedForDeleteAt);
    for (const cell of row.cells) see(cell.timestamp);
  }
  return max;
}

/**
 * What a read merges (TableStore.readMerged): SSTables newest first, leaving out those whose
 * newest write is older than a partition deletion already found.
 */
function readWithSkips(sstables: PartitionUpdate[]): PartitionUpdate {
  const byNewest = [...sstables].sort((a, b) => (maxTimestamp(b) > maxTimestamp(a) ? 1 : -1));
  const read: PartitionUpdate[] = [];
  let newestDeletion = -(2n ** 63n);
  for (const sstable of byNewest) {
    if (maxTimestamp(sstable) < newestDeletion) break;
    read.push(sstable);
    if (sstable.deletion && sstable.deletion.markedForDeleteAt > newestDeletion) newestDeletion = sstable.deletion.markedForDeleteAt;
  }
  return mergeAllPartitions(read);
}

describe('partitionDigest', () => {
  it('is 16 bytes, and no partition digests as an empty one', () => {
    expect(partitionDigest(null)).toHaveLength(PARTITION_DIGEST_BYTES);
    expect(hex(partitionDigest(empty))).toBe(hex(partitionDigest(null)));
    expect(hex(partitionDigest(null))).toBe('d41d8cd98f00b204e9800998ecf8427e'); // MD5 of nothing
  });

  it('is the same for the same writes however they were grouped into SSTables and merged, SSTables skipped or not', () => {
    fc.assert(
      fc.property(fc.array(partitionVersion, { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 4 }), fc.array(fc.nat(), { maxLength: 4 }), (writes, cutsA, cutsB) => {
        const replicaA = mergeAllPartitions(splitInto(writes, cutsA).reverse());
        const replicaB = readWithSkips(splitInto(writes, cutsB));
        expect(hex(partitionDigest(replicaA))).toBe(hex(partitionDigest(replicaB)));
      }),
      { numRuns: 500 },
    );
  });

  it('differs when the reconciled data differs', () => {
    fc.assert(
      fc.property(partitionVersion, partitionVersion, (a, b) => {
        const sameData = encoded(reconcileAllPartitions([a])) === encoded(reconcileAllPartitions([b]));
        expect(bytesEqual(partitionDigest(a), partitionDigest(b))).toBe(sameData);
      }),
      { numRuns: 500 },
    );
  });

  it('ignores the node-local table id, and sees a single changed timestamp or value', () => {
    const row = (value: string, ts: bigint) => ({ clustering: Uint8Array.of(1), liveness: null, deletion: null, cells: [liveCell(0, new TextEncoder().encode(value), ts)] });
    const p = { ...empty, rows: [row('a', 5n)] };
    expect(hex(partitionDigest({ ...p, tableId: 42 }))).toBe(hex(partitionDigest(p)));
    expect(hex(partitionDigest({ ...p, rows: [row('a', 6n)] }))).not.toBe(hex(partitionDigest(p)));
    expect(hex(partitionDigest({ ...p, rows: [row('b', 5n)] }))).not.toBe(hex(partitionDigest(p)));
  });
});
