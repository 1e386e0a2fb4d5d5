/**
 * One run of one target, in the current process (the harness gives each run its own child
 * process, see ingest-child.ts):
 *
 *   1. generate the rows (seeded; not timed)
 *   2. open the target in a fresh temp dir
 *   3. warm-up ingest of rows with keys of their own (warmupCount; skipped by --no-warmup)
 *   4. ingest: writeBatch over consecutive 1,000-row batches, one at a time     [timed]
 *      - after each batch the harness yields one event-loop turn, as a server between
 *        requests would; without it a synchronous store (better-sqlite3) never lets the
 *        loop-delay timer run and shows a p99 of 0 while blocking the loop throughout
 *      - main-loop delay histogram (perf_hooks.monitorEventLoopDelay) enabled throughout
 *   5. settle (flush + compact)                                                   [timed apart]
 *   6. warm-up reads (warmupCount of the reads, other random keys), then random point reads
 *      by key, `readConcurrency` in flight, each verified                          [timed]
 *   7. when the target has compactInBackground(): more rows (half as many, at most 500k,
 *      other keys), the first half timed as is; then a flush (not timed) and a full
 *      compaction of everything, and the rest timed while it runs; the ratio of the two
 *      rates is ingest_during_compaction_ratio
 *   8. close, delete the dir, report; the process's peak RSS is read last
 */

import { monitorEventLoopDelay } from 'node:perf_hooks';
import { assert } from '../../src/lib/assert.js';
import { SeededRandom } from '../../src/lib/random.js';
import { Progress } from '../lib/progress.js';
import { ratePerSecond } from '../lib/stats.js';
import { withTempDir } from '../lib/temp-dir.js';
import type { IngestOptions } from './ingest-options.js';
import type { IngestTarget, IngestTargetFactory, IngestTargetKind } from './ingest-target.js';
import { generateStressRows, type StressRows } from './stress-rows.js';
import { warmupCount } from '../lib/stress-warmup.js';

export interface IngestRunResult {
  readonly name: string;
  readonly kind: IngestTargetKind;
  readonly rows: number;
  readonly rowsPerS: number;
  readonly settleMs: number;
  readonly reads: number;
  readonly readsPerS: number;
  readonly loopDelayP99Ms: number;
  /** Rows/s of batches written during a full compaction over rows/s just before; null when not measurable. */
  readonly ingestDuringCompactionRatio: number | null;
  /** The run's whole process, generated rows included (~180 MB at 1M rows, ~145 MB at 10M). */
  readonly peakRssMb: number;
}

const PLAIN_PROGRESS_INTERVAL_MS = 2_000;
/**
 * Rows of the during-compaction phase, half timed before the compaction and half during it. A
 * fifth of the rows (100k at 1M, ~0.2 s a half) gave ratios from 0.5 to 1.4 for the same code
 * on this VM: too short a window to measure a rate. Half (250k a half at 1M, ~0.6 s) stays
 * inside a full compaction at the default throttle.
 */
const COMPACTION_PHASE_ROWS_MAX = 500_000;
const LOOP_DELAY_RESOLUTION_MS = 1;
export async function runIngestOnce(
  factory: IngestTargetFactory,
  options: IngestOptions,
): Promise<IngestRunResult> {
  const rows = generateStressRows(options.rows, options.seed);
  const extraRows = generateStressRows(Math.max(2 * options.batchRows, Math.min(COMPACTION_PHASE_ROWS_MAX, Math.floor(options.rows / 2))), options.seed + 2);
  const readOrder = pickReadOrder(options.rows, options.reads, options.seed + 1);
  const warmupRowCount = options.warmup ? warmupCount(options.rows) : 0;
  const warmupRows = warmupRowCount > 0 ? generateStressRows(warmupRowCount, options.seed + 3) : null;
  const warmupReads = pickReadOrder(options.rows, options.warmup ? warmupCount(options.reads) : 0, options.seed + 4);
  const target = factory.create();
  return withTempDir(`sibyl-ingest-${factory.kind}`, async (dir) => {
    await target.open(dir);
    try {
      if (warmupRows !== null) await writeAll(target, warmupRows, options.batchRows, 'warm-up ingest');
      const ingest = await ingestAll(target, rows, options.batchRows);
      const settleStart = process.hrtime.bigint();
      await target.settle();
      const settleMs = Number(process.hrtime.bigint() - settleStart) / 1e6;
      if (warmupReads.length > 0) await readAll(target, warmupReads, options.readConcurrency, 'warm-up reads');
      const readsPerS = await readAll(target, readOrder, options.readConcurrency, 'reads');
      const duringCompactionRatio = await ingestDuringCompaction(target, extraRows, options.batchRows);
      return {
        name: factory.name,
        kind: factory.kind,
        rows: options.rows,
        rowsPerS: ingest.rowsPerS,
        settleMs,
        reads: readOrder.length,
        readsPerS,
        loopDelayP99Ms: ingest.loopDelayP99Ms,
        ingestDuringCompactionRatio: duringCompactionRatio,
        peakRssMb: process.resourceUsage().maxRSS / 1024,
      };
    } finally {
      await target.close();
    }
  });
}

