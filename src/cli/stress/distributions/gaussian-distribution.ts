/**
 * A normal distribution rounded to whole numbers and clamped to [min, max], as
 * cassandra-stress bounds its gaussian (values past a bound are the bound, not redrawn).
 * Box-Muller gives two normal values per two uniform ones; the second is kept for the next call.
 */

import { assert } from '../../../lib/assert.js';
import type { Random } from '../../../lib/random.js';
import type { IntegerDistribution } from './integer-distribution.js';

export class GaussianDistribution implements IntegerDistribution {
  private spare: number | null = null;

  constructor(
    private readonly min: number,
    private readonly max: number,
    private readonly mean: number,
    private readonly stdev: number,
  ) {
    assert(max >= min && stdev > 0, `bad gaussian ${min}..${max} stdev ${stdev}`);
  }

  next(random: Random): number {
    const value = Math.round(this.mean + this.stdev * this.standardNormal(random));
    return value < this.min ? this.min : value > this.max ? this.max : value;
  }

  private standardNormal(random: Random): number {
    if (this.spare !== null) {
      const spare = this.spare;
      this.spare = null;
      return spare;
    }
    // 1 - next() is in (0, 1]: the logarithm stays finite.
    const radius = Math.sqrt(-2 * Math.log(1 - random.next()));
    const angle = 2 * Math.PI * random.next();
    this.spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }
}
