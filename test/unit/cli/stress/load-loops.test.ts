// The load loops on a virtual clock. The open loop counts each latency from the operation's
// scheduled start, so a server stall shows in the percentiles of every operation that waited
// for it; the closed loop, which only measures from actual starts, shows it in one operation.

import { describe, expect, it } from 'vitest';
import { LatencyRecorder } from '../../../../src/cli/stress/metrics/latency-recorder.js';
import { runClosedLoop } from '../../../../src/cli/stress/runner/closed-loop.js';
import { runFixedRate } from '../../../../src/cli/stress/runner/fixed-rate-loop.js';
import type { LoadPlan } from '../../../../src/cli/stress/runner/load-plan.js';
import type { StressClock } from '../../../../src/cli/stress/runner/stress-clock.js';

/**
 * Sleeping moves time forward at once (a 100 ms stall costs no real time), after letting what
 * is already runnable finish at the current time, as it would on a real clock.
 */
class VirtualClock implements StressClock {
  now = 0;
  nowMs(): number {
    return this.now;
  }
  async sleepMs(ms: number): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    this.now += ms;
  }
}

const OPERATIONS = 1000;
const STALLED_OPERATION = 200;
const STALL_MS = 100;

/** A server answering at once, except that operation 200 stalls it for 100 ms. */
function stallingPlan(clock: VirtualClock): { plan: LoadPlan; started: number[] } {
  const started: number[] = [];
  let count = 0;
  const plan: LoadPlan = {
    clock,
    recorder: new LatencyRecorder(['OP'], 0),
    length: { kind: 'operations', operations: OPERATIONS },
    stop: { requested: false },
    source: {
      chooseKind: () => 0,
      run: async () => {
        started.push(clock.now);
        if (count++ === STALLED_OPERATION) await clock.sleepMs(STALL_MS);
      },
    },
  };
  return { plan, started };
}

describe('stress load loops', () => {
  it('fixed rate: a stall shows in the latency of every operation scheduled during it', async () => {
    const clock = new VirtualClock();
    const { plan, started } = stallingPlan(clock);
    // 1000/s, one operation in flight: cassandra-stress's `-rate fixed=1000/s threads=1`.
    const outcome = await runFixedRate(plan, 1000, 1);
    expect(outcome.issued).toBe(OPERATIONS);
    // Operations start on their schedule, 1 ms apart, until the stall holds them back.
    expect(started.slice(0, 5)).toEqual([0, 1, 2, 3, 4]);
    const stats = plan.recorder.closeInterval(clock.now, 0).total;
    expect(stats.operations).toBe(OPERATIONS);
    // The ~100 operations due during the stall waited up to 100 ms each: a tenth of all.
    expect(stats.maxMs).toBeGreaterThanOrEqual(STALL_MS - 1);
    expect(stats.p95Ms).toBeGreaterThan(40);
    expect(stats.p99Ms).toBeGreaterThan(85);
    expect(stats.p50Ms).toBeLessThan(1);
    // The run still took its scheduled second (plus the stall's overrun), not more.
    expect(outcome.elapsedMs).toBeGreaterThanOrEqual(999);
  });

  it('closed loop: the same stall is one slow operation (what coordinated omission hides)', async () => {
    const clock = new VirtualClock();
    const { plan } = stallingPlan(clock);
    const outcome = await runClosedLoop(plan, 1);
    expect(outcome.issued).toBe(OPERATIONS);
    const stats = plan.recorder.closeInterval(clock.now, 0).total;
    expect(stats.maxMs).toBeGreaterThanOrEqual(STALL_MS - 1);
    expect(stats.p99Ms).toBeLessThan(1);
  });

  it('fixed rate: a run by duration starts operations until the deadline, then waits for the answers', async () => {
    const clock = new VirtualClock();
    const { plan } = stallingPlan(clock);
    const outcome = await runFixedRate({ ...plan, length: { kind: 'duration', durationMs: 500 } }, 200, 8);
    expect(outcome.issued).toBe(100);
    expect(plan.recorder.closeInterval(clock.now, 0).total.operations).toBe(100);
  });

  it('counts failed operations by error code, not as latencies', async () => {
    const clock = new VirtualClock();
    const recorder = new LatencyRecorder(['WRITE'], 0);
    let n = 0;
    const writeTimeout = Object.assign(new Error('timed out'), { code: 0x1100 });
    const plan: LoadPlan = {
      clock,
      recorder,
      length: { kind: 'operations', operations: 10 },
      stop: { requested: false },
      source: { chooseKind: () => 0, run: async () => (n++ % 5 === 0 ? Promise.reject(writeTimeout) : undefined) },
    };
    await runClosedLoop(plan, 2);
    recorder.closeInterval(clock.now, 0);
    const totals = recorder.runStats(1000);
    expect(totals.total.operations).toBe(8);
    expect(totals.total.errors).toBe(2);
    expect(totals.errors).toEqual([{ error: '0x1100 WriteTimeout', count: 2 }]);
  });

  it('stops early when asked', async () => {
    const clock = new VirtualClock();
    const { plan } = stallingPlan(clock);
    let runs = 0;
    const stop = { requested: false };
    const outcome = await runClosedLoop({ ...plan, stop, source: { chooseKind: () => 0, run: async () => void (++runs === 10 && (stop.requested = true)) } }, 1);
    expect(outcome.issued).toBe(10);
  });
});
