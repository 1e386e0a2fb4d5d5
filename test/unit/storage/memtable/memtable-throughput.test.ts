/**
 * Prints the memtable's ingest and scan rates for the cassandra-stress shape, measured by the
 * built fixture test/fixtures/memtable-throughput.ts in a worker thread (production's JS, not
 * vitest's transformed modules). A measurement, never a timed assertion, and only on request,
 * since it takes ~30 s and a shared 2-core machine makes it noisy (rates are printed per wall
 * second and per CPU second of the process):
 *
 *   npm run build && SIBYL_MEASURE=1 npx vitest run test/unit/storage/memtable/memtable-throughput
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import type {
  Rate,
  ThroughputReport,
  ThroughputRequest,
} from '../../../fixtures/memtable-throughput.js';

const built = '../../../../dist/test/fixtures/memtable-throughput.js';
const fixture = fileURLToPath(new URL(built, import.meta.url));
const ROWS = Number(process.env['SIBYL_MEASURE_ROWS'] ?? 1_000_000);
const RUNS = 4;

function line(name: string, rates: readonly Rate[]): string {
  const k = (n: number) => `${Math.round(n / 1000)}k`;
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
  const wall = rates.map((r) => r.wall);
  const cpu = rates.map((r) => r.cpu);
  const runs = wall.map(k).join(', ');
  const medians = `${k(median(wall))} rows/s wall, ${k(median(cpu))} rows/s cpu`;
  return `${name}: median ${medians} (runs ${runs})`;
}

const requested = process.env['SIBYL_MEASURE'] === '1';

describe.skipIf(!requested)('memtable throughput (prints, never asserts time)', () => {
  it(`applies and scans ${ROWS} stress-shaped rows`, async () => {
    expect(existsSync(fixture), `${fixture} is missing: run npm run build (ADR 0001)`).toBe(true);
    const request: ThroughputRequest = { kind: 'memtable-throughput', rows: ROWS, runs: RUNS };
    const worker = new Worker(fixture, { workerData: request });
    const report = await new Promise<ThroughputReport>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    console.log(
      [
        `memtable, ${report.rows} stress-shaped rows, random tokens (built JS, worker thread):`,
        line('  applyEncoded, fresh slabs (run 0)', [report.insertFresh]),
        line('  applyEncoded, recycled slabs     ', report.insertRecycled),
        line('  partitions(), decoded + copied   ', report.scanDecoded),
        line('  encodedPartitions(), raw bytes   ', report.scanEncoded),
      ].join('\n'),
    );
    expect(report.insertRecycled.length).toBe(RUNS - 1);
  });
});
