/**
 * `nodetool cleanup` after a bootstrap, on 3 nodes at replication factor 1 (so every row has
 * one owner, and what a node holds beyond its ranges is plainly not its own): a fourth node
 * joins and streams its ranges, the old nodes keep their copies, and cleanup drops them. Their
 * storage (read directly) then holds exactly the rows of the ranges they replicate, their
 * load falls, every row is still read at ONE, a restart does not bring the dropped rows back
 * from the commit log, and cleanup run again, or on a node that lost nothing, drops nothing.
 */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../../src/api/database.js';
import { lookupHandler } from '../../../src/cluster/admin/builtin-commands.js';
import type { NodetoolContext, NodetoolMessage } from '../../../src/cluster/admin/nodetool-command.js';
import { summarizeStorage } from '../../../src/cluster/metrics/storage-summary.js';
import type { Cluster } from '../../../src/cluster/node/cluster.js';
import type { ClusterNode } from '../../../src/cluster/node/cluster-node.js';
import { murmur3Token } from '../../../src/cluster/ring/murmur3.js';

const FAST = {
  gossipIntervalMs: 100,
  ringDelayMs: 1000,
  timeouts: { writeMs: 3000, readMs: 3000, rangeMs: 6000 },
  seed: 31,
  threadsPerNode: 1,
  adminPort: 0,
  hints: { enabled: false },
};
const ROWS = 600;
const PADDING = 'x'.repeat(200);

let dir: string;
let db: Database;
let cluster: Cluster;
let tableId: number;

function keyOf(k: number): Uint8Array {
  const bytes = Buffer.alloc(4);
  bytes.writeInt32BE(k);
  return new Uint8Array(bytes);
}

/** `nodetool cleanup ...` on a node, through the handler its admin server serves. */
async function nodetoolCleanup(node: ClusterNode, ...args: string[]): Promise<string> {
  const handler = lookupHandler(node, 'cleanup')!;
  const result = (await handler(args, { node, afterReply: () => undefined } as unknown as NodetoolContext)) as NodetoolMessage;
  return result.message;
}

/** The keys in a node's own storage (its engine, not the cluster). */
async function localKeys(node: ClusterNode): Promise<Set<number>> {
  const keys = new Set<number>();
  for await (const partition of node.engine.scan(tableId)) keys.add(Buffer.from(partition.key).readInt32BE(0));
  return keys;
}

/** The keys whose only replica (RF 1) is `node`, as its ring says. */
function ownedKeys(node: ClusterNode): Set<number> {
  const strategy = node.strategyOf(tableId)!;
  const owned = new Set<number>();
  for (let k = 0; k < ROWS; k++) {
    if (strategy.replicasFor(murmur3Token(keyOf(k)), node.ring())[0]!.hostId === node.self.hostId) owned.add(k);
  }
  return owned;
}

async function loadOf(node: ClusterNode): Promise<number> {
  return summarizeStorage(await node.engine.status()).loadBytes;
}

async function expectEveryRowReadableAtOne(): Promise<void> {
  for (let k = 0; k < ROWS; k++) {
    const row = (await db.execute('SELECT v FROM ks.kv WHERE k = ?', [k], { prepare: true, consistency: 'ONE' })).first();
    expect(row?.['v'], `row ${k}`).toBe(`v${k}${PADDING}`);
  }
  const scan = await db.execute('SELECT k FROM ks.kv', [], { consistency: 'ONE', fetchSize: 10_000 });
  expect(scan.rows.length).toBe(ROWS);
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-cleanup-'));
  db = await Database.open({ dataDir: dir, nodes: 3, cluster: FAST });
  cluster = db.cluster!;
  await db.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
  await db.execute('CREATE TABLE ks.kv (k int PRIMARY KEY, v text)');
  tableId = cluster.node(0).catalog.schema.table('ks', 'kv')!.id;
  for (let k = 0; k < ROWS; k++) await db.execute('INSERT INTO ks.kv (k, v) VALUES (?, ?)', [k, `v${k}${PADDING}`], { prepare: true, consistency: 'ONE' });
}, 60_000);

afterAll(async () => {
  await db?.close();
  if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
});

describe('nodetool cleanup after a bootstrap (3 nodes, RF 1)', () => {
  it('drops nothing on a node that lost no range', async () => {
    const node = cluster.node(0);
    const before = await localKeys(node);
    expect(before).toEqual(ownedKeys(node));
    expect(await nodetoolCleanup(node, 'ks')).toContain('Nothing to clean');
    expect(await localKeys(node)).toEqual(before);
  });

  it('drops from the old nodes exactly the rows the new node took, and every row stays readable at ONE', async () => {
    const added = await cluster.addNode();
    await cluster.awaitConvergence();
    const old = [0, 1, 2].map((i) => cluster.node(i));
    const newKeys = await localKeys(added);
    expect(newKeys).toEqual(ownedKeys(added));
    expect(newKeys.size).toBeGreaterThan(0);

    let movedInAll = 0;
    for (const node of old) {
      await node.engine.flush();
      const held = await localKeys(node);
      const owned = ownedKeys(node);
      const moved = [...held].filter((k) => !owned.has(k));
      // Cassandra keeps data that moved away until cleanup runs: so do we.
      for (const k of moved) expect(newKeys.has(k), `moved row ${k} is on the new node`).toBe(true);
      movedInAll += moved.length;
      const loadBefore = await loadOf(node);

      const message = await nodetoolCleanup(node);
      expect(message).toContain(`dropped ${moved.length} partitions`);
      expect(message).toMatch(/ks\.kv: \d+ partitions dropped/);
      expect(await localKeys(node), `${node.host} after cleanup`).toEqual(owned);
      if (moved.length > 0) expect(await loadOf(node)).toBeLessThan(loadBefore);
    }
    expect(movedInAll).toBe(newKeys.size);
    await expectEveryRowReadableAtOne();
  });

  it('does not bring dropped rows back from the commit log when a node restarts', async () => {
    const host = cluster.node(1).host;
    const owned = ownedKeys(cluster.node(1));
    await cluster.stopNode(host, { graceful: false });
    const restarted = await cluster.restartNode(host);
    await cluster.awaitConvergence();
    expect(await localKeys(restarted)).toEqual(owned);
    await expectEveryRowReadableAtOne();
  });

  it('drops nothing more when run again, on every node, the new one included', async () => {
    for (const node of cluster.runningNodes()) {
      const before = await localKeys(node);
      expect(await nodetoolCleanup(node, 'ks', 'kv')).toContain('Nothing to clean');
      expect(await localKeys(node)).toEqual(before);
    }
    await expectEveryRowReadableAtOne();
  });

  it('refuses a local keyspace, as Cassandra does', async () => {
    await expect(nodetoolCleanup(cluster.node(0), 'system')).rejects.toThrow('Cleanup of the system keyspace is neither necessary nor wise');
  });
});
