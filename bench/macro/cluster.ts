/**
 * The cluster benchmark (issue 4): the stress write shape (10-byte key, five 34-byte columns)
 * as prepared INSERTs through the embedded API into one node at RF 1 and three nodes at RF 3
 * and QUORUM, in one run, each a fresh in-process cluster; the maximum rate (closed loop) and
 * the latency at half of it (fixed rate); then the cluster's own timings: gossip convergence of
 * a fresh cluster, and how long a crashed node takes to be marked down, with default settings.
 *
 * Last, repair: three nodes at RF 3, hints off, one node cut off while N rows are written at
 * ONE, then healed and repaired from another node: how long the repair takes and what it moved.
 *
 *   node dist/bench/macro/cluster.js [--rows N] [--runs K] [--clients N] [--converge 3,10,32] [--repair-rows N]
 */

import { parseArgs } from 'node:util';
import { Database } from '../../src/api/database.js';
import { Cluster } from '../../src/cluster/node/cluster.js';
import type { RepairSummary } from '../../src/cluster/repair/repair-summary.js';
import { closedLoop, fixedRate, quantile, type LoadResult } from '../lib/load.js';
import { Progress } from '../lib/progress.js';
import { median } from '../lib/stats.js';
import { withTempDir } from '../lib/temp-dir.js';
import { generateStressRows, STRESS_COLUMN_COUNT, type StressRows } from './stress-rows.js';

const COLUMNS = Array.from({ length: STRESS_COLUMN_COUNT }, (_, c) => `c${c}`);
const INSERT = `INSERT INTO ks.t (key, ${COLUMNS.join(', ')}) VALUES (?, ${COLUMNS.map(() => '?').join(', ')})`;
/** Small memtables, not faulted in: many nodes share one host in the convergence runs. */
const LIGHT_STORAGE = { memtableBytesPerThread: 16 * 1024 * 1024, preTouchMemory: false };

interface Target {
  readonly label: string;
  readonly nodes: number;
  readonly rf: number;
}

const TARGETS: readonly Target[] = [
  { label: '1 node, RF 1', nodes: 1, rf: 1 },
  { label: '3 nodes, RF 3', nodes: 3, rf: 3 },
];

interface WriteResult {
  readonly max: LoadResult;
  readonly half: LoadResult;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '100000' },
      runs: { type: 'string', default: '3' },
      clients: { type: 'string', default: '128' },
      converge: { type: 'string', default: '3,10,32' },
      'repair-rows': { type: 'string', default: '100000' },
    },
  });
  const rows = Number(values.rows);
  const runs = Number(values.runs);
  const clients = Number(values.clients);
  const data = generateStressRows(rows, 42);
  process.stderr.write(`cluster: ${rows.toLocaleString('en-US')} rows per target, ${runs} run(s), ${clients} clients, QUORUM\n`);
  const results = new Map<string, WriteResult[]>(TARGETS.map((t) => [t.label, []]));
  for (let run = 1; run <= runs; run++) {
    // Alternate the order so the machine's drift spreads over both targets.
    const order = run % 2 === 1 ? TARGETS : [...TARGETS].reverse();
    for (const target of order) {
      const result = await withTempDir('sibyl-bench-cluster', (dir) => writeRun(dir, target, data, clients));
      results.get(target.label)!.push(result);
      process.stderr.write(`run ${run}/${runs} ${target.label}: max ${fmt(result.max.ratePerS)} rows/s, at half rate p99 ${ms(quantile(result.half.latenciesMs, 0.99))}\n`);
    }
  }
  const base = median(results.get(TARGETS[0]!.label)!.map((r) => r.max.ratePerS));
  const table: string[][] = [['target', 'max rows/s', 'ratio', 'p50', 'p99', 'p999', 'at half rate: p50', 'p99', 'p999']];
  for (const target of TARGETS) {
    const rs = results.get(target.label)!;
    const rate = median(rs.map((r) => r.max.ratePerS));
    const q = (pick: (r: WriteResult) => LoadResult, p: number): string => ms(median(rs.map((r) => quantile(pick(r).latenciesMs, p))));
    table.push([target.label, fmt(rate), (rate / base).toFixed(2), q((r) => r.max, 0.5), q((r) => r.max, 0.99), q((r) => r.max, 0.999), q((r) => r.half, 0.5), q((r) => r.half, 0.99), q((r) => r.half, 0.999)]);
  }
  printTable(table);

  const timings: string[][] = [['nodes', 'gossip convergence', 'crash marked down (all peers)']];
  for (const size of values.converge.split(',').map(Number).filter((n) => n > 0)) {
    const timing = await withTempDir('sibyl-bench-gossip', (dir) => clusterTimings(dir, size));
    timings.push([String(size), `${(timing.convergeMs / 1000).toFixed(1)} s`, `${(timing.detectMs / 1000).toFixed(1)} s`]);
    process.stderr.write(`${size} nodes: converged in ${(timing.convergeMs / 1000).toFixed(1)} s, crash seen in ${(timing.detectMs / 1000).toFixed(1)} s\n`);
  }
  process.stdout.write('\n');
  printTable(timings);

  const repairRows = Number(values['repair-rows']);
  if (repairRows > 0) {
    const repair = await withTempDir('sibyl-bench-repair', (dir) => repairRun(dir, generateStressRows(repairRows, 7), clients));
    process.stdout.write('\n');
    printTable([
      ['differing rows', 'written at ONE', 'repair', 'ranges differed / checked', 'partitions streamed', 'MB streamed'],
      [fmt(repairRows), `${fmt(repair.writeRate)} rows/s`, `${(repair.summary.durationMs / 1000).toFixed(1)} s`, `${repair.summary.rangesDiffered} / ${repair.summary.rangesChecked}`, fmt(repair.summary.partitionsStreamed), (repair.summary.bytesStreamed / 1e6).toFixed(1)],
    ]);
  }
}

