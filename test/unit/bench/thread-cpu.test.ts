/**
 * Goal: the profile tool's per-thread CPU puts the main thread's work on the main thread and a
 * worker's on the others.
 * Method: busy-loop the main thread, then a real worker thread, sampling around each.
 */

import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { sampleThreadTimes, threadCpuBetween } from '../../../bench/lib/thread-cpu.js';

function spin(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe.runIf(sampleThreadTimes() !== null)('threadCpuBetween', () => {
  it('counts a busy main thread as main and a busy worker as another thread', async () => {
    const start = sampleThreadTimes()!;
    spin(80);
    const afterMain = sampleThreadTimes()!;
    const main = threadCpuBetween(start, afterMain);
    expect(main.mainRunMs).toBeGreaterThan(50);
    expect(main.otherRunMs).toBeLessThan(main.mainRunMs);

    const worker = new Worker('const until = performance.now() + 150; while (performance.now() < until); require("worker_threads").parentPort.postMessage(0);', { eval: true });
    await new Promise((resolve) => worker.once('message', resolve));
    // Sampled while the worker still lives: an ended thread leaves /proc with its time.
    const afterWorker = sampleThreadTimes()!;
    await worker.terminate();
    const both = threadCpuBetween(afterMain, afterWorker);
    expect(both.otherRunMs).toBeGreaterThan(100);
  });
});