interface IngestMeasure {
  readonly rowsPerS: number;
  readonly loopDelayP99Ms: number;
}

async function ingestAll(
  target: IngestTarget,
  rows: StressRows,
  batchRows: number,
): Promise<IngestMeasure> {
  const loopDelay = monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS });
  loopDelay.enable();
  const start = process.hrtime.bigint();
  await writeAll(target, rows, batchRows, 'ingest');
  const elapsedNs = process.hrtime.bigint() - start;
  loopDelay.disable();
  return {
    rowsPerS: ratePerSecond(rows.count, elapsedNs),
    loopDelayP99Ms: loopDelay.count > 0 ? loopDelay.percentile(99) / 1e6 : 0,
  };
}

/** Writes every row in consecutive batches, one event-loop turn between batches, with progress. */
async function writeAll(target: IngestTarget, rows: StressRows, batchRows: number, phase: string): Promise<void> {
  const progress = new Progress({
    label: `${target.name} ${phase}`,
    total: rows.count,
    unit: 'rows',
    stream: process.stderr,
    plainIntervalMs: PLAIN_PROGRESS_INTERVAL_MS,
  });
  for (let from = 0; from < rows.count; from += batchRows) {
    const to = Math.min(from + batchRows, rows.count);
    await target.writeBatch(rows, from, to);
    progress.update(to);
    await yieldToEventLoop();
  }
  progress.finish(rows.count);
}

/**
 * Ingests the first half of `rows` as is, then starts a full compaction and ingests the rest
 * while it runs (batches after it ends are not counted). Returns the rate during the
 * compaction over the rate before it, or null when the target cannot compact on demand or the
 * compaction ended before a single batch.
 */
async function ingestDuringCompaction(target: IngestTarget, rows: StressRows, batchRows: number): Promise<number | null> {
  if (target.compactInBackground === undefined) return null;
  const half = Math.floor(rows.count / 2 / batchRows) * batchRows;
  const timed = async (from: number, to: number): Promise<bigint> => {
    const start = process.hrtime.bigint();
    await target.writeBatch(rows, from, to);
    await yieldToEventLoop();
    return process.hrtime.bigint() - start;
  };
  let beforeNs = 0n;
  for (let from = 0; from < half; from += batchRows) beforeNs += await timed(from, from + batchRows);
  let compacting = true;
  const { done } = await target.compactInBackground();
  const compaction = done.finally(() => {
    compacting = false;
  });
  let duringRows = 0;
  let duringNs = 0n;
  for (let from = half; from < rows.count && compacting; from += batchRows) {
    const to = Math.min(from + batchRows, rows.count);
    duringNs += await timed(from, to);
    duringRows += to - from;
  }
  await compaction;
  if (duringRows === 0) return null;
  return ratePerSecond(duringRows, duringNs) / ratePerSecond(half, beforeNs);
}

/** Reads every key of `order` with at most `concurrency` reads in flight; returns reads/s. */
async function readAll(
  target: IngestTarget,
  order: Uint32Array,
  concurrency: number,
  phase: string,
): Promise<number> {
  const progress = new Progress({
    label: `${target.name} ${phase}`,
    total: order.length,
    unit: 'reads',
    stream: process.stderr,
    plainIntervalMs: PLAIN_PROGRESS_INTERVAL_MS,
  });
  let next = 0;
  let done = 0;
  let wrong = 0;
  let firstWrong = -1;
  const reader = async (): Promise<void> => {
    while (next < order.length) {
      const keyIndex = order[next++]!;
      if (!(await target.read(keyIndex))) {
        wrong++;
        if (firstWrong < 0) firstWrong = keyIndex;
      }
      done++;
      if ((done & 1023) === 0) progress.update(done);
    }
  };
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: Math.min(concurrency, order.length) }, reader));
  const elapsedNs = process.hrtime.bigint() - start;
  progress.finish(done);
  assert(done === order.length, `read ${done} of ${order.length} keys`);
  if (wrong > 0) {
    throw new Error(
      `${target.name}: ${wrong} of ${order.length} reads were missing or wrong ` +
        `(first: row ${firstWrong})`,
    );
  }
  return ratePerSecond(order.length, elapsedNs);
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** `reads` row indexes drawn uniformly (with repeats) from [0, rows), seeded. */
function pickReadOrder(rows: number, reads: number, seed: number): Uint32Array {
  const random = new SeededRandom(seed);
  const order = new Uint32Array(reads);
  for (let i = 0; i < reads; i++) order[i] = random.int(rows);
  return order;
}