/** Rows written while node 3 is cut off (it misses them all), then a repair run on node 1. */
async function repairRun(dir: string, data: StressRows, clients: number): Promise<{ writeRate: number; summary: RepairSummary }> {
  const db = await Database.open({ dataDir: dir, nodes: 3, cluster: { hints: { enabled: false }, adminPort: 0 } });
  try {
    await db.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}");
    await db.execute(`CREATE TABLE ks.t (key blob PRIMARY KEY, ${COLUMNS.map((c) => `${c} blob`).join(', ')})`);
    const cluster = db.cluster!;
    cluster.partition(['127.0.0.3'], ['127.0.0.1', '127.0.0.2']);
    const progress = new Progress({ label: 'rows node 3 misses', total: data.count, unit: 'rows', stream: process.stderr, plainIntervalMs: 5000 });
    const written = await closedLoop(data.count, clients, (i) => db.execute(INSERT, [data.key(i), ...COLUMNS.map((_, c) => data.column(i, c))], { prepare: true, consistency: 'ONE' }), progress);
    progress.finish(data.count);
    cluster.heal();
    await cluster.awaitConvergence(120_000);
    process.stderr.write('repairing from node 1...\n');
    const summary = await cluster.node(0).repair({ keyspace: 'ks' });
    return { writeRate: written.ratePerS, summary };
  } finally {
    await db.close();
  }
}

async function writeRun(dir: string, target: Target, data: StressRows, clients: number): Promise<WriteResult> {
  const db = await Database.open({ dataDir: dir, nodes: target.nodes });
  try {
    await db.execute(`CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': ${target.rf}}`);
    await db.execute(`CREATE TABLE ks.t (key blob PRIMARY KEY, ${COLUMNS.map((c) => `${c} blob`).join(', ')})`);
    const half = Math.floor(data.count / 2);
    const insert = (i: number): Promise<unknown> =>
      db.execute(INSERT, [data.key(i), ...COLUMNS.map((_, c) => data.column(i, c))], { prepare: true, consistency: 'QUORUM' });
    const maxProgress = new Progress({ label: `${target.label} max`, total: half, unit: 'rows', stream: process.stderr, plainIntervalMs: 5000 });
    const max = await closedLoop(half, clients, insert, maxProgress);
    maxProgress.finish(half);
    const rest = data.count - half;
    const halfProgress = new Progress({ label: `${target.label} at half rate`, total: rest, unit: 'rows', stream: process.stderr, plainIntervalMs: 5000 });
    const atHalf = await fixedRate(rest, max.ratePerS / 2, (i) => insert(half + i), halfProgress);
    halfProgress.finish(rest);
    return { max, half: atHalf };
  } finally {
    await db.close();
  }
}

/** A fresh cluster of `size` nodes with default gossip: time to converge, then time for a crash to be seen by every peer. */
async function clusterTimings(dir: string, size: number): Promise<{ convergeMs: number; detectMs: number }> {
  const started = performance.now();
  const cluster = await Cluster.start({ dataDir: dir, nodes: size, threadsPerNode: 1, storage: LIGHT_STORAGE });
  try {
    await cluster.awaitConvergence(180_000);
    const convergeMs = performance.now() - started;
    const victim = cluster.node(size - 1);
    const stopped = performance.now();
    await cluster.stopNode(size - 1, { graceful: false });
    for (;;) {
      if (cluster.runningNodes().every((node) => !node.isAlive(victim.self))) break;
      if (performance.now() - stopped > 120_000) throw new Error('the crash was not detected within 120 s');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return { convergeMs, detectMs: performance.now() - stopped };
  } finally {
    await cluster.close();
  }
}

function printTable(table: readonly string[][]): void {
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  for (const row of table) process.stdout.write(`${row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')}\n`);
}

function fmt(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

function ms(value: number): string {
  return `${value.toFixed(value < 10 ? 2 : 1)} ms`;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
