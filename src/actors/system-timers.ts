/**
 * The adapter from Timers/TaskScheduler to Node's timers: the one place the actor runtime
 * touches setTimeout and setImmediate (STYLE rule 7). setImmediate, not queueMicrotask, so a
 * busy dispatcher still lets MessagePort messages and timers run between its ticks.
 */

import type { TaskScheduler, TimerHandle, Timers } from './timers.js';

export const systemTimers: Timers = {
  setTimeout(task: () => void, delayMs: number): TimerHandle {
    return { timerId: setTimeout(task, delayMs) };
  },
  clearTimeout(handle: TimerHandle): void {
    clearTimeout(handle.timerId as ReturnType<typeof setTimeout>);
  },
};

export const immediateScheduler: TaskScheduler = {
  schedule(task: () => void): void {
    setImmediate(task);
  },
};
