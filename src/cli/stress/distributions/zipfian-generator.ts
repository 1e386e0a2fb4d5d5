/**
 * YCSB's ZipfianGenerator (Gray et al., "Quickly Generating Billion-Record Synthetic
 * Databases", SIGMOD 1994): item of rank r (0 the most popular) drawn with probability
 * proportional to 1 / (r + 1)^theta. zeta(n) = sum of 1 / i^theta for i in 1..n is computed
 * once, and grown incrementally when the item count grows (the latest generator's does).
 *
 *   u = uniform [0, 1);  u * zeta(n) < 1            -> rank 0
 *                        u * zeta(n) < 1 + 0.5^theta -> rank 1
 *                        otherwise rank floor(n * (eta * u - eta + 1)^alpha)
 */

import { assert } from '../../../lib/assert.js';
import type { Random } from '../../../lib/random.js';
import type { IntegerDistribution } from './integer-distribution.js';

export class ZipfianGenerator implements IntegerDistribution {
  private readonly alpha: number;
  private readonly zeta2Theta: number;
  private countForZeta: number;
  private zetaN: number;
  private eta: number;

  constructor(
    private readonly min: number,
    max: number,
    private readonly theta: number,
    /** zeta(max - min + 1) when known ahead (YCSB's scrambled generator passes a constant). */
    zetaN?: number,
  ) {
    assert(max >= min && theta > 0 && theta < 1, `bad zipfian ${min}..${max} theta ${theta}`);
    this.alpha = 1 / (1 - theta);
    this.zeta2Theta = zeta(0, 2, theta, 0);
    this.countForZeta = max - min + 1;
    this.zetaN = zetaN ?? zeta(0, this.countForZeta, theta, 0);
    this.eta = this.etaFor(this.countForZeta);
  }

  next(random: Random): number {
    return this.nextOf(this.countForZeta, random);
  }

  /** A value among the first `itemCount` items (min + rank); the zeta follows a grown count. */
  nextOf(itemCount: number, random: Random): number {
    assert(itemCount >= 1, `zipfian over ${itemCount} items`);
    if (itemCount !== this.countForZeta) {
      // Growing adds the new terms; shrinking (rare: YCSB warns about it) recomputes.
      this.zetaN = itemCount > this.countForZeta ? zeta(this.countForZeta, itemCount, this.theta, this.zetaN) : zeta(0, itemCount, this.theta, 0);
      this.countForZeta = itemCount;
      this.eta = this.etaFor(itemCount);
    }
    const u = random.next();
    const uz = u * this.zetaN;
    if (uz < 1) return this.min;
    if (uz < 1 + Math.pow(0.5, this.theta)) return this.min + 1;
    return this.min + Math.floor(itemCount * Math.pow(this.eta * u - this.eta + 1, this.alpha));
  }

  private etaFor(itemCount: number): number {
    return (1 - Math.pow(2 / itemCount, 1 - this.theta)) / (1 - this.zeta2Theta / this.zetaN);
  }
}

/** sum + the terms 1 / i^theta for i in (from, to]. */
function zeta(from: number, to: number, theta: number, sum: number): number {
  let total = sum;
  for (let i = from; i < to; i++) total += 1 / Math.pow(i + 1, theta);
  return total;
}
