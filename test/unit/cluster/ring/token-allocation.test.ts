/**
 * Token allocation keeps the ring balanced as nodes join one at a time: from 3 to 32 nodes of
 * 16 tokens, every node's primary share and its share replicated at RF=3 (SimpleStrategy) stay
 * within 10% of the ideal 1/N and 3/N, for several seeds; allocating in one datacenter balances
 * that datacenter alone (NetworkTopologyStrategy clusters).
 */

import { describe, expect, it } from 'vitest';
import { computeEffectiveOwnership } from '../../../../src/cluster/replication/effective-ownership.js';
import { NetworkTopologyStrategy } from '../../../../src/cluster/replication/network-topology-strategy.js';
import { SimpleStrategy } from '../../../../src/cluster/replication/simple-strategy.js';
import type { Endpoint } from '../../../../src/cluster/ring/endpoint.js';
import { NUM_TOKENS_DEFAULT, allocateTokens } from '../../../../src/cluster/ring/token-allocation.js';
import { TokenMetadata } from '../../../../src/cluster/ring/token-metadata.js';
import { RING_TOKEN_COUNT } from '../../../../src/cluster/ring/token-range.js';
import { SeededRandom } from '../../../../src/lib/random.js';
import { MIN_TOKEN } from '../../../../src/storage/model/token.js';
import { endpoint } from '../cluster-fixtures.js';

const BALANCE_TOLERANCE = 0.1;

function join(metadata: TokenMetadata, node: Endpoint, random: SeededRandom, factor = 3): TokenMetadata {
  const tokens = allocateTokens({
    metadata,
    endpoint: node,
    numTokens: NUM_TOKENS_DEFAULT,
    localReplicationFactor: factor,
    random,
  });
  return metadata.withNode(node, tokens);
}

/** The largest |share / ideal - 1| over the shares. */
function worstDeviation(shares: Iterable<number>, ideal: number): number {
  let worst = 0;
  for (const share of shares) worst = Math.max(worst, Math.abs(share / ideal - 1));
  return worst;
}

describe('allocateTokens, first node', () => {
  it('spaces the tokens evenly from a seeded random offset', () => {
    const tokens = allocateTokens({
      metadata: TokenMetadata.EMPTY,
      endpoint: endpoint('a'),
      numTokens: 16,
      localReplicationFactor: 3,
      random: new SeededRandom(5),
    });
    expect(tokens).toHaveLength(16);
    const spacing = RING_TOKEN_COUNT / 16n;
    for (let i = 1; i < tokens.length; i++) expect(tokens[i]! - tokens[i - 1]!).toBe(spacing);
    const again = allocateTokens({
      metadata: TokenMetadata.EMPTY,
      endpoint: endpoint('a'),
      numTokens: 16,
      localReplicationFactor: 3,
      random: new SeededRandom(5),
    });
    expect(again).toEqual(tokens);
    const otherSeed = allocateTokens({
      metadata: TokenMetadata.EMPTY,
      endpoint: endpoint('a'),
      numTokens: 16,
      localReplicationFactor: 3,
      random: new SeededRandom(6),
    });
    expect(otherSeed).not.toEqual(tokens);
  });

  it('steps past tokens other datacenters hold', () => {
    const request = {
      endpoint: endpoint('x', 'dc2'),
      numTokens: 8,
      localReplicationFactor: 3,
    };
    const free = allocateTokens({ ...request, metadata: TokenMetadata.EMPTY, random: new SeededRandom(9) });
    const taken = TokenMetadata.EMPTY.withNode(endpoint('a', 'dc1'), [free[3]!]);
    const tokens = allocateTokens({ ...request, metadata: taken, random: new SeededRandom(9) });
    expect(tokens).toContain(free[3]! + 1n);
    expect(tokens).not.toContain(free[3]!);
  });

  it('refuses a bad num_tokens or factor', () => {
    const request = { metadata: TokenMetadata.EMPTY, endpoint: endpoint('a'), random: new SeededRandom(1) };
    expect(() => allocateTokens({ ...request, numTokens: 0, localReplicationFactor: 3 })).toThrow(/num_tokens/);
    expect(() => allocateTokens({ ...request, numTokens: 16, localReplicationFactor: 0 })).toThrow(/factor/);
  });
});

