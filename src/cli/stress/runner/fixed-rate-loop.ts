/**
 * The open loop (`-rate fixed=R/s`): operation i is due at start + i / R, whatever the
 * answers do. Its latency counts from when it was due, not from when it was sent, so a server
 * that stalls shows the stall in every operation that waited for it, instead of the loop
 * quietly sending fewer (coordinated omission, after Gil Tene's "How NOT to Measure Latency").
 *
 * Timers are coarse (~1 ms): the loop sleeps until the next operation is due, then starts all
 * that are due. At most `inFlightMax` operations are outstanding; beyond, the loop waits for
 * an answer, and the operations it holds back still count from their due time.
 */

import { assert } from '../../../lib/assert.js';
import { isRunOver, type LoadOutcome, type LoadPlan } from './load-plan.js';

export async function runFixedRate(plan: LoadPlan, perSecond: number, inFlightMax: number): Promise<LoadOutcome> {
  assert(perSecond > 0 && Number.isInteger(inFlightMax) && inFlightMax >= 1, `fixed rate ${perSecond}/s, ${inFlightMax} in flight`);
  const { clock, recorder, source } = plan;
  const intervalMs = 1000 / perSecond;
  const startMs = clock.nowMs();
  let inFlight = 0;
  let slotFreed: (() => void) | null = null;
  let allAnswered: (() => void) | null = null;
  const answered = (): void => {
    inFlight--;
    slotFreed?.();
    slotFreed = null;
    if (inFlight === 0) allAnswered?.();
  };
  const start = (kind: number, dueMs: number): void => {
    inFlight++;
    source.run(kind).then(
      () => {
        recorder.record(kind, clock.nowMs() - dueMs);
        answered();
      },
      (error: unknown) => {
        recorder.recordError(kind, error);
        answered();
      },
    );
  };
  let issued = 0;
  for (;;) {
    const dueMs = startMs + issued * intervalMs;
    if (isRunOver(plan, issued, startMs, dueMs)) break;
    const waitMs = dueMs - clock.nowMs();
    if (waitMs > 0) await clock.sleepMs(waitMs);
    while (inFlight >= inFlightMax) await new Promise<void>((resolve) => (slotFreed = resolve));
    start(source.chooseKind(), dueMs);
    issued++;
  }
  if (inFlight > 0) await new Promise<void>((resolve) => (allAnswered = resolve));
  return { issued, startMs, elapsedMs: clock.nowMs() - startMs };
}
