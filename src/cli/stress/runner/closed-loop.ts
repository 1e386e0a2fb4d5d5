/**
 * The closed loop (`-rate threads=N`): N clients, each starting its next operation when its
 * last is answered. It measures the maximum rate; its latencies count from each operation's
 * actual start, so they hide the time a stalled server keeps new operations from starting
 * (use the fixed-rate loop to see that).
 */

import { assert } from '../../../lib/assert.js';
import { isRunOver, type LoadOutcome, type LoadPlan } from './load-plan.js';

export async function runClosedLoop(plan: LoadPlan, threads: number): Promise<LoadOutcome> {
  assert(Number.isInteger(threads) && threads >= 1, `closed loop of ${threads} threads`);
  const { clock, recorder, source } = plan;
  const startMs = clock.nowMs();
  let issued = 0;
  const client = async (): Promise<void> => {
    for (;;) {
      const beganMs = clock.nowMs();
      if (isRunOver(plan, issued, startMs, beganMs)) return;
      issued++;
      const kind = source.chooseKind();
      try {
        await source.run(kind);
        recorder.record(kind, clock.nowMs() - beganMs);
      } catch (error) {
        recorder.recordError(kind, error);
      }
    }
  };
  await Promise.all(Array.from({ length: threads }, client));
  return { issued, startMs, elapsedMs: clock.nowMs() - startMs };
}
