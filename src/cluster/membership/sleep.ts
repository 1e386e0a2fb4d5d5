/** Waits `ms` on the given timers (never the ambient setTimeout: STYLE rule 7). */

import type { Timers } from '../../actors/timers.js';

export function sleep(timers: Timers, ms: number): Promise<void> {
  return new Promise((resolve) => {
    timers.setTimeout(resolve, ms);
  });
}
