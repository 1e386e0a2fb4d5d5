/**
 * Goal: the profile tool's per-thread CPU puts the main thread's work on the main thread and a
 * worker's on the others.
 * Method: busy-loop the main thread, then a real worker thread, sampling around each. Each
 * side's time is checked against the process's own CPU over the same span (process.cpuUsage),
 * not against the wall clock: test files run side by side and share the cores.
 */

import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { sampleThreadTimes, threadCpuBetween } from '../../../bench/lib/thread-cpu.js';

function spin(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

function cpuMsSince(before: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

describe.runIf(sampleThreadTimes() !== null)('threadCpuBetween', () => {
  it('counts a busy main thread as main and a busy worker as another thread', async () => {
    const start = sampleThreadTimes()!;
    const cpuAtStart = process.cpuUsage();
    spin(80);
    const afterMain = sampleThreadTimes()!;
    const processMs = cpuMsSince(cpuAtStart);
    const main = threadCpuBetween(start, afterMain);
    expect(processMs).toBeGreaterThan(10);
    expect(main.mainRunMs).toBeGreaterThan(processMs * 0.7);
    expect(main.otherRunMs).toBeLessThan(main.mainRunMs);

    const cpuBeforeWorker = process.cpuUsage();
    const worker = new Worker('const until = performance.now() + 150; while (performance.now() < until); require("worker_threads").parentPort.postMessage(0);', { eval: true });
    await new Promise((resolve) => worker.once('message', resolve));
    // Sampled while the worker still lives: an ended thread leaves /proc with its time.
    const afterWorker = sampleThreadTimes()!;
    const workerSpanMs = cpuMsSince(cpuBeforeWorker);
    await worker.terminate();
    const both = threadCpuBetween(afterMain, afterWorker);
    expect(workerSpanMs).toBeGreaterThan(10);
    expect(both.otherRunMs).toBeGreaterThan(both.mainRunMs);
  });
});
