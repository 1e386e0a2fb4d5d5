/**
 * CPU time of this process's threads, from Linux's /proc/self/task/<tid>/schedstat: time on a
 * CPU and time runnable but waiting for one, in nanoseconds. The main thread (tid = pid) is
 * the event loop that serves every node's requests; the others are the storage, flush and
 * compaction workers, V8's helpers (GC, compilation) and libuv's pool. A thread that ends
 * between two samples takes its time with it.
 */

import { readdirSync, readFileSync } from 'node:fs';

export interface ThreadTimes {
  /** Per thread id: [on a CPU, waiting for a CPU], ns. */
  readonly byThread: ReadonlyMap<number, readonly [number, number]>;
}

export interface ThreadCpu {
  readonly mainRunMs: number;
  /** The main thread's time runnable but not running: the CPU was taken by others. */
  readonly mainWaitMs: number;
  readonly otherRunMs: number;
}

const TASKS = '/proc/self/task';

/** This process's threads' times now; null where the kernel does not keep them (not Linux). */
export function sampleThreadTimes(): ThreadTimes | null {
  let tids: string[];
  try {
    tids = readdirSync(TASKS);
  } catch {
    return null;
  }
  const byThread = new Map<number, readonly [number, number]>();
  for (const tid of tids) {
    let fields: string[];
    try {
      fields = readFileSync(`${TASKS}/${tid}/schedstat`, 'utf8').split(' ');
    } catch {
      continue; // ended since the listing, or no schedstat in this kernel
    }
    byThread.set(Number(tid), [Number(fields[0]), Number(fields[1])]);
  }
  return byThread.size === 0 ? null : { byThread };
}

/** The threads' CPU between two samples: a thread that was not in `before` counts from zero. */
export function threadCpuBetween(before: ThreadTimes, after: ThreadTimes): ThreadCpu {
  let mainRun = 0;
  let mainWait = 0;
  let otherRun = 0;
  for (const [tid, [run, wait]] of after.byThread) {
    const [runBefore, waitBefore] = before.byThread.get(tid) ?? [0, 0];
    if (tid === process.pid) {
      mainRun += run - runBefore;
      mainWait += wait - waitBefore;
    } else {
      otherRun += run - runBefore;
    }
  }
  return { mainRunMs: mainRun / 1e6, mainWaitMs: mainWait / 1e6, otherRunMs: otherRun / 1e6 };
}
