/**
 * Leveled compaction (Cassandra's LeveledCompactionStrategy / LeveledManifest): SSTables of
 * sstable_size_in_mb in levels L1..L8, each level fanout times larger than the one below and
 * made of SSTables whose token ranges do not overlap, so a read touches at most one SSTable per
 * level. Flushes land in L0, where SSTables overlap.
 *
 *   maxBytes(L0) = 4 * sstableSize            maxBytes(Ln) = fanout^n * sstableSize
 *
 * Each call picks, in this order:
 * 1. L0 far behind (more than 32 SSTables): size-tiered inside L0, output stays in L0.
 * 2. The highest level whose score bytes(Ln) / maxBytes(Ln) exceeds 1.001: one SSTable of Ln,
 *    chosen round-robin by token after the last one compacted in Ln, plus every SSTable of Ln+1
 *    it overlaps; output in Ln+1, split at sstableSize.
 * 3. Four or more SSTables in L0: up to 32 of them, oldest first. If they hold less than one
 *    sstableSize they merge into one L0 SSTable (not worth rewriting L1 for); otherwise with every
 *    L1 SSTable they overlap, into L1.
 * 4. A single SSTable with enough droppable tombstones, rewritten into its own level.
 *
 * A plan never overlaps a running task's inputs in the levels it writes, so concurrent tasks
 * cannot make a level overlap itself; only one L0 -> L1 task runs at a time.
 */

import { assert } from '../../lib/assert.js';
import type { LeveledOptions } from './compaction-options.js';
import type { CompactionPlan, CompactionStrategy } from './compaction-strategy.js';
import type { SSTableInfo } from './sstable-info.js';
import { compareByAge, tokenRangesOverlap, totalSizeOnDisk } from './sstable-info.js';
import { mostInterestingBucket, sizeTieredBuckets } from './size-tiered-strategy.js';
import { planTombstoneCompaction } from './tombstone-compaction.js';

/** Cassandra's LeveledGenerations.MAX_LEVEL_COUNT: levels 0 to 8. */
export const LEVEL_COUNT = 9;
/** SSTables in L0 that trigger an L0 -> L1 compaction. */
export const L0_COMPACTION_TRIGGER = 4;
/** Cassandra's MAX_COMPACTING_L0: the most L0 SSTables in one task; more means L0 is behind. */
export const L0_COMPACTING_MAX = 32;

interface TokenSpan {
  readonly minToken: bigint;
  readonly maxToken: bigint;
}

export class LeveledCompactionStrategy implements CompactionStrategy {
  readonly name = 'LeveledCompactionStrategy';
  /** Round-robin position per level: the max token of the last SSTable compacted out of it. */
  private readonly lastCompactedToken: (bigint | null)[] = new Array<bigint | null>(LEVEL_COUNT).fill(null);

  constructor(readonly options: LeveledOptions) {
    assert(options.sstableSizeBytes > 0 && options.fanout >= 2, 'bad leveled options');
  }

  maxBytesForLevel(level: number): number {
    assert(level >= 0 && level < LEVEL_COUNT, 'level out of range');
    if (level === 0) return L0_COMPACTION_TRIGGER * this.options.sstableSizeBytes;
    return this.options.fanout ** level * this.options.sstableSizeBytes;
  }

  nextTask(candidates: readonly SSTableInfo[], nowMs: number, compacting: readonly SSTableInfo[] = []): CompactionPlan | null {
    const free = byLevel(candidates);
    const busy = byLevel(compacting);
    const level0 = [...free[0]!].sort(compareByAge);

    if (level0.length > L0_COMPACTING_MAX) {
      const plan = this.sizeTieredInL0(level0);
      if (plan !== null) return plan;
    }
    for (let level = LEVEL_COUNT - 2; level >= 1; level--) {
      const bytes = totalSizeOnDisk(free[level]!) + totalSizeOnDisk(busy[level]!);
      const score = bytes / this.maxBytesForLevel(level);
      if (score <= 1.001) continue;
      const plan = this.promoteFromLevel(level, free, busy, score);
      if (plan !== null) return plan;
    }
    if (level0.length >= L0_COMPACTION_TRIGGER && busy[0]!.length === 0 && busy[1]!.length === 0) {
      return this.promoteFromL0(level0.slice(0, L0_COMPACTING_MAX), free[1]!);
    }
    return planTombstoneCompaction(candidates, compacting, nowMs, this.options, (sstable) => ({
      outputLevel: sstable.stats.level,
      maxOutputBytes: this.options.sstableSizeBytes,
    }));
  }

