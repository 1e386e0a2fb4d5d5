/**
 * A partition's position on the ring: a signed 64-bit Murmur3 token (Murmur3Partitioner).
 * Partitions sort by token, then by key bytes on a token tie.
 */

import { compareBytes } from './byte-order.js';

export type Token = bigint;

export const MIN_TOKEN: Token = -(2n ** 63n);
export const MAX_TOKEN: Token = 2n ** 63n - 1n;

/** A partition key with its token: Cassandra's DecoratedKey. */
export interface DecoratedKey {
  readonly token: Token;
  readonly key: Uint8Array;
}

export function compareDecoratedKeys(a: DecoratedKey, b: DecoratedKey): number {
  if (a.token !== b.token) return a.token < b.token ? -1 : 1;
  return compareBytes(a.key, b.key);
}
