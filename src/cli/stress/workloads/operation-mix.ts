/**
 * Which kind each operation is, drawn by weight (`ratio(write=1,read=3)`: a quarter writes)
 * from the run's seeded random, so the mix replays with the seed.
 */

import { assert } from '../../../lib/assert.js';
import type { Random } from '../../../lib/random.js';

export class OperationMix {
  /** Cumulative weights over their sum: kind k is chosen when a draw falls below bounds[k]. */
  private readonly bounds: Float64Array;

  constructor(
    weights: readonly number[],
    private readonly random: Random,
  ) {
    const sum = weights.reduce((a, b) => a + b, 0);
    assert(weights.length > 0 && weights.every((w) => w >= 0) && sum > 0, `bad operation weights ${weights.join(',')}`);
    this.bounds = new Float64Array(weights.length);
    let running = 0;
    weights.forEach((weight, k) => (this.bounds[k] = (running += weight) / sum));
  }

  choose(): number {
    if (this.bounds.length === 1) return 0;
    const draw = this.random.next();
    for (let k = 0; k < this.bounds.length - 1; k++) if (draw < this.bounds[k]!) return k;
    return this.bounds.length - 1;
  }
}
