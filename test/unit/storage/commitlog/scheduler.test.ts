import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../src/lib/clock.js';
import { ManualScheduler } from '../../../../src/storage/commitlog/scheduler.js';

describe('ManualScheduler', () => {
  it('runs timers in due order as time is advanced, at their due time, and not cancelled ones', () => {
    const clock = new ManualClock(100);
    const scheduler = new ManualScheduler(clock);
    const fired: string[] = [];
    scheduler.setTimeout(() => fired.push(`b@${clock.nowMs()}`), 20);
    scheduler.setTimeout(() => {
      fired.push(`a@${clock.nowMs()}`);
      scheduler.setTimeout(() => fired.push(`c@${clock.nowMs()}`), 5);
    }, 10);
    const cancelled = scheduler.setTimeout(() => fired.push('never'), 15);
    scheduler.clearTimeout(cancelled);
    scheduler.advanceMs(9);
    expect(fired).toEqual([]);
    scheduler.advanceMs(30);
    expect(fired).toEqual(['a@110', 'c@115', 'b@120']);
    expect(clock.nowMs()).toBe(139);
    expect(scheduler.pendingTimers()).toBe(0);
  });
});
