/**
 * A 3-node cluster in one process with replication factor 3: statements on any node reach
 * every replica, consistency levels count live replicas and acks as Cassandra's do, a node that
 * crashes is detected and its replicas keep serving, and a read at ALL repairs a replica that
 * missed a write while it was cut off.
 */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../../src/api/database.js';
import { CqlErrorCode } from '../../../src/lib/errors.js';

let dir: string;
let db: Database;

const FAST = { gossipIntervalMs: 100, timeouts: { writeMs: 600, readMs: 600, rangeMs: 1500 }, seed: 7 };

async function errorOf(work: Promise<unknown>): Promise<{ code: number; name: string; message: string } & Record<string, unknown>> {
  try {
    await work;
  } catch (error) {
    return error as { code: number; name: string; message: string };
  }
  throw new Error('expected the statement to fail');
}

async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-cluster-'));
  db = await Database.open({ dataDir: dir, nodes: 3, cluster: FAST });
  await db.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}");
  await db.execute('CREATE TABLE ks.kv (k int PRIMARY KEY, v text)');
}, 60_000);

afterAll(async () => {
  await db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('a 3-node cluster, RF 3', () => {
  it('gives every node the schema and a balanced ring of 48 tokens', () => {
    const cluster = db.cluster!;
    const versions = cluster.runningNodes().map((n) => n.catalog.schema.version);
    expect(new Set(versions).size).toBe(1);
    for (const node of cluster.runningNodes()) {
      expect(node.ring().sortedTokens()).toHaveLength(48);
      expect(node.catalog.schema.table('ks', 'kv')?.id).toBe(cluster.node(0).catalog.schema.table('ks', 'kv')?.id);
    }
    for (const share of cluster.node(0).ring().ownership().values()) expect(share).toBeGreaterThan(0.3);
  });

  it('writes at QUORUM on one node and reads at QUORUM, and at ONE from every replica, on the others', async () => {
    for (let k = 0; k < 50; k++) await db.execute('INSERT INTO ks.kv (k, v) VALUES (?, ?)', [k, `v${k}`], { prepare: true, consistency: 'QUORUM' });
    const second = db.onNode('127.0.0.2');
    expect((await second.execute('SELECT v FROM ks.kv WHERE k = 7', [], { consistency: 'QUORUM' })).first()!['v']).toBe('v7');
    // RF 3 of 3 nodes: every node holds every row, and a read at ONE is answered by the node itself.
    for (let i = 0; i < 3; i++) {
      const rs = await db.onNode(i).execute('SELECT v FROM ks.kv WHERE k = 49', [], { consistency: 'ONE' });
      expect(rs.first()!['v']).toBe('v49');
    }
    const scan = await db.onNode(2).execute('SELECT k FROM ks.kv', [], { consistency: 'QUORUM' });
    expect(scan.rows.map((r) => r['k'] as number).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, k) => k));
  });

  it('refuses an unknown consistency level', async () => {
    const error = await errorOf(db.execute('SELECT * FROM ks.kv WHERE k = 1', [], { consistency: 'MOST' }));
    expect(error.code).toBe(CqlErrorCode.invalid);
  });

  it('keeps serving at QUORUM with a node crashed, answers Unavailable at ALL once it is seen down, and catches up after its restart', async () => {
    const cluster = db.cluster!;
    await cluster.stopNode(2, { graceful: false });
    await db.execute('INSERT INTO ks.kv (k, v) VALUES (100, ?)', ['during'], { consistency: 'QUORUM' });
    await eventually(() => !cluster.node(0).livePeers().includes('127.0.0.3:7000'));
    const unavailable = await errorOf(db.execute('INSERT INTO ks.kv (k, v) VALUES (101, ?)', ['x'], { consistency: 'ALL' }));
    expect(unavailable.code).toBe(CqlErrorCode.unavailable);
    expect(unavailable['required']).toBe(3);
    expect(unavailable['alive']).toBe(2);
    expect((await db.execute('SELECT v FROM ks.kv WHERE k = 100', [], { consistency: 'QUORUM' })).first()!['v']).toBe('during');

    await cluster.restartNode(2);
    await cluster.awaitConvergence();
    // The restarted node replayed its commit log: what it acknowledged before the crash is there.
    const restarted = db.onNode(2);
    expect((await restarted.execute('SELECT v FROM ks.kv WHERE k = 7', [], { consistency: 'ONE' })).first()!['v']).toBe('v7');
  }, 60_000);

  it('times out a write at ALL when a replica is cut off but not yet seen down, with the acks received', async () => {
    const cluster = db.cluster!;
    cluster.partition(['127.0.0.1'], ['127.0.0.3']);
    try {
      const timeout = await errorOf(db.execute('INSERT INTO ks.kv (k, v) VALUES (200, ?)', ['cut'], { consistency: 'ALL' }));
      expect(timeout.code).toBe(CqlErrorCode.writeTimeout);
      expect(timeout['received']).toBe(2);
      expect(timeout['blockFor']).toBe(3);
    } finally {
      cluster.heal();
    }
  });

  it('repairs a replica that missed a write: a read at ALL answers the newest value and leaves it on every replica', async () => {
    const cluster = db.cluster!;
    await cluster.awaitConvergence();
    // Without a hint for the write it misses, only the read can bring node 3 up to date.
    cluster.node(0).hints.setEnabled(false);
    cluster.partition(['127.0.0.3'], ['127.0.0.1', '127.0.0.2']);
    try {
      await db.execute("UPDATE ks.kv SET v = 'new' WHERE k = 300", [], { consistency: 'ONE' });
    } finally {
      cluster.heal();
      cluster.node(0).hints.setEnabled(true);
    }
    await cluster.awaitConvergence();
    const stale = await db.onNode(2).execute('SELECT v FROM ks.kv WHERE k = 300', [], { consistency: 'ONE' });
    expect(stale.rows).toHaveLength(0);
    const repaired = await db.execute('SELECT v FROM ks.kv WHERE k = 300', [], { consistency: 'ALL' });
    expect(repaired.first()!['v']).toBe('new');
    const after = await db.onNode(2).execute('SELECT v FROM ks.kv WHERE k = 300', [], { consistency: 'ONE' });
    expect(after.first()!['v']).toBe('new');
  }, 60_000);
});
