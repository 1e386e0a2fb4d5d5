/**
 * The write coordinator's replica groups: ring ranges whose replicas are the same nodes share
 * one group (one batch per replica, one ack count), whatever order each range lists them in;
 * a different keyspace strategy or different pending replicas make a group of their own.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { replicaGroupKey } from '../../../../src/cluster/coordinator/write-coordinator.js';
import { NO_PENDING } from '../../../../src/cluster/membership/pending-ranges.js';
import { SimpleStrategy } from '../../../../src/cluster/replication/simple-strategy.js';
import { endpoint, ringOf } from '../cluster-fixtures.js';

const [a, b, c, d] = [endpoint('a'), endpoint('b'), endpoint('c'), endpoint('d')];

describe('replicaGroupKey', () => {
  it('is one key for every range of a ring whose ranges all have the same replicas', () => {
    // Three nodes with several tokens each at RF 3: every range lists a, b and c, in many orders.
    const ring = ringOf([
      [a, [0, 30, 60]],
      [b, [10, 40, 70]],
      [c, [20, 50, 80]],
    ]);
    const strategy = new SimpleStrategy(3);
    const keys = new Set<string>();
    const orders = new Set<string>();
    for (const token of ring.sortedTokens()) {
      const replicas = strategy.replicasFor(token, ring);
      keys.add(replicaGroupKey(strategy, replicas, NO_PENDING));
      orders.add(replicas.map((r) => r.hostId).join());
    }
    expect(orders.size).toBeGreaterThan(1);
    expect(keys.size).toBe(1);
  });

  it('tells replica sets, strategies and pending replicas apart', () => {
    const ring = ringOf([
      [a, [0]],
      [b, [10]],
      [c, [20]],
      [d, [30]],
    ]);
    const rf2 = new SimpleStrategy(2);
    const otherRf2 = new SimpleStrategy(2);
    const ab = rf2.replicasFor(5n, ring);
    const bc = rf2.replicasFor(15n, ring);
    expect(replicaGroupKey(rf2, ab, NO_PENDING)).not.toBe(replicaGroupKey(rf2, bc, NO_PENDING));
    // Two keyspaces on the same nodes count their acks apart (their factors may differ).
    expect(replicaGroupKey(rf2, ab, NO_PENDING)).not.toBe(replicaGroupKey(otherRf2, otherRf2.replicasFor(5n, ring), NO_PENDING));
    expect(replicaGroupKey(rf2, ab, [d])).not.toBe(replicaGroupKey(rf2, ab, NO_PENDING));
    expect(replicaGroupKey(rf2, ab, [d])).not.toBe(replicaGroupKey(rf2, ab, [c]));
    expect(replicaGroupKey(rf2, ab, [d])).toBe(replicaGroupKey(rf2, ab, [d]));
  });

  it('groups two ranges together exactly when their replicas are the same nodes', () => {
    const nodes = [a, b, c, d];
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 4, maxLength: 24 }),
        fc.integer({ min: 1, max: 4 }),
        (owners, factor) => {
          // Tokens 0, 10, 20...: the first four owned by a, b, c, d (each node owns one), the rest
          // by the node drawn for them.
          const ownerOf = (i: number): number => (i < nodes.length ? i : owners[i]!);
          const ring = ringOf(nodes.map((node, n) => [node, owners.flatMap((_, i) => (ownerOf(i) === n ? [i * 10] : []))] as const));
          const strategy = new SimpleStrategy(factor);
          const ranges = ring.sortedTokens().map((token) => strategy.replicasFor(token, ring));
          for (const x of ranges) {
            for (const y of ranges) {
              const sameNodes = [...x.map((r) => r.hostId)].sort().join() === [...y.map((r) => r.hostId)].sort().join();
              expect(replicaGroupKey(strategy, x, NO_PENDING) === replicaGroupKey(strategy, y, NO_PENDING)).toBe(sameNodes);
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
