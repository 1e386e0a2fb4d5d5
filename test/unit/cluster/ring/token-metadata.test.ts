/**
 * TokenMetadata: the owner of a token is the node of the first ring token >= it (wrapping),
 * ranges are (previous token, token], joining nodes are outside the ring, and every change
 * returns a new object. Properties compare against a brute-force reading of the definition.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TokenMetadata } from '../../../../src/cluster/ring/token-metadata.js';
import { RING_TOKEN_COUNT, TokenRange } from '../../../../src/cluster/ring/token-range.js';
import { MAX_TOKEN, MIN_TOKEN } from '../../../../src/storage/model/token.js';
import { endpoint, hostIds, ringOf } from '../cluster-fixtures.js';

const a = endpoint('a');
const b = endpoint('b');
const c = endpoint('c');
// Ring: a@-100, b@0, c@100, a@200
const ring = ringOf([
  [a, [200, -100]],
  [b, [0]],
  [c, [100]],
]);

describe('TokenMetadata ring', () => {
  it('sorts every node token into one ring', () => {
    expect(ring.sortedTokens()).toEqual([-100n, 0n, 100n, 200n]);
    expect(ring.tokensOf('a')).toEqual([-100n, 200n]);
    expect(hostIds(ring.endpoints())).toEqual(['a', 'b', 'c']);
  });

  it('gives a token to the node of the first ring token >= it, wrapping past the last', () => {
    expect(ring.ownerOf(-100n).hostId).toBe('a'); // a node token belongs to its node
    expect(ring.ownerOf(-99n).hostId).toBe('b');
    expect(ring.ownerOf(0n).hostId).toBe('b');
    expect(ring.ownerOf(150n).hostId).toBe('a');
    expect(ring.ownerOf(201n).hostId).toBe('a'); // wraps to -100
    expect(ring.ownerOf(MIN_TOKEN).hostId).toBe('a');
    expect(ring.ownerOf(MAX_TOKEN).hostId).toBe('a');
  });

  it('finds the primary range holding a token', () => {
    expect(ring.primaryRangeOf(50n)).toEqual({ left: 0n, right: 100n });
    expect(ring.primaryRangeOf(MAX_TOKEN)).toEqual({ left: 200n, right: -100n });
    expect(ring.primaryRangeOf(-100n)).toEqual({ left: 200n, right: -100n });
  });

  it("lists a node's primary ranges and its share of the ring", () => {
    expect(ring.rangesOf('a')).toEqual([
      { left: 200n, right: -100n },
      { left: 100n, right: 200n },
    ]);
    const shares = ring.ownership();
    expect(shares.get('b')).toBe(100 / Number(RING_TOKEN_COUNT));
    expect(shares.get('a')! + shares.get('b')! + shares.get('c')!).toBeCloseTo(1, 12);
  });

  it('gives a single token the whole ring', () => {
    const single = ringOf([[a, [42]]]);
    expect(single.rangesOf('a')).toEqual([{ left: 42n, right: 42n }]);
    expect(single.ownership().get('a')).toBe(1);
    expect(single.ownerOf(MIN_TOKEN).hostId).toBe('a');
  });

  it('matches the definition for random rings and tokens (property)', () => {
    const tokenArb = fc.bigInt({ min: MIN_TOKEN + 1n, max: MAX_TOKEN });
    fc.assert(
      fc.property(fc.uniqueArray(tokenArb, { minLength: 1, maxLength: 40 }), fc.bigInt({ min: MIN_TOKEN, max: MAX_TOKEN }), (tokens, t) => {
        const metadata = ringOf(tokens.map((token, i) => [endpoint(`n${i}`), [token]] as const));
        const sorted = [...tokens].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
        const expected = sorted.find((token) => token >= t) ?? sorted[0]!;
        expect(metadata.tokensOf(metadata.ownerOf(t).hostId)).toEqual([expected]);
        expect(TokenRange.contains(metadata.primaryRangeOf(t), t)).toBe(true);
        let total = 0n;
        for (let i = 0; i < sorted.length; i++) total += TokenRange.size(metadata.rangeAt(i));
        expect(total).toBe(RING_TOKEN_COUNT);
      }),
    );
  });
});

describe('TokenMetadata changes', () => {
  it('returns new views and leaves the original unchanged', () => {
    const d = endpoint('d');
    const added = ring.withNode(d, [50n]);
    expect(added.ownerOf(25n).hostId).toBe('d');
    expect(ring.ownerOf(25n).hostId).toBe('c');
    const removed = added.withoutNode('c');
    expect(removed.ownerOf(150n).hostId).toBe('a');
    expect(removed.endpoint('c')).toBeUndefined();
    expect(added.endpoint('c')).toBeDefined();
  });

  it('keeps a joining node out of the ring until it is normal, but reserves its tokens', () => {
    const joining = ring.withNode(endpoint('d', 'dc1', 'r1', 'joining'), [50n]);
    expect(joining.sortedTokens()).toEqual([-100n, 0n, 100n, 200n]);
    expect(joining.ownerOf(25n).hostId).toBe('c');
    expect(joining.rangesOf('d')).toEqual([]);
    expect(joining.ownership().get('d')).toBe(0);
    expect(joining.holderOf(50n)).toBe('d');
    const joined = joining.withStatus('d', 'normal');
    expect(joined.ownerOf(25n).hostId).toBe('d');
  });

  it('keeps a leaving node in the ring', () => {
    const leaving = ring.withStatus('b', 'leaving');
    expect(leaving.ownerOf(0n).hostId).toBe('b');
    expect(leaving.endpoint('b')?.status).toBe('leaving');
  });

  it('refuses a token held twice, MIN_TOKEN, or a node without tokens', () => {
    expect(() => ring.withNode(endpoint('d'), [100n])).toThrow(/held by both/);
    expect(() => ring.withNode(endpoint('d'), [MIN_TOKEN])).toThrow(/MIN_TOKEN/);
    expect(() => ring.withNode(endpoint('d'), [])).toThrow(/no tokens/);
    expect(() => ring.withNode(endpoint('d'), [MAX_TOKEN + 1n])).toThrow(/outside the ring/);
    expect(() => ringOf([[a, [1]], [a, [2]]])).toThrow(/listed twice/);
  });

  it('replaces a node given again under the same host id', () => {
    const moved = ring.withNode(endpoint('b'), [150n]);
    expect(moved.tokensOf('b')).toEqual([150n]);
    expect(moved.sortedTokens()).toEqual([-100n, 100n, 150n, 200n]);
  });
});

describe('TokenMetadata topology', () => {
  const cluster = ringOf([
    [endpoint('a', 'dc1', 'r1'), [1]],
    [endpoint('b', 'dc1', 'r2'), [2]],
    [endpoint('c', 'dc1', 'r1'), [3]],
    [endpoint('x', 'dc2', 'r1'), [4]],
    [endpoint('j', 'dc2', 'r9', 'joining'), [5]],
  ]);

  it('groups ring members by datacenter and rack', () => {
    const dcs = cluster.datacenters();
    expect([...dcs.keys()]).toEqual(['dc1', 'dc2']);
    expect(dcs.get('dc1')!.nodeCount).toBe(3);
    expect([...dcs.get('dc1')!.racks]).toEqual([
      ['r1', ['a', 'c']],
      ['r2', ['b']],
    ]);
    expect(dcs.get('dc2')!.nodeCount).toBe(1); // the joining node is not a member yet
  });

  it('cuts out one datacenter as its own ring', () => {
    const dc1 = cluster.inDatacenter('dc1');
    expect(dc1.sortedTokens()).toEqual([1n, 2n, 3n]);
    expect(dc1.ownerOf(4n).hostId).toBe('a');
    expect(TokenMetadata.EMPTY.inDatacenter('dc1').isEmpty()).toBe(true);
  });
});
