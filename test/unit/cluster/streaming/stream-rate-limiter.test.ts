/**
 * The outbound stream throttle on a manual clock: pages leave at once on an idle link, later
 * ones wait so that bytes over time stay at the rate; 0 is unthrottled; a new rate starts afresh.
 */

import { describe, expect, it } from 'vitest';
import type { TimerHandle, Timers } from '../../../../src/actors/timers.js';
import { StreamRateLimiter } from '../../../../src/cluster/streaming/stream-rate-limiter.js';
import { ManualClock } from '../../../../src/lib/clock.js';

/** Timers that record the delays asked for and fire when the test advances the clock. */
class ManualTimers implements Timers {
  readonly delays: number[] = [];
  private pending: Array<{ at: number; task: () => void }> = [];
  constructor(private readonly clock: ManualClock) {}
  setTimeout(task: () => void, delayMs: number): TimerHandle {
    this.delays.push(delayMs);
    this.pending.push({ at: this.clock.nowMs() + delayMs, task });
    return { timerId: this.pending.length };
  }
  clearTimeout(): void {}
  advance(ms: number): void {
    this.clock.advanceMs(ms);
    const due = this.pending.filter((p) => p.at <= this.clock.nowMs());
    this.pending = this.pending.filter((p) => p.at > this.clock.nowMs());
    for (const p of due) p.task();
  }
}

const settled = async <T>(promise: Promise<T>): Promise<boolean> => {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((r) => setImmediate(r));
  return done;
};

describe('StreamRateLimiter', () => {
  it('lets the first page go at once and makes the next wait for the first one\'s share of the second', async () => {
    const clock = new ManualClock(1_000);
    const timers = new ManualTimers(clock);
    const limiter = new StreamRateLimiter(1000, clock, timers); // 1000 bytes/s
    expect(await settled(limiter.acquire(500))).toBe(true);
    const second = limiter.acquire(500);
    expect(await settled(second)).toBe(false);
    expect(timers.delays).toEqual([500]);
    const third = limiter.acquire(250);
    expect(timers.delays).toEqual([500, 1000]);
    timers.advance(500);
    expect(await settled(second)).toBe(true);
    expect(await settled(third)).toBe(false);
    timers.advance(500);
    expect(await settled(third)).toBe(true);
  });

  it('does not bank idle time: after a pause the link is free again, not owed a burst', async () => {
    const clock = new ManualClock(0);
    const timers = new ManualTimers(clock);
    const limiter = new StreamRateLimiter(100, clock, timers);
    await limiter.acquire(100);
    clock.advanceMs(10_000);
    await limiter.acquire(100); // idle link: at once
    const next = limiter.acquire(100);
    expect(timers.delays).toEqual([1000]);
    timers.advance(1000);
    await next;
  });

  it('is unthrottled at 0, and a new throughput applies from the next page', async () => {
    const clock = new ManualClock(0);
    const timers = new ManualTimers(clock);
    const limiter = new StreamRateLimiter(0, clock, timers);
    for (let i = 0; i < 5; i++) await limiter.acquire(1 << 20);
    expect(timers.delays).toEqual([]);
    expect(limiter.bytesWithinMs(1000)).toBe(Infinity);
    limiter.setThroughput(2048);
    expect(limiter.throughputBytesPerSecond).toBe(2048);
    expect(limiter.bytesWithinMs(500)).toBe(1024);
    await limiter.acquire(2048);
    const later = limiter.acquire(1);
    expect(timers.delays).toEqual([1000]);
    timers.advance(1000);
    await later;
  });

  it('refuses a negative or non-finite rate', () => {
    const clock = new ManualClock(0);
    expect(() => new StreamRateLimiter(-1, clock, new ManualTimers(clock))).toThrow(/stream throughput/);
    expect(() => new StreamRateLimiter(0, clock, new ManualTimers(clock)).setThroughput(Infinity)).toThrow(/stream throughput/);
  });
});
