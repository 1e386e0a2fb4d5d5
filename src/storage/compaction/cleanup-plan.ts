/**
 * Which SSTables of one store a cleanup rewrites, and how (Cassandra's
 * CompactionManager.performCleanup / needsCleanup): each SSTable whose token bounds are not
 * wholly inside one kept span is rewritten alone, at its own level, into one output; one
 * wholly inside is left as it is. An SSTable spanning a gap between kept spans is rewritten
 * even when no key of it lies in the gap (its bounds cannot tell; Cassandra probes its index),
 * which costs a rewrite and drops nothing.
 *
 * One task per SSTable keeps leveled compaction's levels intact and lets each rewrite free its
 * input's space as soon as it ends.
 */

import type { CompactionPlan } from './compaction-strategy.js';
import type { SSTableInfo } from './sstable-info.js';
import { spansCover, type TokenSpan } from './token-spans.js';

export function needsCleanup(sstable: SSTableInfo, spans: readonly TokenSpan[]): boolean {
  if (sstable.stats.partitionCount === 0) return false;
  return !spansCover(spans, sstable.stats.minToken, sstable.stats.maxToken);
}

export function planCleanup(live: readonly SSTableInfo[], spans: readonly TokenSpan[]): CompactionPlan[] {
  return live
    .filter((sstable) => needsCleanup(sstable, spans))
    .map((sstable) => ({
      inputs: [sstable.descriptor],
      outputLevel: sstable.stats.level,
      maxOutputBytes: Number.POSITIVE_INFINITY,
      reason: `cleanup of generation ${sstable.descriptor.generation} (nodetool cleanup)`,
    }));
}
