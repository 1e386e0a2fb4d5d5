/**
 * The heartbeat inter-arrival times of one endpoint (FailureDetector.java's ArrivalWindow and
 * ArrayBackedBoundedStats): a ring of the last `samplesMax` intervals with a running sum.
 *
 *   first arrival           -> record intervalInitialMs (CASSANDRA-2597: err high, so a new
 *                              peer is convicted late rather than flap)
 *   next arrivals           -> record now - last, unless longer than intervalMaxMs (a partition
 *                              or pause; adapting to it would slow the next conviction)
 *   phi(now)                -> (now - last) / mean
 *
 * Phi here is Cassandra's exponential approximation, unscaled: P(no heartbeat for t) =
 * e^(-t/mean), so -log10(P) = t / mean * log10(e). The failure detector applies that factor.
 */

import { assert } from '../../lib/assert.js';

export class ArrivalWindow {
  private readonly intervalsMs: Float64Array;
  private next = 0;
  private filled = false;
  private sumMs = 0;
  private lastArrivalMs: number | undefined;

  constructor(
    samplesMax: number,
    private readonly intervalInitialMs: number,
    private readonly intervalMaxMs: number,
  ) {
    assert(Number.isInteger(samplesMax) && samplesMax > 0, 'samplesMax must be a positive integer');
    assert(intervalInitialMs > 0 && intervalMaxMs > 0, 'intervals must be positive');
    this.intervalsMs = new Float64Array(samplesMax);
  }

  add(arrivalMs: number): void {
    if (this.lastArrivalMs === undefined) {
      this.record(this.intervalInitialMs);
    } else {
      assert(arrivalMs >= this.lastArrivalMs, 'arrivals must not go back in time');
      const intervalMs = arrivalMs - this.lastArrivalMs;
      if (intervalMs <= this.intervalMaxMs) this.record(intervalMs);
    }
    this.lastArrivalMs = arrivalMs;
  }

  size(): number {
    return this.filled ? this.intervalsMs.length : this.next;
  }

  meanMs(): number {
    const size = this.size();
    return size === 0 ? 0 : this.sumMs / size;
  }

  /** Unscaled phi: time since the last arrival over the mean interval. */
  phi(nowMs: number): number {
    assert(this.lastArrivalMs !== undefined && this.meanMs() > 0, 'phi before any arrival');
    return (nowMs - this.lastArrivalMs) / this.meanMs();
  }

  private record(intervalMs: number): void {
    if (this.next === this.intervalsMs.length) {
      this.filled = true;
      this.next = 0;
    }
    if (this.filled) this.sumMs -= this.intervalsMs[this.next]!;
    this.intervalsMs[this.next++] = intervalMs;
    this.sumMs += intervalMs;
  }
}
