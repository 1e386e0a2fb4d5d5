/**
 * Pending ranges, as Cassandra's calculatePendingRanges: a joining node is pending for exactly
 * the ranges it will replicate, a leaving node's ranges are pending on the nodes that take
 * them over, a replacement is pending for the dead node's ranges; under SimpleStrategy and
 * NetworkTopologyStrategy. A property checks, for random rings and one change, that a token's
 * pending replicas are exactly its replicas after the change less its replicas now.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computePendingRanges, PendingRanges } from '../../../../src/cluster/membership/pending-ranges.js';
import { PendingRangeCache } from '../../../../src/cluster/membership/pending-range-cache.js';
import type { RingState } from '../../../../src/cluster/membership/ring-state.js';
import { NetworkTopologyStrategy } from '../../../../src/cluster/replication/network-topology-strategy.js';
import type { ReplicationStrategy } from '../../../../src/cluster/replication/replication-strategy.js';
import { SimpleStrategy } from '../../../../src/cluster/replication/simple-strategy.js';
import { TokenMetadata } from '../../../../src/cluster/ring/token-metadata.js';
import { TokenRange } from '../../../../src/cluster/ring/token-range.js';
import { MAX_TOKEN, MIN_TOKEN } from '../../../../src/storage/model/token.js';
import { endpoint, hostIds, ringOf } from '../cluster-fixtures.js';

const state = (metadata: TokenMetadata, replacements: RingState['replacements'] = []): RingState => ({ metadata, replacements });
const ranges = (list: readonly TokenRange[]): string[] => list.map(TokenRange.toString);

// a@0, b@10, c@20, d@30; RF 2: (30,0] a,b  (0,10] b,c  (10,20] c,d  (20,30] d,a
const base = ringOf([
  [endpoint('a'), [0]],
  [endpoint('b'), [10]],
  [endpoint('c'), [20]],
  [endpoint('d'), [30]],
]);
const rf2 = new SimpleStrategy(2);

describe('computePendingRanges, SimpleStrategy', () => {
  it('has none on a ring with no change under way', () => {
    expect(computePendingRanges(rf2, state(base))).toBe(PendingRanges.NONE);
    expect(PendingRanges.NONE.pendingFor(5n)).toEqual([]);
  });

  it('makes a joining node pending for the ranges it will replicate, and nothing else', () => {
    // e@15 joins: (0,10] b,e and (10,15] e,c afterwards.
    const pending = computePendingRanges(rf2, state(base.withNode(endpoint('e', 'dc1', 'r1', 'joining'), [15n])));
    expect(ranges(pending.rangesOf('e'))).toEqual(['(0,15]']);
    expect(hostIds(pending.pendingFor(5n))).toEqual(['e']);
    expect(hostIds(pending.pendingFor(15n))).toEqual(['e']);
    expect(pending.pendingFor(16n)).toEqual([]);
    expect(pending.pendingFor(0n)).toEqual([]);
    expect(pending.pendingFor(25n)).toEqual([]);
    expect(pending.entries().map((e) => [TokenRange.toString(e.range), hostIds(e.pending)])).toEqual([['(0,15]', ['e']]]);
  });

  it("makes the nodes that take over a leaving node's ranges pending for them", () => {
    // b leaves: (30,0] a,c and (0,20] c,d afterwards.
    const pending = computePendingRanges(rf2, state(base.withStatus('b', 'leaving')));
    expect(hostIds(pending.pendingFor(MAX_TOKEN))).toEqual(['c']);
    expect(hostIds(pending.pendingFor(-5n))).toEqual(['c']);
    expect(hostIds(pending.pendingFor(5n))).toEqual(['d']);
    expect(pending.pendingFor(15n)).toEqual([]);
    expect(pending.pendingFor(25n)).toEqual([]);
    expect(ranges(pending.rangesOf('c'))).toEqual(['(30,0]']);
    expect(ranges(pending.rangesOf('d'))).toEqual(['(0,10]']);
    expect(pending.rangesOf('b')).toEqual([]);
  });

  it("makes a replacement pending for the dead node's ranges", () => {
    const replacement = { endpoint: endpoint('r', 'dc1', 'r1', 'joining'), tokens: [10n], replaced: 'b' };
    const pending = computePendingRanges(rf2, state(base, [replacement]));
    expect(ranges(pending.rangesOf('r'))).toEqual(['(30,10]']);
    expect(hostIds(pending.pendingFor(5n))).toEqual(['r']);
    expect(pending.pendingFor(15n)).toEqual([]);
  });

  it('counts each of two joining nodes on its own, and a join beside a leave', () => {
    const two = base.withNode(endpoint('e', 'dc1', 'r1', 'joining'), [15n]).withNode(endpoint('f', 'dc1', 'r1', 'joining'), [12n]);
    const pending = computePendingRanges(rf2, state(two));
    // f alone: (0,10] b,f and (10,12] f,c; e alone: (0,15] as above.
    expect(ranges(pending.rangesOf('f'))).toEqual(['(0,12]']);
    expect(ranges(pending.rangesOf('e'))).toEqual(['(0,15]']);
    expect(hostIds(pending.pendingFor(11n))).toEqual(['e', 'f']);

    const joinAndLeave = base.withNode(endpoint('e', 'dc1', 'r1', 'joining'), [15n]).withStatus('d', 'leaving');
    const both = computePendingRanges(rf2, state(joinAndLeave));
    // d leaving: (10,20] c,a and (20,30] a,b afterwards; e joins the ring without d.
    expect(hostIds(both.pendingFor(25n))).toEqual(['b']);
    expect(hostIds(both.pendingFor(17n))).toEqual(['a']);
    expect(hostIds(both.pendingFor(12n)).sort()).toEqual(['a', 'e']);
  });
});

describe('computePendingRanges, NetworkTopologyStrategy', () => {
  const nts = new NetworkTopologyStrategy(new Map([['dc1', 1], ['dc2', 1]]));
  // dc1: a@0, b@10; dc2: c@5, d@15
  const ring = ringOf([
    [endpoint('a', 'dc1'), [0]],
    [endpoint('b', 'dc1'), [10]],
    [endpoint('c', 'dc2'), [5]],
    [endpoint('d', 'dc2'), [15]],
  ]);

  it("makes a node joining one datacenter pending only for that datacenter's replica", () => {
    const pending = computePendingRanges(nts, state(ring.withNode(endpoint('e', 'dc2', 'r1', 'joining'), [12n])));
    expect(ranges(pending.rangesOf('e'))).toEqual(['(5,12]']);
    expect(hostIds(pending.pendingFor(8n))).toEqual(['e']);
    expect(pending.pendingFor(3n)).toEqual([]);
    expect(pending.pendingFor(13n)).toEqual([]);
  });

  it("hands a leaving node's ranges to the next node of its datacenter", () => {
    const pending = computePendingRanges(nts, state(ring.withStatus('d', 'leaving')));
    // Without d, c is dc2's only node: it takes every range d held.
    expect(ranges(pending.rangesOf('c'))).toEqual(['(5,15]']);
    expect(pending.rangesOf('a')).toEqual([]);
    expect(pending.rangesOf('b')).toEqual([]);
  });
});

describe('PendingRangeCache', () => {
  it('computes once per ring state and strategy', () => {
    const cache = new PendingRangeCache();
    const joining = state(base.withNode(endpoint('e', 'dc1', 'r1', 'joining'), [15n]));
    const first = cache.pendingRanges(rf2, joining);
    expect(cache.pendingRanges(rf2, joining)).toBe(first);
    expect(cache.pendingRanges(new SimpleStrategy(3), joining)).not.toBe(first);
  });

  it('interns pending lists, so tokens with the same pending replicas share one array', () => {
    const pending = computePendingRanges(rf2, state(base.withNode(endpoint('e', 'dc1', 'r1', 'joining'), [15n])));
    expect(pending.pendingFor(5n)).toBe(pending.pendingFor(12n));
  });
});

describe('pending replicas are what the change adds (property)', () => {
  const tokenArb = fc.bigInt({ min: MIN_TOKEN + 1n, max: MAX_TOKEN });
  const racks = ['r1', 'r2'];
  const strategies: ReplicationStrategy[] = [
    new SimpleStrategy(1),
    new SimpleStrategy(2),
    new SimpleStrategy(3),
    new NetworkTopologyStrategy(new Map([['dc1', 2], ['dc2', 1]])),
  ];

  it('for one join, one leave or one replacement, pending(t) = replicas after(t) - replicas now(t)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(tokenArb, { minLength: 8, maxLength: 40 }),
        fc.integer({ min: 2, max: 6 }),
        fc.constantFrom('join', 'leave', 'replace'),
        fc.integer({ min: 0, max: strategies.length - 1 }),
        fc.array(tokenArb, { minLength: 20, maxLength: 20 }),
        (tokens, nodeCount, change, strategyIndex, probes) => {
          const nodes = nodeCount + 1;
          const node = (n: number, status: 'normal' | 'joining' = 'normal') => endpoint(`n${n}`, n % 3 === 2 ? 'dc2' : 'dc1', racks[n % 2]!, status);
          const tokensOf = (n: number) => tokens.filter((_, i) => i % nodes === n);
          const strategy = strategies[strategyIndex]!;
          // Node `nodeCount` is the one that changes (joins, leaves, or replaces node 0).
          const others = Array.from({ length: nodeCount }, (_, n) => ({ endpoint: node(n), tokens: tokensOf(n) }));
          const changing = { endpoint: node(nodeCount), tokens: tokensOf(nodeCount) };
          let now: RingState;
          let after: TokenMetadata;
          if (change === 'join') {
            now = state(TokenMetadata.of([...others, { ...changing, endpoint: node(nodeCount, 'joining') }]));
            after = TokenMetadata.of([...others, changing]);
          } else if (change === 'leave') {
            now = state(TokenMetadata.of([...others, changing]).withStatus(changing.endpoint.hostId, 'leaving'));
            after = TokenMetadata.of(others);
          } else {
            const all = TokenMetadata.of([...others, changing]);
            now = state(all, [{ endpoint: endpoint('new', 'dc1', 'r1', 'joining'), tokens: tokensOf(0), replaced: 'n0' }]);
            after = all.withoutNode('n0').withNode(endpoint('new', 'dc1', 'r1'), tokensOf(0));
          }
          const pending = computePendingRanges(strategy, now);
          for (const t of [...probes, ...tokens]) {
            const natural = hostIds(strategy.replicasFor(t, now.metadata));
            const future = hostIds(strategy.replicasFor(t, after));
            const expected = future.filter((h) => !natural.includes(h)).sort();
            expect(hostIds(pending.pendingFor(t)).sort()).toEqual(expected);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
