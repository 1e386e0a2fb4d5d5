/**
 * Time-window compaction (Cassandra's TimeWindowCompactionStrategy), for time series written
 * once and expired by TTL: SSTables are bucketed by the window holding their newest write
 * (max timestamp), so each window ends up as one SSTable that expires as a whole.
 *
 *   window lower bound = floor(maxTimestamp in seconds / windowSeconds) * windowSeconds
 *
 *   newest window  (the highest lower bound among the store's SSTables, not the wall clock,
 *                   as Cassandra's highestWindowSeen): size-tiered among its SSTables with
 *                   min_threshold / max_threshold, since it is still being written.
 *   older windows  two or more SSTables: all of them (the max_threshold smallest) into one.
 *
 * Windows are visited newest first. With nothing due, a single SSTable with enough droppable
 * tombstones is rewritten alone (tombstone-compaction.ts).
 */

import { assert } from '../../lib/assert.js';
import type { TimestampResolution, TimeWindowOptions, TimeWindowUnit } from './compaction-options.js';
import type { CompactionPlan, CompactionStrategy } from './compaction-strategy.js';
import type { SSTableInfo } from './sstable-info.js';
import { mostInterestingBucket, sizeTieredBuckets } from './size-tiered-strategy.js';
import { planTombstoneCompaction } from './tombstone-compaction.js';

const UNIT_SECONDS: Record<TimeWindowUnit, bigint> = { MINUTES: 60n, HOURS: 3600n, DAYS: 86_400n };
const TICKS_PER_SECOND: Record<TimestampResolution, bigint> = {
  MICROSECONDS: 1_000_000n,
  MILLISECONDS: 1_000n,
  SECONDS: 1n,
};

export class TimeWindowCompactionStrategy implements CompactionStrategy {
  readonly name = 'TimeWindowCompactionStrategy';
  private readonly windowSeconds: bigint;

  constructor(readonly options: TimeWindowOptions) {
    assert(options.windowSize >= 1, 'window size must be positive');
    this.windowSeconds = UNIT_SECONDS[options.windowUnit] * BigInt(options.windowSize);
  }

  /** The lower bound, in seconds since the epoch, of the window holding `timestamp`. */
  windowOf(timestamp: bigint): bigint {
    const seconds = floorDivide(timestamp, TICKS_PER_SECOND[this.options.timestampResolution]);
    return floorDivide(seconds, this.windowSeconds) * this.windowSeconds;
  }

  nextTask(candidates: readonly SSTableInfo[], nowMs: number, compacting: readonly SSTableInfo[] = []): CompactionPlan | null {
    const windows = new Map<bigint, SSTableInfo[]>();
    for (const sstable of candidates) {
      const window = this.windowOf(sstable.stats.maxTimestamp);
      const members = windows.get(window);
      if (members === undefined) windows.set(window, [sstable]);
      else members.push(sstable);
    }
    let newest: bigint | null = null;
    for (const sstable of [...candidates, ...compacting]) {
      const window = this.windowOf(sstable.stats.maxTimestamp);
      if (newest === null || window > newest) newest = window;
    }
    const newestFirst = [...windows.keys()].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0));
    for (const window of newestFirst) {
      const members = windows.get(window)!;
      if (window === newest) {
        if (members.length < this.options.minThreshold) continue;
        const buckets = sizeTieredBuckets(members, { bucketLow: 0.5, bucketHigh: 1.5, minSSTableSizeBytes: 50 * 1024 * 1024 });
        const bucket = mostInterestingBucket(buckets, this.options.minThreshold, this.options.maxThreshold);
        if (bucket !== null) return this.plan(bucket, `time-window: size-tiered in the newest window ${window}`);
      } else if (members.length >= 2) {
        const trimmed = [...members].sort((a, b) => a.sizeOnDisk - b.sizeOnDisk).slice(0, this.options.maxThreshold);
        return this.plan(trimmed, `time-window: ${trimmed.length} sstables of the closed window ${window}`);
      }
    }
    return planTombstoneCompaction(candidates, compacting, nowMs, this.options, () => ({
      outputLevel: 0,
      maxOutputBytes: Number.POSITIVE_INFINITY,
    }));
  }

  private plan(sstables: readonly SSTableInfo[], reason: string): CompactionPlan {
    return {
      inputs: sstables.map((sstable) => sstable.descriptor),
      outputLevel: 0,
      maxOutputBytes: Number.POSITIVE_INFINITY,
      reason,
    };
  }
}

function floorDivide(a: bigint, b: bigint): bigint {
  const quotient = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? quotient - 1n : quotient;
}
