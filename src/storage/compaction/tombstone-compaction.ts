/**
 * Single-SSTable tombstone compaction (Cassandra's AbstractCompactionStrategy
 * .worthDroppingTombstones): when no merge is due, an SSTable whose estimated share of
 * droppable tombstones exceeds tombstone_threshold is rewritten alone so its tombstones go.
 *
 * Our statistics carry no deletion-time histogram, so the share is estimated: the fraction of
 * the SSTable's [minLocalDeletionTime, min(maxLocalDeletionTime, now)] span that lies before
 * gcBefore (deletion times assumed uniform; a tombstone's deletion time is never in the future,
 * and a live cell's NO_DELETION_TIME would otherwise stretch the span to 2038), times
 * tombstoneCount / (rowCount + tombstoneCount).
 *
 * Unless unchecked_tombstone_compaction is set, an SSTable is skipped when another live SSTable
 * overlaps its token range with data older than its newest write: the purge rule would then
 * keep most tombstones, and the rewrite would be wasted (Cassandra estimates the overlap finer).
 */

import { assert } from '../../lib/assert.js';
import type { TombstoneCompactionOptions } from './compaction-options.js';
import type { CompactionPlan } from './compaction-strategy.js';
import type { SSTableInfo } from './sstable-info.js';
import { tokenRangesOverlap } from './sstable-info.js';

export function estimateDroppableTombstoneRatio(sstable: SSTableInfo, gcBefore: number, nowSeconds: number): number {
  const { tombstoneCount, rowCount, minLocalDeletionTime } = sstable.stats;
  if (tombstoneCount === 0 || minLocalDeletionTime >= gcBefore) return 0;
  const maxLocalDeletionTime = Math.min(sstable.stats.maxLocalDeletionTime, nowSeconds);
  const span = maxLocalDeletionTime - minLocalDeletionTime;
  const droppableShare = maxLocalDeletionTime < gcBefore || span <= 0 ? 1 : (gcBefore - minLocalDeletionTime) / span;
  const ratio = (droppableShare * tombstoneCount) / (rowCount + tombstoneCount);
  assert(ratio >= 0 && ratio <= 1, 'droppable ratio out of range');
  return ratio;
}

export interface TombstoneCompactionTarget {
  readonly outputLevel: number;
  readonly maxOutputBytes: number;
}

/**
 * `candidates` may be compacted; `others` are every other live SSTable of the store (compacting
 * ones included), which decide whether a tombstone could still shadow data elsewhere.
 */
export function planTombstoneCompaction(
  candidates: readonly SSTableInfo[],
  others: readonly SSTableInfo[],
  nowMs: number,
  options: TombstoneCompactionOptions,
  target: (sstable: SSTableInfo) => TombstoneCompactionTarget,
): CompactionPlan | null {
  const nowSeconds = Math.floor(nowMs / 1000);
  const gcBefore = nowSeconds - options.gcGraceSeconds;
  const scored = candidates
    .map((sstable) => ({ sstable, ratio: estimateDroppableTombstoneRatio(sstable, gcBefore, nowSeconds) }))
    .filter((entry) => entry.ratio > options.tombstoneThreshold)
    .sort((a, b) => b.ratio - a.ratio || a.sstable.descriptor.generation - b.sstable.descriptor.generation);
  for (const { sstable, ratio } of scored) {
    const ageMs = nowMs - sstable.stats.createdAtMs;
    if (ageMs < options.tombstoneCompactionIntervalSeconds * 1000) continue;
    if (!options.uncheckedTombstoneCompaction && shadowsDataElsewhere(sstable, candidates, others)) continue;
    const { outputLevel, maxOutputBytes } = target(sstable);
    return {
      inputs: [sstable.descriptor],
      outputLevel,
      maxOutputBytes,
      reason: `tombstone compaction of generation ${sstable.descriptor.generation}: ~${(ratio * 100).toFixed(0)}% droppable`,
    };
  }
  return null;
}

function shadowsDataElsewhere(sstable: SSTableInfo, candidates: readonly SSTableInfo[], others: readonly SSTableInfo[]): boolean {
  const check = (other: SSTableInfo): boolean =>
    other !== sstable &&
    other.descriptor.generation !== sstable.descriptor.generation &&
    tokenRangesOverlap(sstable, other) &&
    other.stats.minTimestamp <= sstable.stats.maxTimestamp;
  return candidates.some(check) || others.some(check);
}
