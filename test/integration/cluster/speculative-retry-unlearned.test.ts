/**
 * Speculative retry before a table has any read latencies: a replica that stops answering
 * (as one that just crashed, before the failure detector convicts it) must not fail the
 * QUORUM reads it was asked for. Cassandra starts a table's speculation threshold at half the
 * read timeout, so such a read asks the third replica then and answers; without that start
 * value no read speculated until 20 had been timed, and each one sent to the silent replica
 * ended in ReadTimeout.
 */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Database } from '../../../src/api/database.js';

const READ_TIMEOUT_MS = 2000;
/** Longer than the read timeout: node 2 never answers node 1 in time. */
const SILENT_MS = 10_000;
const KEYS = 6;

let dir: string;
let db: Database;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-speculative-unlearned-'));
  db = await Database.open({ dataDir: dir, nodes: 3, cluster: { nativePort: 0, adminPort: 0, gossipIntervalMs: 100, timeouts: { writeMs: 2000, readMs: READ_TIMEOUT_MS, rangeMs: 3000 }, seed: 5 } });
  await db.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}");
  await db.execute('CREATE TABLE ks.fresh (k int PRIMARY KEY, v text)');
  for (let k = 0; k < KEYS; k++) await db.execute('INSERT INTO ks.fresh (k, v) VALUES (?, ?)', [k, `v${k}`], { prepare: true, consistency: 'ALL' });
}, 60_000);

afterAll(async () => {
  await db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('QUORUM reads of a table never read before go around a silent replica after half the read timeout', async () => {
  const cluster = db.cluster!;
  const reads = cluster.node(0).coordinator.reads;
  const before = reads.speculativeReads;
  cluster.delay(['127.0.0.1'], ['127.0.0.2'], { minMs: SILENT_MS, maxMs: SILENT_MS });
  try {
    for (let k = 0; k < KEYS; k++) {
      const started = performance.now();
      const row = (await db.onNode(0).execute('SELECT v FROM ks.fresh WHERE k = ?', [k], { prepare: true, consistency: 'QUORUM' })).first();
      expect(row?.['v']).toBe(`v${k}`);
      expect(performance.now() - started).toBeLessThan(READ_TIMEOUT_MS);
    }
  } finally {
    cluster.delay(['127.0.0.1'], ['127.0.0.2'], null);
  }
  // Some keys' second-nearest replica is node 2 (each replica set is ordered by the ring).
  expect(reads.speculativeReads).toBeGreaterThan(before);
}, 60_000);
