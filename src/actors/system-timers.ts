/**
 * The adapter from Timers/TaskScheduler to Node's timers: the one place the actor runtime
 * touches setTimeout, setImmediate and queueMicrotask (STYLE rule 7). The dispatchers use
 * setImmediate, not queueMicrotask, so a busy dispatcher still lets MessagePort messages and
 * timers run between its ticks.
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

/**
 * Runs tasks once the current synchronous run ends, in order, one microtask per burst: for
 * hops that must not run inside their caller but need not wait for the next event-loop turn
 * (messages between nodes of one process: a setImmediate per message cost a loop iteration of
 * latency on every hop of every read and write). A task that throws is rethrown on its own
 * microtask after the others of its burst ran, as it would have been alone.
 */
export function microtaskBurstScheduler(): TaskScheduler {
  let burst: Array<() => void> = [];
  const run = (): void => {
    const tasks = burst;
    burst = [];
    for (const task of tasks) {
      try {
        task();
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  };
  return {
    schedule(task: () => void): void {
      if (burst.push(task) === 1) queueMicrotask(run);
    },
  };
}
