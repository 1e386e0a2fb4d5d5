/**
 * TokenRange follows Cassandra's Range<Token>: (left, right], wrapping when left >= right,
 * the whole ring when left == right. Checked on hand-picked edges (MIN_TOKEN, MAX_TOKEN) and by
 * property against the definition "t is one of the `size` positions after left".
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RING_TOKEN_COUNT, TokenRange, addToToken } from '../../../../src/cluster/ring/token-range.js';
import { MAX_TOKEN, MIN_TOKEN } from '../../../../src/storage/model/token.js';

const range = (left: bigint, right: bigint): TokenRange => TokenRange.create(left, right);
const anyToken = fc.bigInt({ min: MIN_TOKEN, max: MAX_TOKEN });

describe('TokenRange.contains', () => {
  it('excludes the left end and includes the right end', () => {
    const r = range(-10n, 10n);
    expect(TokenRange.contains(r, -10n)).toBe(false);
    expect(TokenRange.contains(r, -9n)).toBe(true);
    expect(TokenRange.contains(r, 10n)).toBe(true);
    expect(TokenRange.contains(r, 11n)).toBe(false);
  });

  it('wraps past MAX_TOKEN when left >= right', () => {
    const r = range(100n, -100n);
    expect(TokenRange.isWrapAround(r)).toBe(true);
    expect(TokenRange.contains(r, MAX_TOKEN)).toBe(true);
    expect(TokenRange.contains(r, MIN_TOKEN + 1n)).toBe(true);
    expect(TokenRange.contains(r, -100n)).toBe(true);
    expect(TokenRange.contains(r, 0n)).toBe(false);
    expect(TokenRange.contains(r, 100n)).toBe(false);
  });

  it('treats (t, t] as the whole ring', () => {
    const r = range(5n, 5n);
    for (const t of [MIN_TOKEN, MIN_TOKEN + 1n, 4n, 5n, 6n, MAX_TOKEN]) expect(TokenRange.contains(r, t)).toBe(true);
    expect(TokenRange.size(r)).toBe(RING_TOKEN_COUNT);
    expect(TokenRange.ringShare(r)).toBe(1);
  });

  it('gives MIN_TOKEN to the range ending at it, as Cassandra does', () => {
    expect(TokenRange.contains(range(0n, MIN_TOKEN), MIN_TOKEN)).toBe(true);
    expect(TokenRange.contains(range(0n, MIN_TOKEN), MAX_TOKEN)).toBe(true);
    expect(TokenRange.contains(range(MIN_TOKEN, 0n), MIN_TOKEN)).toBe(false);
  });

  it('holds exactly the `size` positions after left (property)', () => {
    fc.assert(
      fc.property(anyToken, anyToken, anyToken, (left, right, t) => {
        const r = range(left, right);
        const stepsAfterLeft = BigInt.asUintN(64, t - left - 1n); // 0 for left + 1
        expect(TokenRange.contains(r, t)).toBe(stepsAfterLeft < TokenRange.size(r));
      }),
    );
  });
});

describe('TokenRange.size', () => {
  it('counts positions, wrapping ranges included', () => {
    expect(TokenRange.size(range(-10n, 10n))).toBe(20n);
    expect(TokenRange.size(range(10n, -10n))).toBe(RING_TOKEN_COUNT - 20n);
    expect(TokenRange.size(range(MIN_TOKEN, MAX_TOKEN))).toBe(RING_TOKEN_COUNT - 1n);
    expect(TokenRange.ringShare(range(0n, 2n ** 62n))).toBe(0.25);
  });
});

describe('TokenRange.split', () => {
  it('cuts (l, r] into (l, at] and (at, r]', () => {
    const [a, b] = TokenRange.split(range(0n, 100n), 30n);
    expect(a).toEqual({ left: 0n, right: 30n });
    expect(b).toEqual({ left: 30n, right: 100n });
  });

  it('refuses a point outside the range or at its right end', () => {
    expect(() => TokenRange.split(range(0n, 100n), 100n)).toThrow(/empty range/);
    expect(() => TokenRange.split(range(0n, 100n), 0n)).toThrow(/outside/);
  });

  it('partitions the range: sizes add up and each token is in exactly one half (property)', () => {
    fc.assert(
      fc.property(anyToken, anyToken, fc.bigInt({ min: 1n, max: RING_TOKEN_COUNT - 1n }), anyToken, (left, right, step, t) => {
        const r = range(left, right);
        fc.pre(step < TokenRange.size(r));
        const [a, b] = TokenRange.split(r, addToToken(left, step));
        expect(TokenRange.size(a) + TokenRange.size(b)).toBe(TokenRange.size(r));
        const inA = TokenRange.contains(a, t);
        const inB = TokenRange.contains(b, t);
        expect(inA && inB).toBe(false);
        expect(inA || inB).toBe(TokenRange.contains(r, t));
      }),
    );
  });
});

describe('TokenRange.midpoint and unwrap', () => {
  it('puts the midpoint halfway, wrapping ranges too', () => {
    expect(TokenRange.midpoint(range(0n, 100n))).toBe(50n);
    expect(TokenRange.midpoint(range(MAX_TOKEN - 9n, MIN_TOKEN + 11n))).toBe(MIN_TOKEN); // 21 positions
    expect(TokenRange.midpoint(range(MIN_TOKEN, MIN_TOKEN))).toBe(0n);
    expect(TokenRange.midpoint(range(7n, 8n))).toBe(8n);
  });

  it('unwraps a wrapping range at MIN_TOKEN and leaves others alone', () => {
    expect(TokenRange.unwrap(range(100n, -100n))).toEqual([
      { left: 100n, right: MIN_TOKEN },
      { left: MIN_TOKEN, right: -100n },
    ]);
    expect(TokenRange.unwrap(range(-100n, 100n))).toEqual([{ left: -100n, right: 100n }]);
    expect(TokenRange.unwrap(range(100n, MIN_TOKEN))).toEqual([{ left: 100n, right: MIN_TOKEN }]);
  });
});

describe('addToToken', () => {
  it('wraps past MAX_TOKEN', () => {
    expect(addToToken(MAX_TOKEN, 1n)).toBe(MIN_TOKEN);
    expect(addToToken(MIN_TOKEN, -1n)).toBe(MAX_TOKEN);
  });
});
