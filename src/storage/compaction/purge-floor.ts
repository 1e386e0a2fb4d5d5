/**
 * The purge floor of a key (Cassandra's CompactionController.getPurgeEvaluator): the oldest
 * write timestamp that data OUTSIDE the compaction could hold for that key. A tombstone may be
 * dropped only below it (model/purge.ts, maxPurgeableTimestamp): at or above it, the tombstone
 * may shadow data in an SSTable or memtable this compaction does not rewrite, and dropping it
 * would bring that data back.
 *
 *   floor(token, key) = min { o.minTimestamp : o overlaps token, and o may contain key }
 *                       over every SSTable and memtable outside the compaction,
 *                       or BEYOND_ANY_TIMESTAMP when none does (every old tombstone may go).
 *
 * "May contain" is the token range from the statistics, narrowed by the SSTable's bloom filter
 * when a probe is available; a false positive only keeps a tombstone longer, never drops one
 * that matters.
 */

import type { PartitionUpdate } from '../model/partition-update.js';
import type { Token } from '../model/token.js';

/** Greater than any int64 write timestamp. */
export const BEYOND_ANY_TIMESTAMP = 2n ** 63n;

export interface PurgeOverlapBounds {
  readonly minTimestamp: bigint;
  readonly minToken: Token;
  readonly maxToken: Token;
}

export type KeyProbe = (token: Token, key: Uint8Array) => boolean;

export interface PurgeOverlapSource extends PurgeOverlapBounds {
  /** A bloom filter probe; null when only the token range is known (memtables, summaries). */
  readonly mayContain: KeyProbe | null;
}

export class PurgeFloor {
  /** Oldest first, so the first source that may hold the key gives the floor. */
  private readonly sources: readonly PurgeOverlapSource[];

  constructor(sources: readonly PurgeOverlapSource[]) {
    this.sources = [...sources].sort((a, b) => (a.minTimestamp < b.minTimestamp ? -1 : a.minTimestamp > b.minTimestamp ? 1 : 0));
  }

  maxPurgeableTimestamp(partition: Pick<PartitionUpdate, 'token' | 'key'>): bigint {
    for (const source of this.sources) {
      if (partition.token < source.minToken || partition.token > source.maxToken) continue;
      if (source.mayContain !== null && !source.mayContain(partition.token, partition.key)) continue;
      return source.minTimestamp;
    }
    return BEYOND_ANY_TIMESTAMP;
  }
}
