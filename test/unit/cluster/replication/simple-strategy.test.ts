/**
 * SimpleStrategy: the first replication_factor distinct nodes clockwise from the token's range,
 * cached per range; effective ownership sums to the factor.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeEffectiveOwnership } from '../../../../src/cluster/replication/effective-ownership.js';
import { SimpleStrategy } from '../../../../src/cluster/replication/simple-strategy.js';
import { TokenMetadata } from '../../../../src/cluster/ring/token-metadata.js';
import { MAX_TOKEN, MIN_TOKEN } from '../../../../src/storage/model/token.js';
import { endpoint, hostIds, ringOf } from '../cluster-fixtures.js';

// Ring: a@0, b@10, a@20, c@30, d@40
const ring = ringOf([
  [endpoint('a'), [0, 20]],
  [endpoint('b'), [10]],
  [endpoint('c'), [30]],
  [endpoint('d'), [40]],
]);

describe('SimpleStrategy.replicasFor', () => {
  it('walks clockwise from the primary owner, skipping nodes already chosen', () => {
    const strategy = new SimpleStrategy(3);
    expect(hostIds(strategy.replicasFor(5n, ring))).toEqual(['b', 'a', 'c']);
    expect(hostIds(strategy.replicasFor(-5n, ring))).toEqual(['a', 'b', 'c']); // a@20 skipped
    expect(hostIds(strategy.replicasFor(35n, ring))).toEqual(['d', 'a', 'b']); // wraps
    expect(hostIds(strategy.replicasFor(MAX_TOKEN, ring))).toEqual(['a', 'b', 'c']);
  });

  it('returns every node when the factor exceeds the node count, and none on an empty ring', () => {
    expect(hostIds(new SimpleStrategy(9).replicasFor(5n, ring))).toEqual(['b', 'a', 'c', 'd']);
    expect(new SimpleStrategy(3).replicasFor(5n, TokenMetadata.EMPTY)).toEqual([]);
    expect(new SimpleStrategy(0).replicasFor(5n, ring)).toEqual([]);
  });

  it('ignores joining nodes', () => {
    const joining = ring.withNode(endpoint('e', 'dc1', 'r1', 'joining'), [5n]);
    expect(hostIds(new SimpleStrategy(2).replicasFor(5n, joining))).toEqual(['b', 'a']);
  });

  it('caches per range: tokens of one range share one list, a new ring gets its own', () => {
    const strategy = new SimpleStrategy(2);
    const first = strategy.replicasFor(1n, ring);
    expect(strategy.replicasFor(10n, ring)).toBe(first);
    const changed = ring.withNode(endpoint('e'), [5n]);
    expect(hostIds(strategy.replicasFor(10n, changed))).toEqual(['b', 'a']);
    expect(hostIds(strategy.replicasFor(1n, changed))).toEqual(['e', 'b']);
    expect(strategy.replicasFor(1n, ring)).toBe(first);
  });

  it('agrees with the uncached walk for random rings (property)', () => {
    const tokenArb = fc.bigInt({ min: MIN_TOKEN + 1n, max: MAX_TOKEN });
    fc.assert(
      fc.property(
        fc.uniqueArray(tokenArb, { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 5 }),
        tokenArb,
        (tokens, nodeCount, factor, t) => {
          const metadata = TokenMetadata.of(
            Array.from({ length: Math.min(nodeCount, tokens.length) }, (_, n) => ({
              endpoint: endpoint(`n${n}`),
              tokens: tokens.filter((_, i) => i % Math.min(nodeCount, tokens.length) === n),
            })),
          );
          const strategy = new SimpleStrategy(factor);
          const replicas = strategy.replicasFor(t, metadata);
          expect(replicas).toEqual(strategy.computeNaturalReplicas(metadata.ringIndexFor(t), metadata));
          expect(replicas[0]).toEqual(metadata.ownerOf(t));
          expect(new Set(hostIds(replicas)).size).toBe(replicas.length);
          expect(replicas.length).toBe(Math.min(factor, metadata.endpoints().length));
        },
      ),
    );
  });
});

describe('computeEffectiveOwnership', () => {
  it('sums to the replication factor, each node holding at most the whole ring', () => {
    const shares = computeEffectiveOwnership(new SimpleStrategy(3), ring);
    let total = 0;
    for (const share of shares.values()) {
      expect(share).toBeLessThanOrEqual(1);
      total += share;
    }
    expect(total).toBeCloseTo(3, 12);
  });

  it('gives every node the whole ring when nodes <= factor', () => {
    const shares = computeEffectiveOwnership(new SimpleStrategy(5), ring);
    for (const share of shares.values()) expect(share).toBe(1);
  });
});
