/**
 * Each value of [min, max] in turn, starting over after max (`-pop seq=1..N`): a write run of
 * n operations over seq=1..n writes every key exactly once. One instance is shared by every
 * client, so no two clients take the same value in a pass.
 */

import { assert } from '../../../lib/assert.js';
import type { IntegerDistribution } from './integer-distribution.js';

export class SequenceDistribution implements IntegerDistribution {
  private nextValue: number;

  constructor(
    private readonly min: number,
    private readonly max: number,
  ) {
    assert(max >= min, `sequence bounds ${min}..${max} run backwards`);
    this.nextValue = min;
  }

  next(): number {
    const value = this.nextValue;
    this.nextValue = value === this.max ? this.min : value + 1;
    return value;
  }
}
