/**
 * The one event loop of a simulation: a manual clock and the Timers every simulated actor
 * schedules on (gossip rounds, message deliveries, request deadlines, commit-log syncs, hint
 * dispatches), as one queue ordered by (due time, scheduling order). Nothing runs until the
 * simulator steps: each step moves the clock to the next due event, runs it, then lets every
 * promise continuation it started run (a macrotask boundary), as Node runs microtasks after
 * each timer callback. With no real I/O anywhere, the same seed gives the same interleaving.
 */

import type { TimerHandle, Timers } from '../../src/actors/timers.js';
import { assert } from '../../src/lib/assert.js';
import type { Clock } from '../../src/lib/clock.js';
import { MinHeap } from '../../src/lib/min-heap.js';

interface TimerEvent {
  readonly atMs: number;
  readonly seq: number;
  readonly task: () => void;
  cancelled: boolean;
}

/**
 * Wall-clock time that moves only when the simulation steps. Events may fall between whole
 * milliseconds (the transport draws fractional delays); nowMs answers whole ones as Date.now
 * does, and micros strictly increase, as SystemClock's do.
 */
export class SimulatedClock implements Clock {
  private lastMicros = 0n;

  constructor(private ms: number) {}

  /** The exact simulated time, fractions of a millisecond included. */
  preciseMs(): number {
    return this.ms;
  }

  nowMs(): number {
    return Math.floor(this.ms);
  }

  nowMicros(): bigint {
    const micros = BigInt(Math.floor(this.ms * 1000));
    this.lastMicros = micros > this.lastMicros ? micros : this.lastMicros + 1n;
    return this.lastMicros;
  }

  nowSeconds(): number {
    return Math.floor(this.ms / 1000);
  }

  advanceTo(ms: number): void {
    assert(ms >= this.ms, 'time never goes back');
    this.ms = ms;
  }
}

export class SimulatedTime implements Timers {
  readonly clock: SimulatedClock;
  /** Events run so far. */
  steps = 0;
  private readonly queue = new MinHeap<TimerEvent>((a, b) => a.atMs - b.atMs || a.seq - b.seq);
  private seq = 0;

  constructor(readonly startMs: number) {
    this.clock = new SimulatedClock(startMs);
  }

  setTimeout(task: () => void, delayMs: number): TimerHandle {
    assert(Number.isFinite(delayMs), `a timer needs a finite delay, not ${delayMs}`);
    const event: TimerEvent = { atMs: this.clock.preciseMs() + Math.max(0, delayMs), seq: this.seq++, task, cancelled: false };
    this.queue.push(event);
    return { timerId: event };
  }

  clearTimeout(handle: TimerHandle): void {
    (handle.timerId as TimerEvent).cancelled = true;
  }

  /** Milliseconds since the simulation started. */
  elapsedMs(): number {
    return this.clock.preciseMs() - this.startMs;
  }

  /** Runs the next due event and what it started; false when nothing is scheduled. */
  async step(): Promise<boolean> {
    const event = this.nextLive();
    if (event === null) return false;
    this.queue.pop();
    this.clock.advanceTo(event.atMs);
    this.steps++;
    event.task();
    await drainMicrotasks();
    return true;
  }

  /** Runs every event due in the next `durationMs`, then moves the clock to its end. */
  async runFor(durationMs: number): Promise<void> {
    const endMs = this.clock.preciseMs() + durationMs;
    for (;;) {
      const next = this.nextLive();
      if (next === null || next.atMs > endMs) break;
      await this.step();
    }
    this.clock.advanceTo(endMs);
  }

  /**
   * Runs events until `done()` holds (checked after each), for at most `limitMs` of simulated
   * time; whether it held.
   */
  async runUntil(done: () => boolean, limitMs: number): Promise<boolean> {
    const endMs = this.clock.preciseMs() + limitMs;
    await drainMicrotasks();
    while (!done()) {
      const next = this.nextLive();
      if (next === null || next.atMs > endMs) {
        this.clock.advanceTo(Math.max(this.clock.preciseMs(), endMs));
        return false;
      }
      await this.step();
    }
    return true;
  }

  /** Runs the simulation until `promise` settles (at most `limitMs`); its value, or its rejection. */
  async settle<T>(promise: Promise<T>, limitMs: number): Promise<T> {
    let settled = false;
    promise.then(
      () => (settled = true),
      () => (settled = true),
    );
    const held = await this.runUntil(() => settled, limitMs);
    assert(held, `still pending after ${limitMs} simulated ms`);
    return promise;
  }

  private nextLive(): TimerEvent | null {
    while (this.queue.size > 0) {
      const event = this.queue.peek();
      if (!event.cancelled) return event;
      this.queue.pop();
    }
    return null;
  }
}

/** Every queued promise continuation runs before a macrotask: one setImmediate drains them all. */
function drainMicrotasks(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
