/**
 * Prints the memtable's ingest and scan rates for the cassandra-stress shape (PERF-NOTES.md).
 * A measurement, not an assertion: timings on a shared 2-core machine are noise-prone, so this
 * only runs when asked: SIBYL_MEASURE=1 npx vitest run test/unit/storage/memtable/memtable-throughput
 */
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../../src/lib/random.js';
import { Memtable } from '../../../../src/storage/memtable/memtable.js';
import { SlabPool } from '../../../../src/storage/memtable/slab-pool.js';
import { openFrozenMemtable } from '../../../../src/storage/memtable/frozen-memtable.js';
import { TABLE_ID, stressBatch } from './memtable-fixtures.js';

const ROWS = Number(process.env['SIBYL_MEASURE_ROWS'] ?? 1_000_000);
const RUNS = 3;

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1]!;

describe.skipIf(process.env['SIBYL_MEASURE'] !== '1')('memtable throughput (prints, never asserts time)', () => {
  it(`applies and scans ${ROWS} stress-shaped rows`, () => {
    const batch = stressBatch(new SeededRandom(1), ROWS);
    const pool = new SlabPool(1024 * 1024, 1024);
    const insertCold: number[] = [];
    const insertWarm: number[] = [];
    const scanRaw: number[] = [];
    for (let run = 0; run < RUNS + 1; run++) {
      const memtable = new Memtable(TABLE_ID, pool);
      const createdBefore = pool.stats().slabsCreated;
      const started = performance.now();
      for (let i = 0; i < ROWS; i++) memtable.applyEncoded(batch.bytes, batch.offsets[i]!, batch.lengths[i]!);
      const seconds = (performance.now() - started) / 1000;
      const fresh = pool.stats().slabsCreated > createdBefore;
      (fresh ? insertCold : insertWarm).push(ROWS / seconds);
      expect(memtable.rowCount()).toBe(ROWS);
      const view = openFrozenMemtable(memtable.freeze());
      const scanStarted = performance.now();
      let rows = 0;
      for (const partition of view.partitions()) rows += partition.rows.length;
      scanRaw.push(rows / ((performance.now() - scanStarted) / 1000));
      expect(rows).toBe(ROWS);
      memtable.release();
    }
    const k = (n: number): string => `${Math.round(n / 1000)}k`;
    console.log(
      `memtable applyEncoded: cold (fresh slabs) ${insertCold.map(k).join(', ')} rows/s; ` +
        `warm (recycled slabs) median ${k(median(insertWarm))} rows/s of [${insertWarm.map(k).join(', ')}]`,
    );
    console.log(`memtable scan (decoded partitions): median ${k(median(scanRaw))} rows/s of [${scanRaw.map(k).join(', ')}]`);
  });
});
