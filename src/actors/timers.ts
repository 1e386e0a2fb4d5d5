/**
 * Time and scheduling as arguments (STYLE rule 7): the runtime asks a Timers for request
 * timeouts and a TaskScheduler for "run this soon, after pending I/O", so unit tests drive
 * the dispatcher by hand. system-timers.ts holds the only setTimeout/setImmediate calls.
 */

export interface TimerHandle {
  readonly timerId: unknown;
}

export interface Timers {
  setTimeout(task: () => void, delayMs: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export interface TaskScheduler {
  /** Runs the task on a later turn of the event loop, after pending port messages and timers. */
  schedule(task: () => void): void;
}
