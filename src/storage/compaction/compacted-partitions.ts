/**
 * What a compaction writes, before any file is involved: the inputs merged in (token, key)
 * order (merge-iterator.ts), each merged partition purged (model/purge.ts) with
 *
 *   gcBefore              = nowSeconds - gc_grace_seconds
 *   maxPurgeableTimestamp = the key's purge floor (purge-floor.ts)
 *
 * and partitions left empty dropped. Kept apart from the file handling in compaction-task.ts so
 * the purge rules are tested on plain values.
 */

import { assert } from '../../lib/assert.js';
import type { PartitionUpdate } from '../model/partition-update.js';
import { purgePartition } from '../model/purge.js';
import { mergePartitionStreams } from './merge-iterator.js';
import type { PurgeFloor } from './purge-floor.js';

export interface PurgeTime {
  readonly nowSeconds: number;
  readonly gcGraceSeconds: number;
}

export function* compactedPartitions(
  sources: readonly Iterator<PartitionUpdate>[],
  floor: PurgeFloor,
  time: PurgeTime,
): Generator<PartitionUpdate, void, undefined> {
  assert(Number.isInteger(time.nowSeconds) && Number.isInteger(time.gcGraceSeconds) && time.gcGraceSeconds >= 0, 'bad purge time');
  const gcBefore = time.nowSeconds - time.gcGraceSeconds;
  for (const merged of mergePartitionStreams(sources)) {
    const purged = purgePartition(merged, {
      nowSeconds: time.nowSeconds,
      gcBefore,
      maxPurgeableTimestamp: floor.maxPurgeableTimestamp(merged),
    });
    if (purged !== null) yield purged;
  }
}
