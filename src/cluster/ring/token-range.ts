/**
 * A token range as Cassandra's Range<Token>: left-exclusive, right-inclusive, (left, right].
 *
 * The ring is the Murmur3 token space of 2^64 positions, MIN_TOKEN (-2^63) being the ring's
 * minimum, which no key and no node ever holds. A range whose left is not below its right
 * wraps around past MAX_TOKEN:
 *
 *        MIN_TOKEN                                          MAX_TOKEN
 *   ring: |----------------------------------------------------|  (then MIN_TOKEN again)
 *   (a, b], a < b:            a]xxxxxxxxxxxxxxxx[b
 *   (b, a], b > a:  xxxxxxxxxxx[a                   b]xxxxxxxxxxxxxxx   (wraps)
 *   (t, t]:          the whole ring (a ring of one token has one range, and it is everything)
 *
 * MIN_TOKEN is a position like any other for range arithmetic: (t, MIN_TOKEN] runs from t to
 * the end of the ring and holds MIN_TOKEN itself, so the ranges between consecutive ring tokens
 * always partition all 2^64 positions (no key has MIN_TOKEN, so no key sees the difference).
 */

import { assert } from '../../lib/assert.js';
import { MAX_TOKEN, MIN_TOKEN, type Token } from '../../storage/model/token.js';

/** The number of positions on the Murmur3 ring: 2^64. */
export const RING_TOKEN_COUNT = 2n ** 64n;

export interface TokenRange {
  /** Exclusive. */
  readonly left: Token;
  /** Inclusive. */
  readonly right: Token;
}

function create(left: Token, right: Token): TokenRange {
  assertToken(left);
  assertToken(right);
  return Object.freeze({ left, right });
}

/** True when the range passes MAX_TOKEN back to the start (and for the whole ring, (t, t]). */
function isWrapAround(range: TokenRange): boolean {
  return range.left >= range.right;
}

function contains(range: TokenRange, token: Token): boolean {
  if (isWrapAround(range)) return token > range.left || token <= range.right;
  return token > range.left && token <= range.right;
}

/** How many token positions the range holds: 2^64 for the whole ring. */
function size(range: TokenRange): bigint {
  const span = range.right - range.left;
  return span > 0n ? span : span + RING_TOKEN_COUNT;
}

/** The share of the ring the range holds, in (0, 1]. */
function ringShare(range: TokenRange): number {
  return Number(size(range)) / Number(RING_TOKEN_COUNT);
}

/**
 * Splits (left, right] at `at` into (left, at] and (at, right], as Cassandra's Range.split.
 * `at` must lie inside the range and differ from its right end (else one half is empty).
 */
function split(range: TokenRange, at: Token): readonly [TokenRange, TokenRange] {
  assert(contains(range, at), 'split point outside the range');
  assert(at !== range.right, 'split point at the right end would leave an empty range');
  return [create(range.left, at), create(at, range.right)];
}

/**
 * The token halfway along the range, walking clockwise from left, rounded down: left +
 * floor(size / 2). The same as Murmur3Partitioner.midpoint for a range that does not wrap (that
 * one can differ by one position on a wrapping range; nothing needs them to agree). A range of
 * one position has no midpoint strictly inside; its right end is returned.
 */
function midpoint(range: TokenRange): Token {
  return addToToken(range.left, size(range) / 2n || 1n);
}

/**
 * The range as ranges that do not wrap (Range.unwrap): a wrapping (l, r] becomes
 * (l, MIN_TOKEN] and (MIN_TOKEN, r]; other ranges, and (l, MIN_TOKEN], come back as they are.
 */
function unwrap(range: TokenRange): readonly TokenRange[] {
  if (!isWrapAround(range) || range.right === MIN_TOKEN) return [range];
  return [create(range.left, MIN_TOKEN), create(MIN_TOKEN, range.right)];
}

function equals(a: TokenRange, b: TokenRange): boolean {
  return a.left === b.left && a.right === b.right;
}

function toString(range: TokenRange): string {
  return `(${range.left},${range.right}]`;
}

export const TokenRange = Object.freeze({
  create,
  isWrapAround,
  contains,
  size,
  ringShare,
  split,
  midpoint,
  unwrap,
  equals,
  toString,
});

/** token + delta on the ring, wrapping past MAX_TOKEN to the start. MIN_TOKEN is a position too. */
export function addToToken(token: Token, delta: bigint): Token {
  return BigInt.asIntN(64, token + delta);
}

function assertToken(token: Token): void {
  if (token < MIN_TOKEN || token > MAX_TOKEN) assert(false, `token ${token} outside the ring`);
}
