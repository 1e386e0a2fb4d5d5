import { describe, expect, it } from 'vitest';
import { createCompactionStrategy } from '../../../../src/storage/compaction/create-compaction-strategy.js';
import { sizeTieredBuckets } from '../../../../src/storage/compaction/size-tiered-strategy.js';
import { fakeSSTable, generations, MiB } from './fake-sstables.js';

const DAY_MS = 86_400_000;
const NOW_MS = 100 * DAY_MS;

describe('size-tiered buckets', () => {
  it('groups similar sizes and puts every small file in one bucket', () => {
    const sstables = [
      fakeSSTable({ generation: 1, sizeOnDisk: 1 * MiB }),
      fakeSSTable({ generation: 2, sizeOnDisk: 30 * MiB }),
      fakeSSTable({ generation: 3, sizeOnDisk: 100 * MiB }),
      fakeSSTable({ generation: 4, sizeOnDisk: 120 * MiB }),
      fakeSSTable({ generation: 5, sizeOnDisk: 1000 * MiB }),
    ];
    const buckets = sizeTieredBuckets(sstables, { bucketLow: 0.5, bucketHigh: 1.5, minSSTableSizeBytes: 50 * MiB });
    expect(buckets.map((bucket) => bucket.map((s) => s.descriptor.generation))).toEqual([[1, 2], [3, 4], [5]]);
  });
});

describe('SizeTieredCompactionStrategy', () => {
  const strategy = createCompactionStrategy({ class: 'SizeTieredCompactionStrategy' });

  it('waits for min_threshold similar sstables', () => {
    const three = [1, 2, 3].map((generation) => fakeSSTable({ generation, sizeOnDisk: 100 * MiB }));
    expect(strategy.nextTask(three, NOW_MS)).toBeNull();
    const four = [...three, fakeSSTable({ generation: 4, sizeOnDisk: 110 * MiB })];
    const plan = strategy.nextTask(four, NOW_MS);
    expect(generations(plan)).toEqual([1, 2, 3, 4]);
    expect(plan?.outputLevel).toBe(0);
    expect(plan?.maxOutputBytes).toBe(Number.POSITIVE_INFINITY);
  });

  it('prefers the bucket with the smallest average size and trims to max_threshold', () => {
    const big = [1, 2, 3, 4].map((generation) => fakeSSTable({ generation, sizeOnDisk: 500 * MiB }));
    const small = Array.from({ length: 40 }, (_, i) => fakeSSTable({ generation: 10 + i, sizeOnDisk: (1 + i) * 1000 }));
    const plan = strategy.nextTask([...big, ...small], NOW_MS);
    expect(plan?.inputs).toHaveLength(32);
    expect(generations(plan)).toEqual(Array.from({ length: 32 }, (_, i) => 10 + i));
  });

  it('honours min_threshold and bucket options', () => {
    const tight = createCompactionStrategy({ class: 'SizeTieredCompactionStrategy', min_threshold: '2', min_sstable_size: '0' });
    const sstables = [fakeSSTable({ generation: 1, sizeOnDisk: 10 * MiB }), fakeSSTable({ generation: 2, sizeOnDisk: 40 * MiB })];
    expect(tight.nextTask(sstables, NOW_MS)).toBeNull();
    const wide = createCompactionStrategy({
      class: 'SizeTieredCompactionStrategy',
      min_threshold: '2',
      min_sstable_size: '0',
      bucket_high: '5',
    });
    expect(generations(wide.nextTask(sstables, NOW_MS))).toEqual([1, 2]);
  });

  it('rewrites one old sstable alone when most of it is droppable tombstones', () => {
    const gcGraceSeconds = 3600;
    const stcs = createCompactionStrategy({ class: 'SizeTieredCompactionStrategy' }, { gcGraceSeconds });
    const nowSeconds = NOW_MS / 1000;
    const tombstoneHeavy = fakeSSTable({
      generation: 7,
      sizeOnDisk: 10 * MiB,
      createdAtMs: NOW_MS - 2 * DAY_MS,
      rowCount: 100,
      tombstoneCount: 100,
      minLocalDeletionTime: nowSeconds - 3 * 86_400,
      maxLocalDeletionTime: nowSeconds - 2 * 86_400,
      minToken: 0n,
      maxToken: 100n,
    });
    expect(generations(stcs.nextTask([tombstoneHeavy], NOW_MS))).toEqual([7]);
    // Too young: tombstone_compaction_interval (1 day) has not passed since it was written.
    const young = fakeSSTable({ ...tombstoneHeavyFields(nowSeconds), generation: 8, createdAtMs: NOW_MS - 1000 });
    expect(stcs.nextTask([young], NOW_MS)).toBeNull();
    // Another sstable over the same tokens with older data: the tombstones would be kept anyway.
    const olderOverlap = fakeSSTable({ generation: 1, sizeOnDisk: 900 * MiB, minToken: 50n, maxToken: 500n, minTimestamp: 0n });
    expect(stcs.nextTask([tombstoneHeavy, olderOverlap], NOW_MS)).toBeNull();
    const unchecked = createCompactionStrategy(
      { class: 'SizeTieredCompactionStrategy', unchecked_tombstone_compaction: 'true' },
      { gcGraceSeconds },
    );
    expect(generations(unchecked.nextTask([tombstoneHeavy, olderOverlap], NOW_MS))).toEqual([7]);
  });
});

function tombstoneHeavyFields(nowSeconds: number) {
  return {
    sizeOnDisk: 10 * MiB,
    rowCount: 100,
    tombstoneCount: 100,
    minLocalDeletionTime: nowSeconds - 3 * 86_400,
    maxLocalDeletionTime: nowSeconds - 2 * 86_400,
  };
}
