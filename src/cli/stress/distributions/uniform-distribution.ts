/** Every value of [min, max] equally likely (`uniform(MIN..MAX)`). */

import { assert } from '../../../lib/assert.js';
import type { Random } from '../../../lib/random.js';
import type { IntegerDistribution } from './integer-distribution.js';

export class UniformDistribution implements IntegerDistribution {
  private readonly span: number;

  constructor(
    private readonly min: number,
    max: number,
  ) {
    assert(max >= min, `uniform bounds ${min}..${max} run backwards`);
    this.span = max - min + 1;
  }

  next(random: Random): number {
    return this.min + Math.floor(random.next() * this.span);
  }
}
