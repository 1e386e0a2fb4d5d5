/**
 * Time for the load loops, taken as an argument so tests drive them on a virtual clock (a
 * stall of 100 ms takes no real time there). The system clock is performance.now and
 * setTimeout.
 */

export interface StressClock {
  /** Milliseconds on a monotonic clock (fractional). */
  nowMs(): number;
  /** Resolves once `ms` have passed. */
  sleepMs(ms: number): Promise<void>;
}

export const systemStressClock: StressClock = {
  nowMs: () => performance.now(),
  sleepMs: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
