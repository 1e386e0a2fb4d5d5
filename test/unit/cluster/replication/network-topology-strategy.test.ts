/**
 * NetworkTopologyStrategy, as Cassandra's calculateNaturalEndpoints: per-datacenter factors, one
 * clockwise walk, distinct racks first, then the first nodes of repeated racks when a
 * datacenter has fewer racks than its factor.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeEffectiveOwnership } from '../../../../src/cluster/replication/effective-ownership.js';
import { NetworkTopologyStrategy } from '../../../../src/cluster/replication/network-topology-strategy.js';
import { replicationStrategyOf } from '../../../../src/cluster/replication/replication-strategy.js';
import { SimpleStrategy } from '../../../../src/cluster/replication/simple-strategy.js';
import { TokenMetadata } from '../../../../src/cluster/ring/token-metadata.js';
import { MAX_TOKEN, MIN_TOKEN } from '../../../../src/storage/model/token.js';
import { endpoint, hostIds, ringOf } from '../cluster-fixtures.js';

const nts = (factors: Record<string, number>): NetworkTopologyStrategy =>
  new NetworkTopologyStrategy(new Map(Object.entries(factors)));

describe('NetworkTopologyStrategy racks', () => {
  it('takes one node per rack while racks remain, skipping nodes of used racks', () => {
    const ring = ringOf([
      [endpoint('n1', 'dc1', 'r1'), [1]],
      [endpoint('n2', 'dc1', 'r1'), [2]],
      [endpoint('n3', 'dc1', 'r2'), [3]],
      [endpoint('n4', 'dc1', 'r1'), [4]],
      [endpoint('n5', 'dc1', 'r3'), [5]],
      [endpoint('n6', 'dc1', 'r2'), [6]],
    ]);
    expect(hostIds(nts({ dc1: 3 }).replicasFor(1n, ring))).toEqual(['n1', 'n3', 'n5']);
    expect(hostIds(nts({ dc1: 2 }).replicasFor(4n, ring))).toEqual(['n4', 'n5']);
  });

  it('repeats racks with the first nodes met when there are fewer racks than the factor', () => {
    const ring = ringOf([
      [endpoint('n1', 'dc1', 'r1'), [1]],
      [endpoint('n2', 'dc1', 'r1'), [2]],
      [endpoint('n3', 'dc1', 'r2'), [3]],
      [endpoint('n4', 'dc1', 'r1'), [4]],
    ]);
    const strategy = nts({ dc1: 3 });
    expect(hostIds(strategy.replicasFor(1n, ring))).toEqual(['n1', 'n2', 'n3']);
    expect(hostIds(strategy.replicasFor(2n, ring))).toEqual(['n2', 'n3', 'n4']);
    expect(hostIds(strategy.replicasFor(3n, ring))).toEqual(['n3', 'n4', 'n1']);
  });

  it('stops at the node count of a small datacenter', () => {
    const ring = ringOf([
      [endpoint('n1', 'dc1', 'r1'), [1, 3]],
      [endpoint('n2', 'dc1', 'r2'), [2]],
    ]);
    expect(hostIds(nts({ dc1: 3 }).replicasFor(0n, ring))).toEqual(['n1', 'n2']);
  });
});

describe('NetworkTopologyStrategy datacenters', () => {
  // dc1: a, b, c; dc2: x, y, interleaved.
  const ring = ringOf([
    [endpoint('a', 'dc1', 'r1'), [0]],
    [endpoint('x', 'dc2', 'r1'), [10]],
    [endpoint('b', 'dc1', 'r2'), [20]],
    [endpoint('y', 'dc2', 'r2'), [30]],
    [endpoint('c', 'dc1', 'r3'), [40]],
  ]);

  it('fills each datacenter on one walk, in the order met', () => {
    expect(hostIds(nts({ dc1: 2, dc2: 1 }).replicasFor(5n, ring))).toEqual(['x', 'b', 'c']);
    expect(hostIds(nts({ dc1: 2, dc2: 2 }).replicasFor(35n, ring))).toEqual(['c', 'a', 'x', 'y']);
  });

  it('leaves out datacenters with factor 0, unknown or without members', () => {
    const strategy = nts({ dc1: 1, dc2: 0, dc9: 3 });
    expect(hostIds(strategy.replicasFor(5n, ring))).toEqual(['b']);
    expect(strategy.replicationFactor()).toBe(4);
    expect(strategy.replicationFactorIn('dc2')).toBe(0);
    expect(strategy.replicationFactorIn('nowhere')).toBe(0);
    expect(strategy.datacenters()).toEqual(['dc1', 'dc9']);
  });

  it('sums effective ownership per datacenter to its factor', () => {
    const shares = computeEffectiveOwnership(nts({ dc1: 2, dc2: 1 }), ring);
    expect(shares.get('a')! + shares.get('b')! + shares.get('c')!).toBeCloseTo(2, 12);
    expect(shares.get('x')! + shares.get('y')!).toBeCloseTo(1, 12);
  });

  it('is built from the schema replication options', () => {
    const simple = replicationStrategyOf({ class: 'SimpleStrategy', replicationFactor: 2 });
    expect(simple.kind).toBe('SimpleStrategy');
    expect(simple.replicationFactor()).toBe(2);
    const topology = replicationStrategyOf({ class: 'NetworkTopologyStrategy', datacenters: new Map([['dc1', 3]]) });
    expect(topology.kind).toBe('NetworkTopologyStrategy');
    expect(topology.replicationFactor()).toBe(3);
  });
});

describe('NetworkTopologyStrategy properties', () => {
  const clusterArb = fc
    .array(
      fc.record({
        datacenter: fc.constantFrom('dc1', 'dc2'),
        rack: fc.constantFrom('r1', 'r2', 'r3'),
        tokenCount: fc.integer({ min: 1, max: 4 }),
      }),
      { minLength: 1, maxLength: 10 },
    )
    .chain((nodes) =>
      fc
        .uniqueArray(fc.bigInt({ min: MIN_TOKEN + 1n, max: MAX_TOKEN }), {
          minLength: nodes.reduce((sum, node) => sum + node.tokenCount, 0),
          maxLength: nodes.reduce((sum, node) => sum + node.tokenCount, 0),
        })
        .map((tokens) => {
          let next = 0;
          return TokenMetadata.of(
            nodes.map((node, i) => ({
              endpoint: endpoint(`n${i}`, node.datacenter, node.rack),
              tokens: tokens.slice(next, (next += node.tokenCount)),
            })),
          );
        }),
    );
  const factorArb = fc.integer({ min: 0, max: 4 });

  it('places min(factor, nodes) distinct replicas per datacenter over min(factor, racks) racks', () => {
    fc.assert(
      fc.property(clusterArb, factorArb, factorArb, fc.bigInt({ min: MIN_TOKEN, max: MAX_TOKEN }), (metadata, f1, f2, t) => {
        const strategy = nts({ dc1: f1, dc2: f2 });
        const replicas = strategy.replicasFor(t, metadata);
        expect(new Set(hostIds(replicas)).size).toBe(replicas.length);
        for (const [datacenter, factor] of [['dc1', f1], ['dc2', f2]] as const) {
          const members = metadata.datacenters().get(datacenter);
          const inDc = replicas.filter((replica) => replica.datacenter === datacenter);
          expect(inDc.length).toBe(Math.min(factor, members?.nodeCount ?? 0));
          expect(new Set(inDc.map((replica) => replica.rack)).size).toBe(Math.min(factor, members?.racks.size ?? 0));
        }
      }),
    );
  });

  it('is SimpleStrategy on the datacenter ring when the datacenter has one rack', () => {
    fc.assert(
      fc.property(clusterArb, fc.integer({ min: 1, max: 4 }), fc.bigInt({ min: MIN_TOKEN, max: MAX_TOKEN }), (cluster, factor, t) => {
        const oneRack = TokenMetadata.of(
          cluster.endpoints().map((node) => ({ endpoint: { ...node, rack: 'r1' }, tokens: cluster.tokensOf(node.hostId) })),
        );
        const dc1 = oneRack.inDatacenter('dc1');
        fc.pre(!dc1.isEmpty());
        const viaTopology = nts({ dc1: factor }).replicasFor(t, oneRack);
        expect(hostIds(viaTopology)).toEqual(hostIds(new SimpleStrategy(factor).replicasFor(t, dc1)));
      }),
    );
  });
});
