/**
 * Client load for benchmarks: a closed loop (N clients, each sending its next request when the
 * last is answered: the maximum rate) and an open loop at a fixed rate (requests start on a
 * schedule whatever the answers do, and each latency counts from its scheduled start, or from
 * its send if that came first, so a stall shows in the percentiles instead of hiding in fewer
 * requests: no coordinated omission).
 */

import type { Progress } from './progress.js';

export interface LoadResult {
  readonly operations: number;
  readonly elapsedMs: number;
  readonly ratePerS: number;
  /** Latencies in ms, sorted ascending. */
  readonly latenciesMs: Float64Array;
}

export async function closedLoop(total: number, clients: number, operation: (i: number) => Promise<unknown>, progress?: Progress): Promise<LoadResult> {
  const latencies = new Float64Array(total);
  let next = 0;
  let done = 0;
  const start = performance.now();
  const client = async (): Promise<void> => {
    while (next < total) {
      const i = next++;
      const began = performance.now();
      await operation(i);
      latencies[i] = performance.now() - began;
      done++;
      if ((done & 1023) === 0) progress?.update(done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(clients, total) }, client));
  return finish(total, performance.now() - start, latencies);
}

export async function fixedRate(total: number, ratePerS: number, operation: (i: number) => Promise<unknown>, progress?: Progress): Promise<LoadResult> {
  const latencies = new Float64Array(total);
  const intervalMs = 1000 / ratePerS;
  const start = performance.now();
  let done = 0;
  let failure: { readonly error: unknown } | null = null;
  let settle!: () => void;
  // One promise for the run, not one kept per request: 30,000 settled promises held to the end
  // were garbage the collector copied at every scavenge, in the process being measured.
  const finished = new Promise<void>((resolve) => (settle = resolve));
  const answered = (i: number, from: number): void => {
    latencies[i] = performance.now() - from;
    done++;
    if ((done & 1023) === 0) progress?.update(done);
    if (done === total) settle();
  };
  const failed = (error: unknown): void => {
    failure ??= { error };
    settle();
  };
  for (let i = 0; i < total && failure === null; i++) {
    const scheduled = start + i * intervalMs;
    const wait = scheduled - performance.now();
    // Timers are ~1 ms coarse: wait only when a millisecond or more ahead, then send what is due.
    if (wait >= 1) await new Promise((resolve) => setTimeout(resolve, wait));
    // A request sent up to a millisecond early counts from its send, not from its later slot
    // (which made latencies short, even negative); one sent late counts from its slot.
    const counted = Math.min(scheduled, performance.now());
    operation(i).then(() => answered(i, counted), failed);
  }
  if (total === 0) settle();
  await finished;
  if (failure !== null) throw (failure as { readonly error: unknown }).error;
  return finish(total, performance.now() - start, latencies);
}

function finish(operations: number, elapsedMs: number, latencies: Float64Array): LoadResult {
  latencies.sort();
  return { operations, elapsedMs, ratePerS: (operations / elapsedMs) * 1000, latenciesMs: latencies };
}

/** The q-quantile (0..1) of sorted latencies. */
export function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}
