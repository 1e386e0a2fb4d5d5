/**
 * Size-tiered compaction (Cassandra's SizeTieredCompactionStrategy, the default): SSTables of
 * similar size are grouped into buckets, and a bucket with at least min_threshold members is
 * merged into one SSTable, so each datum is rewritten about log(n) times.
 *
 *   sizes ascending:  1  1  2  2  | 9 11 | 40 ...
 *   a file joins the first bucket whose average avg satisfies
 *       bucket_low * avg < size < bucket_high * avg
 *   or when both it and the bucket are under min_sstable_size (all small files bucket together).
 *
 * Among buckets with >= min_threshold files (each trimmed to max_threshold, smallest first),
 * Cassandra takes the hottest (reads per key); we keep no read meters, so every bucket is equally
 * hot and its tie-break decides: the bucket with the smallest average size, which is the
 * cheapest merge that removes the most files. With no bucket due, a single SSTable with enough
 * droppable tombstones is rewritten alone (tombstone-compaction.ts).
 */

import { assert } from '../../lib/assert.js';
import type { SizeTieredOptions } from './compaction-options.js';
import type { CompactionPlan, CompactionStrategy } from './compaction-strategy.js';
import type { SSTableInfo } from './sstable-info.js';
import { totalSizeOnDisk } from './sstable-info.js';
import { planTombstoneCompaction } from './tombstone-compaction.js';

export interface BucketOptions {
  readonly bucketLow: number;
  readonly bucketHigh: number;
  readonly minSSTableSizeBytes: number;
}

interface Bucket {
  averageBytes: number;
  readonly members: SSTableInfo[];
}

/** Cassandra's SizeTieredCompactionStrategy.getBuckets; members of each bucket ascend by size. */
export function sizeTieredBuckets(sstables: readonly SSTableInfo[], options: BucketOptions): SSTableInfo[][] {
  assert(options.bucketLow < options.bucketHigh, 'bucket_low must be below bucket_high');
  const sorted = [...sstables].sort((a, b) => a.sizeOnDisk - b.sizeOnDisk || a.descriptor.generation - b.descriptor.generation);
  const buckets: Bucket[] = [];
  for (const sstable of sorted) {
    const size = sstable.sizeOnDisk;
    const bucket = buckets.find(
      (candidate) =>
        (size > candidate.averageBytes * options.bucketLow && size < candidate.averageBytes * options.bucketHigh) ||
        (size < options.minSSTableSizeBytes && candidate.averageBytes < options.minSSTableSizeBytes),
    );
    if (bucket === undefined) {
      buckets.push({ averageBytes: size, members: [sstable] });
    } else {
      bucket.averageBytes = (bucket.averageBytes * bucket.members.length + size) / (bucket.members.length + 1);
      bucket.members.push(sstable);
    }
  }
  return buckets.map((bucket) => bucket.members);
}

/**
 * The bucket to compact: at least minThreshold files, trimmed to the maxThreshold smallest, and
 * of those the one with the smallest average size. Null when no bucket is due.
 */
export function mostInterestingBucket(
  buckets: readonly (readonly SSTableInfo[])[],
  minThreshold: number,
  maxThreshold: number,
): SSTableInfo[] | null {
  assert(minThreshold >= 2 && maxThreshold >= minThreshold, 'thresholds out of order');
  let best: SSTableInfo[] | null = null;
  let bestAverage = Number.POSITIVE_INFINITY;
  for (const bucket of buckets) {
    if (bucket.length < minThreshold) continue;
    const trimmed = [...bucket].sort((a, b) => a.sizeOnDisk - b.sizeOnDisk).slice(0, maxThreshold);
    const average = totalSizeOnDisk(trimmed) / trimmed.length;
    if (average < bestAverage) {
      best = trimmed;
      bestAverage = average;
    }
  }
  return best;
}

export class SizeTieredCompactionStrategy implements CompactionStrategy {
  readonly name = 'SizeTieredCompactionStrategy';

  constructor(readonly options: SizeTieredOptions) {
    assert(options.minThreshold >= 2 && options.maxThreshold >= options.minThreshold, 'thresholds out of order');
  }

  nextTask(candidates: readonly SSTableInfo[], nowMs: number, compacting: readonly SSTableInfo[] = []): CompactionPlan | null {
    const bucket = mostInterestingBucket(sizeTieredBuckets(candidates, this.options), this.options.minThreshold, this.options.maxThreshold);
    if (bucket !== null) {
      const averageMiB = totalSizeOnDisk(bucket) / bucket.length / (1024 * 1024);
      return {
        inputs: bucket.map((sstable) => sstable.descriptor),
        outputLevel: 0,
        maxOutputBytes: Number.POSITIVE_INFINITY,
        reason: `size-tiered: ${bucket.length} sstables of ~${averageMiB.toFixed(1)} MiB`,
      };
    }
    return planTombstoneCompaction(candidates, compacting, nowMs, this.options, () => ({
      outputLevel: 0,
      maxOutputBytes: Number.POSITIVE_INFINITY,
    }));
  }
}