describe('allocateTokens, one datacenter growing to 32 nodes', () => {
  it.each([1, 7, 42])('keeps primary and RF=3 shares within 10 percent of ideal at every size (seed %i)', (seed) => {
    const random = new SeededRandom(seed);
    const strategy = new SimpleStrategy(3);
    let metadata = TokenMetadata.EMPTY;
    for (let n = 1; n <= 32; n++) {
      metadata = join(metadata, endpoint(`node${n}`), random);
      expect(metadata.tokensOf(`node${n}`)).toHaveLength(NUM_TOKENS_DEFAULT);
      if (n < 3) continue;
      const primary = worstDeviation(metadata.ownership().values(), 1 / n);
      const replicated = worstDeviation(computeEffectiveOwnership(strategy, metadata).values(), 3 / n);
      expect(primary, `primary share at ${n} nodes`).toBeLessThan(BALANCE_TOLERANCE);
      expect(replicated, `RF=3 share at ${n} nodes`).toBeLessThan(BALANCE_TOLERANCE);
    }
    expect(metadata.sortedTokens()).not.toContain(MIN_TOKEN);
  });

  it('is deterministic for a seed', () => {
    const grow = (): TokenMetadata => {
      const random = new SeededRandom(3);
      let metadata = TokenMetadata.EMPTY;
      for (let n = 1; n <= 6; n++) metadata = join(metadata, endpoint(`node${n}`), random);
      return metadata;
    };
    expect(grow().sortedTokens()).toEqual(grow().sortedTokens());
  });
});

describe('allocateTokens, several datacenters', () => {
  it.each([3, 11])('balances each datacenter on its own as both grow (seed %i)', (seed) => {
    const random = new SeededRandom(seed);
    const strategy = new NetworkTopologyStrategy(new Map([['dc1', 3], ['dc2', 3]]));
    let metadata = TokenMetadata.EMPTY;
    const joined = { dc1: 0, dc2: 0 };
    while (joined.dc1 < 12 || joined.dc2 < 12) {
      const datacenter = joined.dc2 >= 12 || (joined.dc1 < 12 && random.int(2) === 0) ? 'dc1' : 'dc2';
      joined[datacenter]++;
      metadata = join(metadata, endpoint(`${datacenter}-${joined[datacenter]}`, datacenter), random);
      const effective = computeEffectiveOwnership(strategy, metadata);
      for (const dc of ['dc1', 'dc2'] as const) {
        const n = joined[dc];
        if (n < 3) continue;
        const local = metadata.inDatacenter(dc);
        const replicated = local.endpoints().map((node) => effective.get(node.hostId)!);
        expect(worstDeviation(local.ownership().values(), 1 / n), `${dc} primary at ${n}`).toBeLessThan(BALANCE_TOLERANCE);
        expect(worstDeviation(replicated, 3 / n), `${dc} RF=3 at ${n}`).toBeLessThan(BALANCE_TOLERANCE);
      }
    }
  });

  it('chooses the same tokens in a datacenter whatever the other datacenters hold', () => {
    const random = new SeededRandom(8);
    let dc2Only = TokenMetadata.EMPTY;
    for (let n = 1; n <= 4; n++) dc2Only = join(dc2Only, endpoint(`x${n}`, 'dc2'), random);
    let withDc1 = dc2Only;
    for (let n = 1; n <= 5; n++) withDc1 = join(withDc1, endpoint(`a${n}`, 'dc1'), random);
    const request = { endpoint: endpoint('x5', 'dc2'), numTokens: 16, localReplicationFactor: 3 };
    expect(allocateTokens({ ...request, metadata: withDc1, random: new SeededRandom(1) })).toEqual(
      allocateTokens({ ...request, metadata: dc2Only, random: new SeededRandom(1) }),
    );
  });
});
