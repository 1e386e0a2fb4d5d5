/**
 * Membership changes with no data lost, on a 3-node cluster with replication factor 2 (so
 * ranges really move): a fourth node bootstraps while writes go on, one node decommissions, a
 * crashed node is removed with removenode, and a dead node is replaced. After each, every row
 * written at QUORUM is read back at QUORUM, and every natural replica of every row holds it in
 * its own storage; the new node holds exactly the rows of the ranges it replicates.
 */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../../src/api/database.js';
import type { Cluster } from '../../../src/cluster/node/cluster.js';
import type { ClusterNode } from '../../../src/cluster/node/cluster-node.js';
import type { NodetoolContext } from '../../../src/cluster/admin/nodetool-command.js';
import { asEndpoint } from '../../../src/cluster/gossip/endpoint.js';
import { murmur3Token } from '../../../src/cluster/ring/murmur3.js';
import { eventually } from '../../helpers/eventually.js';

const FAST = {
  gossipIntervalMs: 100,
  ringDelayMs: 1000,
  timeouts: { writeMs: 3000, readMs: 3000, rangeMs: 6000 },
  seed: 23,
  threadsPerNode: 1,
  adminPort: 0,
  // Only the membership changes may move data here: no hint may fill a gap they left.
  hints: { enabled: false },
};
const ROWS = 200;

let dir: string;
let db: Database;
let cluster: Cluster;
let tableId: number;
/** Every row acknowledged at QUORUM: key -> value. */
const written = new Map<number, string>();

function keyOf(k: number): Uint8Array {
  const bytes = Buffer.alloc(4);
  bytes.writeInt32BE(k);
  return new Uint8Array(bytes);
}

/** The host ids of a key's natural replicas, as `node` sees the ring. */
function replicasOf(node: ClusterNode, k: number): string[] {
  return node.strategyOf(tableId)!.replicasFor(murmur3Token(keyOf(k)), node.ring()).map((e) => e.hostId);
}

/** The keys in a node's own storage. */
async function localKeys(node: ClusterNode): Promise<Set<number>> {
  const keys = new Set<number>();
  for await (const partition of node.engine.scan(tableId)) keys.add(Buffer.from(partition.key).readInt32BE(0));
  return keys;
}

async function write(k: number, v: string, on: Database = db): Promise<void> {
  await on.execute('INSERT INTO ks.kv (k, v) VALUES (?, ?)', [k, v], { prepare: true, consistency: 'QUORUM' });
  written.set(k, v);
}

/** Every row read back at QUORUM, key by key and by one range scan, through `on`. */
async function expectEveryRowReadable(on: Database): Promise<void> {
  for (const [k, v] of written) {
    const row = (await on.execute('SELECT v FROM ks.kv WHERE k = ?', [k], { prepare: true, consistency: 'QUORUM' })).first();
    expect(row?.['v'], `row ${k}`).toBe(v);
  }
  const scan = await on.execute('SELECT k, v FROM ks.kv', [], { consistency: 'QUORUM', fetchSize: 10_000 });
  expect(new Map(scan.rows.map((r) => [r['k'] as number, r['v'] as string]))).toEqual(written);
}

/** Each row is in the storage of every one of its natural replicas (RF copies, on live nodes). */
async function expectEveryReplicaHoldsItsRows(): Promise<void> {
  const running = cluster.runningNodes();
  const keysByHost = new Map<string, Set<number>>();
  for (const node of running) keysByHost.set(node.self.hostId, await localKeys(node));
  const observer = running[0]!;
  for (const k of written.keys()) {
    const replicas = replicasOf(observer, k);
    expect(replicas, `replicas of ${k}`).toHaveLength(2);
    for (const hostId of replicas) expect(keysByHost.get(hostId)?.has(k), `row ${k} on ${hostId}`).toBe(true);
  }
}

/** Every running node's ring holds exactly the running nodes, all NORMAL. */
function expectRingOfRunningNodes(): void {
  const hostIds = cluster.runningNodes().map((n) => n.self.hostId).sort();
  for (const node of cluster.runningNodes()) {
    expect(node.ring().endpoints().map((e) => e.hostId)).toEqual(hostIds);
    expect(node.ring().endpoints().every((e) => e.status === 'normal')).toBe(true);
  }
}

/** Crashes a node and waits until every other running node holds it down. */
async function crash(host: string): Promise<string> {
  const hostId = cluster.node(host).self.hostId;
  await cluster.stopNode(host, { graceful: false });
  await eventually(() => cluster.runningNodes().every((n) => !n.gossiper.isAlive(asEndpoint(`${host}:7000`))));
  return hostId;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-membership-'));
  db = await Database.open({ dataDir: dir, nodes: 3, cluster: FAST });
  cluster = db.cluster!;
  await db.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 2}");
  await db.execute('CREATE TABLE ks.kv (k int PRIMARY KEY, v text)');
  tableId = cluster.node(0).catalog.schema.table('ks', 'kv')!.id;
  for (let k = 0; k < ROWS; k++) await write(k, `v${k}`);
}, 60_000);

afterAll(async () => {
  await db?.close();
  if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
});