  private sizeTieredInL0(level0: readonly SSTableInfo[]): CompactionPlan | null {
    const buckets = sizeTieredBuckets(level0, { bucketLow: 0.5, bucketHigh: 1.5, minSSTableSizeBytes: 50 * 1024 * 1024 });
    const bucket = mostInterestingBucket(buckets, L0_COMPACTION_TRIGGER, L0_COMPACTING_MAX);
    if (bucket === null) return null;
    return {
      inputs: bucket.map((sstable) => sstable.descriptor),
      outputLevel: 0,
      maxOutputBytes: Number.POSITIVE_INFINITY,
      reason: `leveled: L0 is behind (${level0.length} sstables), size-tiered merge of ${bucket.length} in L0`,
    };
  }

  private promoteFromLevel(
    level: number,
    free: readonly (readonly SSTableInfo[])[],
    busy: readonly (readonly SSTableInfo[])[],
    score: number,
  ): CompactionPlan | null {
    const sorted = [...free[level]!].sort((a, b) => compareTokens(a.stats.minToken, b.stats.minToken));
    const last = this.lastCompactedToken[level] ?? null;
    const start = last === null ? 0 : Math.max(0, sorted.findIndex((sstable) => sstable.stats.minToken > last));
    const next = level + 1;
    const nextLevel = [...free[next]!, ...busy[next]!];
    for (let i = 0; i < sorted.length; i++) {
      const chosen = sorted[(start + i) % sorted.length]!;
      const overlapping = nextLevel.filter((sstable) => tokenRangesOverlap(chosen, sstable));
      const span = spanOf([chosen, ...overlapping]);
      const conflicts = [...busy[level]!, ...busy[next]!].some((sstable) => spansOverlap(span, sstable.stats));
      if (conflicts) continue;
      this.lastCompactedToken[level] = chosen.stats.maxToken;
      const inputs = [chosen, ...overlapping.sort((a, b) => compareTokens(a.stats.minToken, b.stats.minToken))];
      return {
        inputs: inputs.map((sstable) => sstable.descriptor),
        outputLevel: next,
        maxOutputBytes: this.options.sstableSizeBytes,
        reason: `leveled: L${level} score ${score.toFixed(2)}, 1 sstable + ${overlapping.length} overlapping in L${next}`,
      };
    }
    return null;
  }

  private promoteFromL0(picked: readonly SSTableInfo[], level1: readonly SSTableInfo[]): CompactionPlan {
    assert(picked.length >= L0_COMPACTION_TRIGGER, 'too few L0 sstables');
    const bytes = totalSizeOnDisk(picked);
    if (bytes < this.options.sstableSizeBytes) {
      return {
        inputs: picked.map((sstable) => sstable.descriptor),
        outputLevel: 0,
        maxOutputBytes: this.options.sstableSizeBytes,
        reason: `leveled: ${picked.length} small L0 sstables merged within L0`,
      };
    }
    const span = spanOf(picked);
    const overlapping = level1.filter((sstable) => spansOverlap(span, sstable.stats));
    return {
      inputs: [...picked, ...overlapping].map((sstable) => sstable.descriptor),
      outputLevel: 1,
      maxOutputBytes: this.options.sstableSizeBytes,
      reason: `leveled: ${picked.length} L0 sstables + ${overlapping.length} overlapping in L1`,
    };
  }
}

function byLevel(sstables: readonly SSTableInfo[]): SSTableInfo[][] {
  const levels: SSTableInfo[][] = Array.from({ length: LEVEL_COUNT }, () => []);
  for (const sstable of sstables) {
    const level = sstable.stats.level;
    assert(Number.isInteger(level) && level >= 0 && level < LEVEL_COUNT, `sstable level ${level} out of range`);
    levels[level]!.push(sstable);
  }
  return levels;
}

function spanOf(sstables: readonly SSTableInfo[]): TokenSpan {
  assert(sstables.length > 0, 'empty span');
  let minToken = sstables[0]!.stats.minToken;
  let maxToken = sstables[0]!.stats.maxToken;
  for (const sstable of sstables) {
    if (sstable.stats.minToken < minToken) minToken = sstable.stats.minToken;
    if (sstable.stats.maxToken > maxToken) maxToken = sstable.stats.maxToken;
  }
  return { minToken, maxToken };
}

function spansOverlap(a: TokenSpan, b: TokenSpan): boolean {
  return a.minToken <= b.maxToken && b.minToken <= a.maxToken;
}

function compareTokens(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
