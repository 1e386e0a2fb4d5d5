/**
 * From the replicas' trees to sync tasks (Cassandra's RepairJob.createSyncTasks): every pair
 * of replicas compares its trees range by range; the sub-ranges where they differ, merged
 * where they touch, become one task for that pair, which streams those sub-ranges both ways.
 * A pair that agrees everywhere gets no task. Pure.
 */

import { assert } from '../../lib/assert.js';
import type { Endpoint } from '../ring/endpoint.js';
import { TokenRange } from '../ring/token-range.js';
import { merkleDifference } from './merkle-difference.js';
import type { MerkleTree } from './merkle-tree.js';

export interface SyncTask {
  readonly a: Endpoint;
  readonly b: Endpoint;
  /** The sub-ranges where a and b differ, in ring order, adjacent ones merged. */
  readonly ranges: readonly TokenRange[];
}

export interface SyncPlan {
  readonly tasks: readonly SyncTask[];
  /** How many of the session's ranges some pair of replicas disagrees on. */
  readonly rangesDiffered: number;
}

/** `trees[r][i]`: replica r's tree of the session's range i. */
export function planSyncTasks(replicas: readonly Endpoint[], trees: ReadonlyArray<readonly MerkleTree[]>): SyncPlan {
  assert(trees.length === replicas.length, `${trees.length} replicas' trees for ${replicas.length} replicas`);
  const rangeCount = trees[0]?.length ?? 0;
  assert(
    trees.every((t) => t.length === rangeCount),
    'every replica answers one tree per range',
  );
  const differed = new Set<number>();
  const tasks: SyncTask[] = [];
  for (let a = 0; a < replicas.length; a++) {
    for (let b = a + 1; b < replicas.length; b++) {
      const ranges: TokenRange[] = [];
      for (let i = 0; i < rangeCount; i++) {
        const diff = merkleDifference(trees[a]![i]!, trees[b]![i]!);
        if (diff.length > 0) differed.add(i);
        ranges.push(...diff);
      }
      if (ranges.length > 0) tasks.push({ a: replicas[a]!, b: replicas[b]!, ranges: mergeAdjacent(ranges) });
    }
  }
  return { tasks, rangesDiffered: differed.size };
}

/** Ranges in ring order with each one that starts where the last ended merged into it. */
export function mergeAdjacent(ranges: readonly TokenRange[]): TokenRange[] {
  const merged: TokenRange[] = [];
  for (const range of ranges) {
    const last = merged.at(-1);
    if (last !== undefined && last.right === range.left) merged[merged.length - 1] = TokenRange.create(last.left, range.right);
    else merged.push(range);
  }
  // The last may also touch the first, around the ring's end.
  if (merged.length > 1 && merged.at(-1)!.right === merged[0]!.left) {
    merged[0] = TokenRange.create(merged.at(-1)!.left, merged[0]!.right);
    merged.pop();
  }
  return merged;
}
