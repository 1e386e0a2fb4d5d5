/**
 * Speculative retry: a QUORUM read whose second replica is slow asks the third once the
 * table's speculative_retry threshold passes, and answers at the speed of the faster two; a
 * table with speculative_retry NONE waits for the slow replica.
 */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../../src/api/database.js';

let dir: string;
let db: Database;

const SLOW_MS = 400;
const FAST = { gossipIntervalMs: 100, timeouts: { writeMs: 2000, readMs: 3000, rangeMs: 3000 }, seed: 3 };

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-speculative-'));
  db = await Database.open({ dataDir: dir, nodes: 3, cluster: FAST });
  await db.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}");
  await db.execute("CREATE TABLE ks.fixed (k int PRIMARY KEY, v text) WITH speculative_retry = '30ms'");
  await db.execute("CREATE TABLE ks.never (k int PRIMARY KEY, v text) WITH speculative_retry = 'NONE'");
  await db.execute('CREATE TABLE ks.learned (k int PRIMARY KEY, v text)');
  for (const table of ['fixed', 'never', 'learned']) {
    for (let k = 0; k < 12; k++) await db.execute(`INSERT INTO ks.${table} (k, v) VALUES (?, ?)`, [k, `v${k}`], { prepare: true, consistency: 'ALL' });
  }
}, 60_000);

afterAll(async () => {
  await db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The slowest of QUORUM reads of every key from node 1 while its links to node 2 are slow. */
async function slowestRead(table: string): Promise<number> {
  const cluster = db.cluster!;
  cluster.delay(['127.0.0.1'], ['127.0.0.2'], { minMs: SLOW_MS, maxMs: SLOW_MS });
  try {
    let slowest = 0;
    for (let k = 0; k < 12; k++) {
      const started = performance.now();
      const row = (await db.onNode(0).execute(`SELECT v FROM ks.${table} WHERE k = ?`, [k], { prepare: true, consistency: 'QUORUM' })).first();
      slowest = Math.max(slowest, performance.now() - started);
      expect(row?.['v']).toBe(`v${k}`);
    }
    return slowest;
  } finally {
    cluster.delay(['127.0.0.1'], ['127.0.0.2'], null);
  }
}

describe('speculative retry', () => {
  it("asks a third replica after speculative_retry = '30ms' when the second is slow", async () => {
    const reads = db.cluster!.node(0).coordinator.reads;
    const before = reads.speculativeReads;
    const slowest = await slowestRead('fixed');
    expect(slowest).toBeLessThan(SLOW_MS / 2);
    // Some keys' second-nearest replica is node 2 (each replica set is ordered by the ring).
    expect(reads.speculativeReads).toBeGreaterThan(before);
  }, 30_000);

  it("waits for the slow replica with speculative_retry = 'NONE'", async () => {
    const reads = db.cluster!.node(0).coordinator.reads;
    const before = reads.speculativeReads;
    const slowest = await slowestRead('never');
    expect(slowest).toBeGreaterThanOrEqual(SLOW_MS);
    expect(reads.speculativeReads).toBe(before);
  }, 30_000);

  it("learns its threshold from the table's read latencies with the default, '99p'", async () => {
    // Until a table has latencies its threshold is half the read timeout, past SLOW_MS: the
    // first slow reads wait. After 200 fast reads the 99th percentile is a few milliseconds.
    for (let i = 0; i < 200; i++) await db.onNode(0).execute('SELECT v FROM ks.learned WHERE k = ?', [i % 12], { prepare: true, consistency: 'QUORUM' });
    const slowest = await slowestRead('learned');
    expect(slowest).toBeLessThan(SLOW_MS / 2);
  }, 30_000);
});
