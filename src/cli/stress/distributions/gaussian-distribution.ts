/**
 * A normal distribution rounded to whole numbers and clamped to [min, max], as
 * cassandra-stress bounds its gaussian (values past a bound are the bound, not redrawn).
 * Box-Muller, one normal value per two uniform draws: no value is kept between calls, so a
 * draw from a freshly seeded random is a pure function of the seed (user-profile-rows.ts).
 */

import { assert } from '../../../lib/assert.js';
import type { Random } from '../../../lib/random.js';
import type { IntegerDistribution } from './integer-distribution.js';

export class GaussianDistribution implements IntegerDistribution {
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
    // 1 - next() is in (0, 1]: the logarithm stays finite.
    const radius = Math.sqrt(-2 * Math.log(1 - random.next()));
    return radius * Math.cos(2 * Math.PI * random.next());
  }
}
