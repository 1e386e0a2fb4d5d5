/** Always the same value (`fixed(N)`): a constant size or count. */

import type { IntegerDistribution } from './integer-distribution.js';

export class FixedDistribution implements IntegerDistribution {
  constructor(private readonly value: number) {}

  next(): number {
    return this.value;
  }
}
