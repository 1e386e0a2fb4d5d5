/**
 * A histogram of latencies in seconds over fixed bucket bounds (exponential-buckets.ts), with
 * the exact sum, count, minimum and maximum beside the bucket counts. Quantiles are estimated
 * as Prometheus' histogram_quantile does (the rank q * count falls in one bucket), except that
 * the position inside the bucket is interpolated geometrically, since the buckets grow
 * geometrically, and the answer is clamped to the smallest and largest value seen. The
 * estimate and the exact quantile lie in the same bucket, so they differ by at most its factor.
 *
 * Counts are cumulative since the histogram was made (Cassandra's metrics decay over minutes;
 * a Prometheus server takes rates of these instead).
 */

import { assert } from '../../lib/assert.js';
import type { HistogramSnapshot } from './metric-family.js';

export class LatencyHistogram {
  private readonly counts: number[];
  private total = 0;
  private sumSeconds = 0;
  private minSeconds = Number.POSITIVE_INFINITY;
  private maxSeconds = 0;

  constructor(readonly bounds: readonly number[]) {
    assert(bounds.length > 0, 'a histogram needs at least one bucket bound');
    for (let i = 1; i < bounds.length; i++) assert(bounds[i]! > bounds[i - 1]!, 'bucket bounds must ascend');
    assert(bounds[0]! > 0, 'the first bucket bound must be positive');
    this.counts = new Array<number>(bounds.length + 1).fill(0);
  }

  /** Records `count` observations of the same latency (requests that ended together). */
  record(seconds: number, count = 1): void {
    // Guarded: a message built on every call (two per request) costs more than the check.
    if (!Number.isFinite(seconds)) assert(false, `latency ${seconds} is not a number of seconds`);
    if (!(Number.isInteger(count) && count >= 1)) assert(false, `${count} observations`);
    const value = Math.max(0, seconds);
    this.counts[this.bucketOf(value)]! += count;
    this.total += count;
    this.sumSeconds += value * count;
    if (value < this.minSeconds) this.minSeconds = value;
    if (value > this.maxSeconds) this.maxSeconds = value;
  }

  get count(): number {
    return this.total;
  }

  get sum(): number {
    return this.sumSeconds;
  }

  /** The smallest value recorded; NaN when empty. */
  get min(): number {
    return this.total === 0 ? Number.NaN : this.minSeconds;
  }

  /** The largest value recorded; NaN when empty. */
  get max(): number {
    return this.total === 0 ? Number.NaN : this.maxSeconds;
  }

  get mean(): number {
    return this.total === 0 ? Number.NaN : this.sumSeconds / this.total;
  }

  /** The estimated q-quantile (0 < q <= 1) of what was recorded; NaN when empty. */
  quantile(q: number): number {
    assert(q > 0 && q <= 1, `quantile ${q} outside (0, 1]`);
    if (this.total === 0) return Number.NaN;
    const rank = q * this.total;
    let below = 0;
    let bucket = 0;
    while (below + this.counts[bucket]! < rank) below += this.counts[bucket++]!;
    if (bucket === this.bounds.length) return this.maxSeconds; // above every bound: the largest seen is the best answer
    const upper = this.bounds[bucket]!;
    const lower = bucket === 0 ? Math.min(this.minSeconds, upper) : this.bounds[bucket - 1]!;
    const inBucket = this.counts[bucket]!;
    const fraction = inBucket === 0 ? 1 : (rank - below) / inBucket;
    const estimate = lower <= 0 ? upper * fraction : lower * (upper / lower) ** fraction;
    return Math.min(this.maxSeconds, Math.max(this.minSeconds, estimate));
  }

  snapshot(): HistogramSnapshot {
    return { bounds: this.bounds, counts: [...this.counts], sum: this.sumSeconds, count: this.total };
  }

  /** The first bucket whose upper bound is at least `value`, or the overflow bucket (binary search). */
  private bucketOf(value: number): number {
    let low = 0;
    let high = this.bounds.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.bounds[middle]! >= value) high = middle;
      else low = middle + 1;
    }
    return low;
  }
}
