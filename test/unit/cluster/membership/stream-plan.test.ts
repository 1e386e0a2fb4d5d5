/**
 * Stream plans from range movements: a joining node fetches each range it gains from the
 * replica it displaces (a bootstrap from no other; a replace from the nearest other holder
 * when that one is down), a leaving node
 * pushes each range it loses to the node that gains it, and a dead node's ranges are fetched
 * by their new replicas from live holders. A property checks on random rings that a join's
 * fetches cover exactly the ranges the node will replicate, each from a node holding it now.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeRangeMovements } from '../../../../src/cluster/membership/range-movement.js';
import { planFetch, planPush, planRestore, type StreamTask } from '../../../../src/cluster/membership/stream-plan.js';
import { NetworkTopologyStrategy } from '../../../../src/cluster/replication/network-topology-strategy.js';
import { SimpleStrategy } from '../../../../src/cluster/replication/simple-strategy.js';
import type { Endpoint } from '../../../../src/cluster/ring/endpoint.js';
import { TokenMetadata } from '../../../../src/cluster/ring/token-metadata.js';
import { TokenRange } from '../../../../src/cluster/ring/token-range.js';
import { MAX_TOKEN, MIN_TOKEN } from '../../../../src/storage/model/token.js';
import { endpoint, hostIds, ringOf } from '../cluster-fixtures.js';

const describeTasks = (tasks: readonly StreamTask[]): string[] => tasks.map((t) => `${t.peer.hostId} ${t.ranges.map(TokenRange.toString).join(' ')}`);

// a@0, b@10, c@20, d@30; RF 2: (30,0] a,b  (0,10] b,c  (10,20] c,d  (20,30] d,a
const base = ringOf([
  [endpoint('a'), [0]],
  [endpoint('b'), [10]],
  [endpoint('c'), [20]],
  [endpoint('d'), [30]],
]);
const rf2 = new SimpleStrategy(2);
const e = endpoint('e');

describe('planFetch (bootstrap)', () => {
  const joining = base.withNode({ ...e, status: 'joining' }, [15n]);
  const movements = computeRangeMovements(rf2, joining, joining.withStatus('e', 'normal'));

  it('fetches each gained range from the replica it displaces', () => {
    const plan = planFetch(movements, e, () => true);
    // (0,10]: b,c -> b,e (c displaced); (10,15]: c,d -> e,c (d displaced)
    expect(describeTasks(plan.tasks)).toEqual(['c (0,10]', 'd (10,15]']);
    expect(plan.unsourced).toEqual([]);
  });

  it('under consistent range movement (a bootstrap) takes a displaced replica that is down as no source at all', () => {
    // Another holder of (0,10] (b) may lack writes that c and the others acknowledged at QUORUM.
    const plan = planFetch(movements, e, (s) => s.hostId !== 'c', true);
    expect(describeTasks(plan.tasks)).toEqual(['d (10,15]']);
    expect(describeTasks(plan.strictSourcesDown)).toEqual(['c (0,10]']);
    expect(planFetch(movements, e, () => true, true).strictSourcesDown).toEqual([]);
  });

  it('otherwise (a replace) falls back to another holder when the displaced replica is down, and reports ranges no one can send', () => {
    expect(describeTasks(planFetch(movements, e, (s) => s.hostId !== 'c').tasks)).toEqual(['b (0,10]', 'd (10,15]']);
    const none = planFetch(movements, e, () => false);
    expect(none.tasks).toEqual([]);
    expect(none.unsourced.map(TokenRange.toString)).toEqual(['(0,10]', '(10,15]']);
  });

  it("prefers a holder in the fetcher's datacenter", () => {
    const nts = new NetworkTopologyStrategy(new Map([['dc1', 1], ['dc2', 1]]));
    const ring = ringOf([
      [endpoint('a', 'dc1'), [0]],
      [endpoint('x', 'dc2'), [5]],
      [endpoint('b', 'dc1'), [10]],
    ]);
    // f joins dc1 at 3 and takes (0,3] from b, dc1's replica of it; with b down only x (dc2) holds it.
    const joiningRing = ring.withNode(endpoint('f', 'dc1', 'r1', 'joining'), [3n]);
    const moves = computeRangeMovements(nts, joiningRing, joiningRing.withStatus('f', 'normal'));
    expect(describeTasks(planFetch(moves, endpoint('f', 'dc1'), () => true).tasks)).toEqual(['b (0,3]']);
    expect(describeTasks(planFetch(moves, endpoint('f', 'dc1'), (s) => s.hostId !== 'b').tasks)).toEqual(['x (0,3]']);
  });
});

describe('planPush (decommission)', () => {
  it('sends each range the leaving node loses to the node that gains it', () => {
    const leaving = base.withStatus('b', 'leaving');
    const movements = computeRangeMovements(rf2, leaving, leaving.withoutNode('b'));
    // (30,0]: a,b -> a,c; (0,10]: b,c -> c,d
    expect(describeTasks(planPush(movements, 'b'))).toEqual(['c (30,0]', 'd (0,10]']);
    expect(planPush(movements, 'a')).toEqual([]);
  });
});

describe('planRestore (removenode)', () => {
  it('has each new replica fetch from a live holder other than the removed node', () => {
    const removing = base.withStatus('b', 'leaving');
    const movements = computeRangeMovements(rf2, removing, removing.withoutNode('b'));
    const plan = planRestore(movements, 'b', (s) => s.hostId !== 'b');
    expect(plan.restores.map((r) => `${r.target.hostId}: ${describeTasks(r.fetches).join(', ')}`)).toEqual(['c: a (30,0]', 'd: c (0,10]']);
    expect(plan.unsourced).toEqual([]);
    const lonely = planRestore(movements, 'b', (s) => s.hostId !== 'b' && s.hostId !== 'a');
    expect(lonely.unsourced.map(TokenRange.toString)).toEqual(['(30,0]']);
  });
});

describe('a join fetches exactly what it will replicate (property)', () => {
  const tokenArb = fc.bigInt({ min: MIN_TOKEN + 1n, max: MAX_TOKEN });
  it('covers every token the node will replicate once, from a node that replicates it now', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(tokenArb, { minLength: 6, maxLength: 30 }),
        fc.integer({ min: 2, max: 5 }),
        fc.integer({ min: 1, max: 3 }),
        fc.array(tokenArb, { minLength: 30, maxLength: 30 }),
        (tokens, nodeCount, factor, probes) => {
          const nodes = nodeCount + 1;
          const owner = (n: number): Endpoint => endpoint(`n${n}`, 'dc1', 'r1', n === nodeCount ? 'joining' : 'normal');
          const now = TokenMetadata.of(Array.from({ length: nodes }, (_, n) => ({ endpoint: owner(n), tokens: tokens.filter((_, i) => i % nodes === n) })));
          const after = now.withStatus(`n${nodeCount}`, 'normal');
          const strategy = new SimpleStrategy(factor);
          const plan = planFetch(computeRangeMovements(strategy, now, after), owner(nodeCount), () => true);
          for (const t of [...probes, ...tokens]) {
            const covering = plan.tasks.filter((task) => task.ranges.some((r) => TokenRange.contains(r, t)));
            const willReplicate = hostIds(strategy.replicasFor(t, after)).includes(`n${nodeCount}`);
            expect(covering.length).toBe(willReplicate ? 1 : 0);
            if (covering.length === 1) expect(hostIds(strategy.replicasFor(t, now))).toContain(covering[0]!.peer.hostId);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
