import { describe, expect, it } from 'vitest';
import { CompactionThrottle } from '../../../../src/storage/compaction/compaction-throttle.js';
import { ManualClock } from '../../../../src/lib/clock.js';

const MiB = 1024 * 1024;

function throttled(bytesPerSecond: number) {
  const clock = new ManualClock(1_000_000);
  const sleeps: number[] = [];
  const throttle = new CompactionThrottle(bytesPerSecond, clock, (ms) => {
    sleeps.push(ms);
    clock.advanceMs(ms);
  });
  return { clock, sleeps, throttle };
}

describe('CompactionThrottle', () => {
  it('holds the average rate: 640 MiB at 64 MiB/s takes 9 s after a 1 s burst', () => {
    const { clock, throttle } = throttled(64 * MiB);
    const start = clock.nowMs();
    for (let i = 0; i < 640; i++) throttle.acquire(MiB);
    expect(clock.nowMs() - start).toBeGreaterThanOrEqual(9000);
    expect(clock.nowMs() - start).toBeLessThanOrEqual(9000 + 640);
    expect(throttle.sleptMs()).toBe(clock.nowMs() - start);
  });

  it('does not sleep while the work itself is slower than the rate', () => {
    const { clock, sleeps, throttle } = throttled(10 * MiB);
    for (let i = 0; i < 100; i++) {
      clock.advanceMs(200); // 1 MiB per 200 ms = 5 MiB/s
      throttle.acquire(MiB);
    }
    expect(sleeps).toEqual([]);
  });

  it('sleeps in proportion to a large charge and never stores more than one second of burst', () => {
    const { clock, sleeps, throttle } = throttled(MiB);
    clock.advanceMs(60_000); // idle for a minute: the bucket stays at 1 MiB
    throttle.acquire(3 * MiB);
    expect(sleeps).toEqual([2000]);
  });

  it('is a no-op at 0 (unthrottled)', () => {
    const { sleeps, throttle } = throttled(0);
    for (let i = 0; i < 1000; i++) throttle.acquire(100 * MiB);
    expect(sleeps).toEqual([]);
    expect(throttle.isUnthrottled()).toBe(true);
  });
});
