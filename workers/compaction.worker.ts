// Piscina task entry: one compaction on this pool thread (logic in src/storage/compaction).
// Blocking is fine here: a pool thread serves no event loop, so the throttle sleeps with
// Atomics.wait on a private cell instead of returning to a timer.
import { SystemClock } from '../src/lib/clock.js';
import { NodeStoragePort } from '../src/lib/node-storage-port.js';
import type { CompactionWorkerTask } from '../src/storage/compaction/compaction-pool.js';
import type { CompactionResult } from '../src/storage/compaction/compaction-request.js';
import { runCompaction } from '../src/storage/compaction/compaction-task.js';
import { CompactionThrottle } from '../src/storage/compaction/compaction-throttle.js';

const port = new NodeStoragePort();
const clock = new SystemClock();
const sleepCell = new Int32Array(new SharedArrayBuffer(4));
const sleep = (ms: number): void => {
  if (ms > 0) Atomics.wait(sleepCell, 0, 0, ms);
};

// One bucket for every compaction this thread runs (its share of the node's rate), with a
// tenth of a second's burst (compaction-throttle.ts says why).
let throttle: CompactionThrottle | null = null;
const throttleFor = (bytesPerSecond: number): CompactionThrottle => {
  if (throttle?.bytesPerSecond !== bytesPerSecond) throttle = new CompactionThrottle(bytesPerSecond, clock, sleep, bytesPerSecond / 10);
  return throttle;
};

export default function compact(task: CompactionWorkerTask): CompactionResult {
  if (task.kind !== 'compact') throw new Error(`compaction worker: unknown task kind ${String(task.kind)}`);
  return runCompaction(port, task.request, { clock, sleep, throttleFor });
}
