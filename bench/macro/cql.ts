/**
 * The CQL benchmark: prepared INSERTs through `db.execute` against the bulk path
 * (`db.insertRows`), and prepared SELECTs by key against the engine's own point reads, in one
 * process per run, on the cassandra-stress shape (a 10-byte blob key, five 34-byte blob
 * columns). Each run is a fresh data directory; targets alternate within a run so the machine's
 * drift spreads over both. Reports the median of the runs and the ratios.
 *
 *   node dist/bench/macro/cql.js [--rows N] [--reads N] [--runs K] [--concurrency N]
 */

import { parseArgs } from 'node:util';
import { Database } from '../../src/api/database.js';
import { median, ratePerSecond } from '../lib/stats.js';
import { Progress, formatCompact } from '../lib/progress.js';
import { withTempDir } from '../lib/temp-dir.js';
import { generateStressRows, STRESS_COLUMN_COUNT, type StressRows } from './stress-rows.js';
import { partitionKeyBytes } from '../../src/cql/rows/row-keys.js';
import { tableLayout } from '../../src/cql/rows/table-layout.js';

interface RunResult {
  readonly bulkRowsPerS: number;
  readonly cqlRowsPerS: number;
  readonly cqlReadsPerS: number;
  readonly engineReadsPerS: number;
}

const COLUMNS = Array.from({ length: STRESS_COLUMN_COUNT }, (_, c) => `c${c}`);
const CREATE = (table: string): string => `CREATE TABLE ks.${table} (key blob PRIMARY KEY, ${COLUMNS.map((c) => `${c} blob`).join(', ')})`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '200000' },
      reads: { type: 'string', default: '100000' },
      runs: { type: 'string', default: '3' },
      concurrency: { type: 'string', default: '128' },
    },
  });
  const rows = Number(values.rows);
  const reads = Number(values.reads);
  const runs = Number(values.runs);
  const concurrency = Number(values.concurrency);
  const data = generateStressRows(rows, 42);
  process.stderr.write(`cql: ${rows.toLocaleString('en-US')} rows, ${reads.toLocaleString('en-US')} reads, ${runs} run(s), ${concurrency} in flight\n`);
  const results: RunResult[] = [];
  for (let run = 1; run <= runs; run++) {
    const result = await withTempDir('sibyl-bench-cql', (dir) => runOnce(dir, data, reads, concurrency, run % 2 === 0));
    results.push(result);
    process.stderr.write(
      `run ${run}/${runs}: bulk ${formatCompact(result.bulkRowsPerS)} rows/s, CQL INSERT ${formatCompact(result.cqlRowsPerS)} rows/s ` +
        `(x${(result.cqlRowsPerS / result.bulkRowsPerS).toFixed(2)}), CQL SELECT ${formatCompact(result.cqlReadsPerS)}/s, engine read ${formatCompact(result.engineReadsPerS)}/s\n`,
    );
  }
  const m = (pick: (r: RunResult) => number): number => median(results.map(pick));
  const table = [
    ['path', 'median /s', 'ratio'],
    ['bulk insertRows', fmt(m((r) => r.bulkRowsPerS)), '1.00'],
    ['CQL INSERT (prepared)', fmt(m((r) => r.cqlRowsPerS)), (m((r) => r.cqlRowsPerS / r.bulkRowsPerS)).toFixed(2)],
    ['engine point read', fmt(m((r) => r.engineReadsPerS)), '1.00'],
    ['CQL SELECT by key', fmt(m((r) => r.cqlReadsPerS)), (m((r) => r.cqlReadsPerS / r.engineReadsPerS)).toFixed(2)],
  ];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  for (const row of table) process.stdout.write(`${row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')}\n`);
}

async function runOnce(dir: string, data: StressRows, reads: number, concurrency: number, cqlFirst: boolean): Promise<RunResult> {
  const db = await Database.open({ dataDir: dir });
  try {
    await db.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
    await db.execute(CREATE('bulk'));
    await db.execute(CREATE('cql'));
    const bulk = async (): Promise<number> => timed(data.count, 'bulk', async (progress) => {
      const chunk = 10_000;
      for (let from = 0; from < data.count; from += chunk) {
        const rows = [];
        for (let i = from; i < Math.min(data.count, from + chunk); i++) rows.push(rowObject(data, i));
        await db.insertRows('ks', 'bulk', rows);
        progress.update(Math.min(data.count, from + chunk));
      }
    });
    const insert = `INSERT INTO ks.cql (key, ${COLUMNS.join(', ')}) VALUES (?, ${COLUMNS.map(() => '?').join(', ')})`;
    const cql = async (): Promise<number> => timed(data.count, 'CQL INSERT', (progress) =>
      inParallel(data.count, concurrency, progress, (i) => db.execute(insert, [data.key(i), ...COLUMNS.map((_, c) => data.column(i, c))], { prepare: true })),
    );
    let bulkRate: number;
    let cqlRate: number;
    if (cqlFirst) {
      cqlRate = await cql();
      bulkRate = await bulk();
    } else {
      bulkRate = await bulk();
      cqlRate = await cql();
    }
    const keyOf = (i: number): number => (i * 2_654_435_761) % data.count;
    const select = 'SELECT * FROM ks.cql WHERE key = ?';
    const cqlReads = (): Promise<number> => timed(reads, 'CQL SELECT', (progress) =>
      inParallel(reads, concurrency, progress, async (i) => {
        const rs = await db.execute(select, [data.key(keyOf(i))], { prepare: true });
        if (rs.rowLength !== 1) throw new Error(`key ${keyOf(i)} not found`);
      }),
    );
    const engine = db.engineForBenchmarks;
    const layout = tableLayout(db.tableForBenchmarks('ks', 'cql'));
    const engineReads = (): Promise<number> => timed(reads, 'engine read', (progress) =>
      inParallel(reads, concurrency, progress, async (i) => {
        const partition = await engine.read(layout.table.id, partitionKeyBytes(layout, [data.key(keyOf(i))]));
        if (partition === null) throw new Error(`key ${keyOf(i)} not found`);
      }),
    );
    let cqlReadRate: number;
    let engineReadRate: number;
    if (cqlFirst) {
      cqlReadRate = await cqlReads();
      engineReadRate = await engineReads();
    } else {
      engineReadRate = await engineReads();
      cqlReadRate = await cqlReads();
    }
    return { bulkRowsPerS: bulkRate, cqlRowsPerS: cqlRate, cqlReadsPerS: cqlReadRate, engineReadsPerS: engineReadRate };
  } finally {
    await db.close();
  }
}

function rowObject(data: StressRows, i: number): Record<string, unknown> {
  const row: Record<string, unknown> = { key: data.key(i) };
  COLUMNS.forEach((name, c) => (row[name] = data.column(i, c)));
  return row;
}

async function timed(total: number, label: string, body: (progress: Progress) => Promise<void>): Promise<number> {
  const progress = new Progress({ label, total, unit: 'ops', stream: process.stderr, plainIntervalMs: 5000 });
  const start = process.hrtime.bigint();
  await body(progress);
  const elapsed = process.hrtime.bigint() - start;
  progress.finish(total);
  return ratePerSecond(total, elapsed);
}

/** Runs `operation(0..total-1)` with `concurrency` in flight, as concurrent clients would. */
async function inParallel(total: number, concurrency: number, progress: Progress, operation: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < total) {
      const i = next++;
      await operation(i);
      done++;
      if ((done & 1023) === 0) progress.update(done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
}

function fmt(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
