/**
 * Measures append throughput of 1,000-row batches (~300-byte rows) in each sync mode on the real
 * disk. Prints numbers, asserts nothing about speed: the machine drifts ±20% (PERF-NOTES.md).
 * Skipped unless SIBYL_MEASURE=1:
 *
 *   SIBYL_MEASURE=1 npx vitest run test/unit/storage/commitlog/append-throughput
 *
 * Two shapes: one writer that awaits each batch's ack before the next (latency-bound), and 16
 * writers (vnodes) with one batch in flight each, as a worker thread runs them.
 */

import { describe, expect, it } from 'vitest';
import { SystemClock } from '../../../../src/lib/clock.js';
import { CommitLog } from '../../../../src/storage/commitlog/commit-log.js';
import { defaultCommitLogOptions, type CommitLogSyncMode } from '../../../../src/storage/commitlog/commit-log-options.js';
import { SystemScheduler } from '../../../../src/storage/commitlog/system-scheduler.js';
import { CountingStoragePort, makePayloads, makeTempDirectory } from './commit-log-test-kit.js';

const ROWS_PER_BATCH = 1_000;
const ROW_BYTES = 300;
const BATCHES = 200; // 200k rows, ~60 MB: crosses a segment boundary
const WRITERS = 16;

async function measure(syncMode: CommitLogSyncMode, writers: number): Promise<string> {
  const port = new CountingStoragePort();
  const log = CommitLog.open(
    port,
    new SystemClock(),
    new SystemScheduler(),
    defaultCommitLogOptions(makeTempDirectory(`measure-${syncMode}`), syncMode),
  );
  const batches = makePayloads(8, ROWS_PER_BATCH * ROW_BYTES);
  let next = 0;
  const started = process.hrtime.bigint();
  const writer = async (id: number): Promise<void> => {
    while (next < BATCHES) {
      const i = next++;
      await log.append(batches[i % batches.length]!, [`vnode${id}/table1`]).durable;
    }
  };
  await Promise.all(Array.from({ length: writers }, (_, id) => writer(id)));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  log.close();
  const rows = BATCHES * ROWS_PER_BATCH;
  const mbPerSecond = (rows * ROW_BYTES) / seconds / 1e6;
  return (
    `${syncMode.padEnd(8)} writers=${String(writers).padStart(2)}  ` +
    `${Math.round(rows / seconds).toLocaleString('en-US').padStart(10)} rows/s  ` +
    `${mbPerSecond.toFixed(0).padStart(4)} MB/s  fsyncs=${port.syncCalls}`
  );
}

describe.runIf(process.env.SIBYL_MEASURE === '1')('commit log append throughput', () => {
  it('prints rows/s per sync mode', async () => {
    const lines: string[] = [];
    for (const mode of ['periodic', 'group', 'batch'] as const) {
      for (const writers of [1, WRITERS]) lines.push(await measure(mode, writers));
    }
    console.log(`\n${ROWS_PER_BATCH}-row batches of ${ROW_BYTES}-byte rows, ${BATCHES} batches\n${lines.join('\n')}`);
    expect(lines).toHaveLength(6);
  }, 120_000);
});