describe('membership changes on 3 nodes, RF 2', () => {
  it('bootstraps a fourth node: writes made meanwhile reach it, and afterwards it holds exactly the rows of its ranges', async () => {
    const observer = cluster.node(0);
    let done = false;
    let toPending = 0;
    const adding = cluster.addNode().finally(() => (done = true));
    for (let k = 1000; !done; k++) {
      // The coordinator (node 1) sends this write to a pending replica too: the joining node.
      if (observer.pendingReplicasFor(observer.strategyOf(tableId)!, murmur3Token(keyOf(k))).length > 0) toPending++;
      await write(k, `during${k}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    const added = await adding;
    await cluster.awaitConvergence();
    expect(toPending).toBeGreaterThan(0);
    // Streams have verbs of their own: these are writes that reached it.
    expect(added.messaging.verbCounters()['mutation']?.received ?? 0).toBeGreaterThan(0);
    expect(added.host).toBe('127.0.0.4');
    expect(added.membership.mode()).toBe('NORMAL');
    expect(added.tokens).toHaveLength(16);
    expectRingOfRunningNodes();

    const expected = [...written.keys()].filter((k) => replicasOf(observer, k).includes(added.self.hostId)).sort((a, b) => a - b);
    expect(expected.length).toBeGreaterThan(0);
    expect([...(await localKeys(added))].sort((a, b) => a - b)).toEqual(expected);
    await expectEveryRowReadable(db);
    await expectEveryRowReadable(db.onNode('127.0.0.4'));
    await expectEveryReplicaHoldsItsRows();
  }, 60_000);

  it('decommissions a node: its ranges move to their new replicas and the others drop it from the ring', async () => {
    const leaving = cluster.node('127.0.0.2');
    const leavingId = leaving.self.hostId;
    const streams = await leaving.decommission();
    expect(streams.reduce((n, s) => n + s.partitions, 0)).toBeGreaterThan(0);
    expect(cluster.isRunning('127.0.0.2')).toBe(false);
    expect(cluster.hosts()).toEqual(['127.0.0.1', '127.0.0.3', '127.0.0.4']);
    await cluster.awaitConvergence();
    expectRingOfRunningNodes();
    for (const node of cluster.runningNodes()) expect(node.ring().endpoint(leavingId)).toBeUndefined();
    await expectEveryRowReadable(db);
    await expectEveryReplicaHoldsItsRows();
  }, 60_000);

  it('removes a crashed node with removenode: the remaining replicas restore two copies of each row', async () => {
    const live = await cluster.node(0).removeNode(cluster.node('127.0.0.3').self.hostId).catch((e: Error) => e);
    expect(String(live)).toMatch(/is alive and owns this ID. Use decommission command/);
    const deadId = await crash('127.0.0.3');
    const refused = await cluster.node(0).removeNode('no-such-host').catch((e: Error) => e);
    expect(String(refused)).toMatch(/Host ID not found/);
    const removenode = cluster.node(0).admin.command('removenode')!;
    const status = (args: string[]) => removenode(args, { node: cluster.node(0), afterReply: () => undefined } as unknown as NodetoolContext);
    expect(await status(['status'])).toEqual({ message: 'RemovalStatus: No removals in process.' });
    const summary = await cluster.node(0).removeNode(deadId);
    expect(summary.unsourced).toEqual([]);
    expect(summary.restored.length).toBeGreaterThan(0);
    await cluster.awaitConvergence();
    expectRingOfRunningNodes();
    expect(cluster.runningNodes()).toHaveLength(2);
    for (const node of cluster.runningNodes()) expect(node.ring().endpoint(deadId)).toBeUndefined();
    await expectEveryRowReadable(db);
    await expectEveryReplicaHoldsItsRows();
  }, 60_000);

  it('replaces a dead node: the new node takes its tokens, streams its ranges from the remaining replica, and serves', async () => {
    const dead = cluster.node('127.0.0.4');
    const deadTokens = [...dead.tokens];
    const deadId = await crash('127.0.0.4');
    const replacement = await cluster.replaceNode('127.0.0.4');
    expect(replacement.host).toBe('127.0.0.5');
    expect(replacement.self.hostId).not.toBe(deadId);
    expect([...replacement.tokens]).toEqual(deadTokens);
    await cluster.awaitConvergence();
    expectRingOfRunningNodes();
    for (const node of cluster.runningNodes()) expect(node.ring().endpoint(deadId)).toBeUndefined();
    expect([...(await localKeys(replacement))].sort((a, b) => a - b)).toEqual([...written.keys()].sort((a, b) => a - b));
    await expectEveryRowReadable(db.onNode('127.0.0.5'));
    await expectEveryReplicaHoldsItsRows();

    // Two nodes left at RF 2: a decommission would leave one copy, so it is refused and nothing changes.
    const refused = await cluster.node(0).decommission().catch((e: Error) => e);
    expect(String(refused)).toMatch(/Not enough live nodes to maintain replication factor in keyspace ks \(RF = 2, N = 2\)/);
    expect(cluster.node(0).membership.mode()).toBe('NORMAL');
    expectRingOfRunningNodes();
  }, 60_000);
});
