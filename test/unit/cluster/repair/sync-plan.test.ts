/**
 * From trees to sync tasks: pairs of replicas that agree get no task, a pair that differs gets
 * exactly its differing sub-ranges (adjacent ones merged, also around the ring's end), and
 * the count of ranges some pair disagrees on.
 */

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MerkleTreeBuilder } from '../../../../src/cluster/repair/merkle-tree-builder.js';
import type { MerkleTree } from '../../../../src/cluster/repair/merkle-tree.js';
import { mergeAdjacent, planSyncTasks } from '../../../../src/cluster/repair/sync-plan.js';
import { TokenRange } from '../../../../src/cluster/ring/token-range.js';
import { endpoint } from '../cluster-fixtures.js';

const md5 = (s: string): Uint8Array => new Uint8Array(createHash('md5').update(s).digest());
const r = (left: number, right: number): TokenRange => TokenRange.create(BigInt(left), BigInt(right));

function tree(range: TokenRange, partitions: ReadonlyArray<readonly [number, string]>): MerkleTree {
  const builder = new MerkleTreeBuilder(range, 4);
  for (const [t, content] of partitions) builder.add(BigInt(t), md5(content));
  return builder.build();
}

describe('mergeAdjacent', () => {
  it('merges ranges that touch, and the last into the first around the ring', () => {
    expect(mergeAdjacent([r(0, 10), r(10, 20), r(30, 40)])).toEqual([r(0, 20), r(30, 40)]);
    expect(mergeAdjacent([r(-100, 0), r(10, 20), r(20, -100)])).toEqual([r(10, 0)]);
    expect(mergeAdjacent([r(0, 10), r(10, 0)])).toEqual([r(0, 0)]);
    expect(mergeAdjacent([])).toEqual([]);
  });
});

describe('planSyncTasks', () => {
  const [a, b, c] = [endpoint('a'), endpoint('b'), endpoint('c')];
  const ranges = [r(0, 1600), r(1600, 3200)];
  const data: Array<readonly [number, string]> = Array.from({ length: 32 }, (_, i) => [50 + i * 100, `p${i}`]);

  it('gives no task to replicas that agree', () => {
    const same = ranges.map((range) => tree(range, data.filter(([t]) => TokenRange.contains(range, BigInt(t)))));
    expect(planSyncTasks([a, b, c], [same, same, same])).toEqual({ tasks: [], rangesDiffered: 0 });
  });

  it('gives each differing pair the sub-ranges where it differs, merged where they touch', () => {
    const treesOf = (partitions: ReadonlyArray<readonly [number, string]>): MerkleTree[] =>
      ranges.map((range) => tree(range, partitions.filter(([t]) => TokenRange.contains(range, BigInt(t)))));
    // c misses the partitions at 1550 and 1650: the last leaf of the first range and the first of the second.
    const full = treesOf(data);
    const missing = treesOf(data.filter(([t]) => t !== 1550 && t !== 1650));
    const plan = planSyncTasks([a, b, c], [full, full, missing]);
    expect(plan.rangesDiffered).toBe(2);
    expect(plan.tasks.map((t) => [t.a.hostId, t.b.hostId, t.ranges.map(TokenRange.toString)])).toEqual([
      ['a', 'c', ['(1500,1700]']],
      ['b', 'c', ['(1500,1700]']],
    ]);
  });
});
