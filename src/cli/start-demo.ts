/**
 * `sibyl start` until the CQL server lands (issue 5): runs the embedded storage engine on one
 * node in ./data, ingests rows of the cassandra-stress shape, reads a sample back, flushes,
 * closes, reopens from disk and reads again, and says what it did at each step.
 */

import { randomBytes } from 'node:crypto';
import { EMPTY_CLUSTERING } from '../storage/model/row.js';
import { StorageEngine } from '../storage/storage-engine.js';
import { defaultTableOptions } from '../storage/table-options.js';
import { ProgressBar } from './progress-bar.js';

const TABLE = 1;

/** The cassandra-stress key shape: 10 bytes. */
function keyOf(index: number): Uint8Array {
  return new TextEncoder().encode(index.toString(16).padStart(10, '0'));
}

export async function runStartDemo(dataDirectory: string, rows: number): Promise<void> {
  const log = (line: string): void => void process.stdout.write(`${line}\n`);
  log('Sibyl: the CQL server is not built yet (issue 5), so `start` runs the embedded storage');
  log(`engine on one node, with its data in ${dataDirectory}.`);
  const tables = [defaultTableOptions(TABLE, 'demo.standard1')];
  let engine = await StorageEngine.open({ dataDirectory, tables });
  log(`opened: ${engine.config.vnodeCount} vnode ranges on worker threads, commit log sync ${engine.config.commitLogSync}`);
  const bar = new ProgressBar('ingest', rows, 'rows');
  // Values are made up front, so the rate shown is the engine's, not the random generator's.
  const values = randomBytes(Math.min(rows, 100_000) * 5 * 34);
  const started = performance.now();
  const timestamp = BigInt(Date.now()) * 1000n;
  const inFlight = new Set<Promise<number>>();
  for (let from = 0; from < rows; from += 1000) {
    const to = Math.min(rows, from + 1000);
    // The bulk path: each row encoded straight into its vnode's batch (StorageEngine.writeRows).
    const write = engine.writeRows(TABLE, (batch) => {
      for (let i = from; i < to; i++) {
        batch.beginRow(keyOf(i), EMPTY_CLUSTERING, timestamp);
        const at = ((i % 100_000) * 5 * 34) % values.length;
        for (let c = 0; c < 5; c++) batch.cellFrom(c, values, at + c * 34, 34);
        batch.endRow();
      }
    });
    const tracked = write.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    if (inFlight.size >= 8) await Promise.race(inFlight);
    bar.update(to);
  }
  await Promise.all(inFlight);
  const seconds = (performance.now() - started) / 1000;
  log(`ingested ${rows.toLocaleString('en-US')} rows in ${seconds.toFixed(2)} s (${Math.round(rows / seconds).toLocaleString('en-US')} rows/s)`);
  await engine.flush();
  log('flushed every memtable to SSTables; closing and reopening from disk...');
  await engine.close();
  engine = await StorageEngine.open({ dataDirectory, tables });
  const sample = [0, Math.floor(rows / 2), rows - 1];
  for (const index of sample) {
    const partition = await engine.read(TABLE, keyOf(index));
    log(`read back key ${index.toString(16).padStart(10, '0')}: ${partition === null ? 'MISSING' : `${partition.rows[0]?.cells.length ?? 0} columns`}`);
  }
  const status = await engine.status();
  const sstables = status.reduce((n, v) => n + v.tables.reduce((m, t) => m + t.sstables, 0), 0);
  log(`on disk: ${sstables} SSTables across ${status.length} vnodes. Run it again: the data is still there.`);
  await engine.close();
}
