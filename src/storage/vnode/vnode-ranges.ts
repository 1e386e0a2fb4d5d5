/**
 * A node's token space split into equal vnode ranges, each served by one VNodeActor. Ranges
 * are Cassandra-style (start, end]: range i covers tokens above bounds[i-1] up to bounds[i],
 * and the first range also takes everything from the minimum token.
 *
 *   MIN ----(r0]----(r1]---- ... ----(rN-1]---- MAX
 *
 * Boundaries fall on multiples of 2^32, so the high 32 bits of a token alone name its range:
 * vnode = floor((hi + 2^31) * N / 2^32), one float multiply on the ingest hot path and no
 * bigint (exact: the product stays below 2^44).
 */

import { assert } from '../../lib/assert.js';
import { MAX_TOKEN, MIN_TOKEN, type Token } from '../model/token.js';

const HIGH_WORDS = 2 ** 32;
const HIGH_OFFSET = 2 ** 31;

export interface VNodeRange {
  readonly index: number;
  /** Exclusive, except the first range, which includes MIN_TOKEN. */
  readonly startToken: Token;
  /** Inclusive. */
  readonly endToken: Token;
}

export class VNodeRanges {
  readonly ranges: readonly VNodeRange[];
  private readonly endTokens: BigInt64Array;

  constructor(count: number) {
    assert(Number.isInteger(count) && count >= 1 && count <= 4096, `vnode count ${count} out of 1..4096`);
    const ranges: VNodeRange[] = [];
    let start = MIN_TOKEN;
    for (let i = 0; i < count; i++) {
      // The last high word of range i: every hi with floor((hi + 2^31) * N / 2^32) = i.
      const lastHigh = Math.ceil(((i + 1) * HIGH_WORDS) / count) - 1 - HIGH_OFFSET;
      const end = i === count - 1 ? MAX_TOKEN : ((BigInt(lastHigh) + 1n) << 32n) - 1n;
      ranges.push({ index: i, startToken: start, endToken: end });
      start = end;
    }
    this.ranges = ranges;
    this.endTokens = BigInt64Array.from(ranges.map((r) => r.endToken));
  }

  get count(): number {
    return this.ranges.length;
  }

  /** The vnode whose range holds `token`. */
  lookupVNode(token: Token): number {
    const vnode = this.lookupVNodeByHigh(Number(BigInt.asIntN(32, token >> 32n)));
    assert(token <= this.endTokens[vnode]! && (vnode === 0 || token > this.endTokens[vnode - 1]!), 'vnode lookup');
    return vnode;
  }

  /** The vnode of a token given only its high 32 bits (signed), as murmur3TokenParts writes them. */
  lookupVNodeByHigh(high: number): number {
    return Math.floor(((high + HIGH_OFFSET) * this.ranges.length) / HIGH_WORDS);
  }
}
