/**
 * Timers as an argument (STYLE rule 7): logic that must act later (the commit log's group and
 * periodic fsyncs) asks a Scheduler, never the global setTimeout, so tests and the simulator can
 * drive time by hand. SystemScheduler (system-scheduler.ts) is the adapter over real timers;
 * ManualScheduler runs timers when a ManualClock is advanced through their due time.
 */

import { assert } from '../../lib/assert.js';
import type { ManualClock } from '../../lib/clock.js';

export interface Scheduler {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

interface ManualTimer {
  readonly id: number;
  readonly dueMs: number;
  readonly fn: () => void;
}

export class ManualScheduler implements Scheduler {
  private readonly timers: ManualTimer[] = [];
  private nextId = 1;

  constructor(private readonly clock: ManualClock) {}

  setTimeout(fn: () => void, ms: number): unknown {
    assert(Number.isFinite(ms) && ms >= 0, `timer delay must be >= 0, got ${ms}`);
    const timer = { id: this.nextId++, dueMs: this.clock.nowMs() + ms, fn };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: unknown): void {
    const index = this.timers.findIndex((timer) => timer.id === handle);
    if (index >= 0) this.timers.splice(index, 1);
  }

  pendingTimers(): number {
    return this.timers.length;
  }

  /**
   * Moves the clock forward by `deltaMs`, stopping at each due timer to run it, earliest first
   * (ties in the order they were set). Timers set while running fire too if due in the window.
   */
  advanceMs(deltaMs: number): void {
    assert(deltaMs >= 0, 'time only moves forward');
    const targetMs = this.clock.nowMs() + deltaMs;
    for (;;) {
      let next: ManualTimer | undefined;
      for (const timer of this.timers) {
        if (timer.dueMs > targetMs) continue;
        if (next === undefined || timer.dueMs < next.dueMs) next = timer;
      }
      if (next === undefined) break;
      this.timers.splice(this.timers.indexOf(next), 1);
      if (next.dueMs > this.clock.nowMs()) this.clock.advanceMs(next.dueMs - this.clock.nowMs());
      next.fn();
    }
    this.clock.advanceMs(targetMs - this.clock.nowMs());
  }
}
