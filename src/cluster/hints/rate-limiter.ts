/**
 * A byte-rate limiter for hint delivery (the role of Guava's RateLimiter in Cassandra's
 * HintsDispatcher): each send reserves its bytes and learns how long to wait first. As in
 * Guava, a send never waits for its own bytes, only for those of the sends before it, and an
 * idle limiter saves up no burst. A rate of 0 is no limit (hinted_handoff_throttle: 0).
 */

import { assert } from '../../lib/assert.js';
import type { Clock } from '../../lib/clock.js';

export class RateLimiter {
  /** When the bytes reserved so far will have gone by, at the rate. */
  private nextFreeMs = 0;

  constructor(
    private readonly clock: Clock,
    private bytesPerSecondValue: number,
  ) {
    assert(Number.isFinite(bytesPerSecondValue) && bytesPerSecondValue >= 0, `rate ${bytesPerSecondValue} bytes/s`);
  }

  get bytesPerSecond(): number {
    return this.bytesPerSecondValue;
  }

  setRate(bytesPerSecond: number): void {
    assert(Number.isFinite(bytesPerSecond) && bytesPerSecond >= 0, `rate ${bytesPerSecond} bytes/s`);
    this.bytesPerSecondValue = bytesPerSecond;
  }

  /** Reserves `bytes`; returns the milliseconds to wait before sending them. */
  reserve(bytes: number): number {
    assert(Number.isInteger(bytes) && bytes >= 0, `reserve ${bytes} bytes`);
    if (this.bytesPerSecondValue === 0) return 0;
    const now = this.clock.nowMs();
    const start = Math.max(now, this.nextFreeMs);
    this.nextFreeMs = start + (bytes * 1000) / this.bytesPerSecondValue;
    return start - now;
  }
}
