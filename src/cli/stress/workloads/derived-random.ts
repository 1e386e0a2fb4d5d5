/**
 * A random source reset from a few integers (a partition, a row, a column), so a value is a
 * pure function of where it lives: the writer and a later reader compute the same one without
 * sharing state, and no random object is allocated per value. splitmix32 steps.
 */

import type { Random } from '../../../lib/random.js';

export class DerivedRandom implements Random {
  private state = 0;

  /** Starts the sequence of (a, b, c). */
  reset(a: number, b = 0, c = 0): this {
    this.state = mix(mix(mix(a) ^ Math.imul(b, 0x85ebca6b)) ^ Math.imul(c, 0xc2b2ae35));
    return this;
  }

  next(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    return mix(this.state) / 0x1_0000_0000;
  }

  int(bound: number): number {
    return Math.floor(this.next() * bound);
  }

  /** A uint32 draw. */
  nextUint32(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    return mix(this.state);
  }
}

/** Numbers past 2^32 (populations up to 100B) fold their high bits in. */
function mix(value: number): number {
  let h = (value >>> 0) ^ Math.floor(value / 0x1_0000_0000);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
