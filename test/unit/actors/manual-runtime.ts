/**
 * Hand-driven Timers and TaskScheduler for in-process actor tests: nothing runs until the
 * test says so, and time moves only when advanced.
 */

import type { TaskScheduler, TimerHandle, Timers } from '../../../src/actors/timers.js';

export class ManualScheduler implements TaskScheduler {
  private tasks: Array<() => void> = [];
  ticks = 0;

  schedule(task: () => void): void {
    this.tasks.push(task);
  }

  /** Runs scheduled tasks (and the microtasks they start) until nothing is left. */
  async runUntilIdle(): Promise<void> {
    for (;;) {
      await flushMicrotasks();
      const tasks = this.tasks;
      if (tasks.length === 0) return;
      this.tasks = [];
      for (const task of tasks) {
        this.ticks += 1;
        task();
      }
    }
  }
}

export class ManualTimers implements Timers {
  private nowMs = 0;
  private nextId = 0;
  private readonly due = new Map<number, { atMs: number; task: () => void }>();

  setTimeout(task: () => void, delayMs: number): TimerHandle {
    this.nextId += 1;
    this.due.set(this.nextId, { atMs: this.nowMs + delayMs, task });
    return { timerId: this.nextId };
  }

  clearTimeout(handle: TimerHandle): void {
    this.due.delete(handle.timerId as number);
  }

  get pending(): number {
    return this.due.size;
  }

  advance(ms: number): void {
    this.nowMs += ms;
    for (const [id, timer] of [...this.due]) {
      if (timer.atMs > this.nowMs) continue;
      this.due.delete(id);
      timer.task();
    }
  }
}

/** Lets every queued microtask (promise continuation) run: a macrotask boundary drains them all. */
export async function flushMicrotasks(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
}

/** Waits, a macrotask at a time, until `done` holds (for waitAsync wake-ups); bounded. */
export async function waitUntil(done: () => boolean, turnsMax = 10_000): Promise<void> {
  for (let turn = 0; turn < turnsMax && !done(); turn += 1) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}
