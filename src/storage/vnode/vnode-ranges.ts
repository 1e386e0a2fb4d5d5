/**
 * A node's token space split into equal vnode ranges, each served by one VNodeActor. Ranges
 * are Cassandra-style (start, end]: range i covers tokens above bounds[i-1] up to bounds[i],
 * and the first range also takes everything from the minimum token.
 *
 *   MIN ----(r0]----(r1]---- ... ----(rN-1]---- MAX
 */

import { assert } from '../../lib/assert.js';
import { MAX_TOKEN, MIN_TOKEN, type Token } from '../model/token.js';

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
    const span = (MAX_TOKEN - MIN_TOKEN) / BigInt(count);
    const ranges: VNodeRange[] = [];
    let start = MIN_TOKEN;
    for (let i = 0; i < count; i++) {
      const end = i === count - 1 ? MAX_TOKEN : MIN_TOKEN + span * BigInt(i + 1);
      ranges.push({ index: i, startToken: start, endToken: end });
      start = end;
    }
    this.ranges = ranges;
    this.endTokens = BigInt64Array.from(ranges.map((r) => r.endToken));
  }

  get count(): number {
    return this.ranges.length;
  }

  /** The vnode whose range holds `token` (binary search over range ends). */
  lookupVNode(token: Token): number {
    let low = 0;
    let high = this.endTokens.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (token <= this.endTokens[middle]!) high = middle;
      else low = middle + 1;
    }
    return low;
  }
}
