/** The Scheduler adapter over Node's timers: the only commit-log file allowed to call them. */

import type { Scheduler } from './scheduler.js';

export class SystemScheduler implements Scheduler {
  setTimeout(fn: () => void, ms: number): unknown {
    return globalThis.setTimeout(fn, ms);
  }

  clearTimeout(handle: unknown): void {
    // The handle came from setTimeout above; Scheduler keeps it opaque to logic.
    globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>);
  }
}
