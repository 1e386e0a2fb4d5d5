/**
 * Two membership changes Cassandra makes safe and a naive port would not:
 *
 * - Decommission hands over hints. On 4 nodes at RF 2, one node is down while writes at ONE go
 *   through node X, so X holds hints for it; X decommissions; the down node comes back and
 *   receives every write it missed, delivered by the node X handed its hints to.
 * - A bootstrap interrupted by a crash resumes. A fifth node joins with a throttled stream and
 *   crashes mid-stream; restarted, it takes the same tokens, streams only the ranges it had not
 *   received (system.available_ranges' role), becomes NORMAL once, and holds every row of its
 *   ranges.
 */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../../src/api/database.js';
import { CLEANUP_DURING_RANGE_MOVEMENT } from '../../../src/cluster/admin/cleanup-command.js';
import { lookupHandler } from '../../../src/cluster/admin/builtin-commands.js';
import type { NodetoolContext } from '../../../src/cluster/admin/nodetool-command.js';
import { BootstrapProgress } from '../../../src/cluster/membership/bootstrap-progress.js';
import { computeRangeMovements } from '../../../src/cluster/membership/range-movement.js';
import { readNodeIdentity } from '../../../src/cluster/node/node-identity.js';
import { TokenRange } from '../../../src/cluster/ring/token-range.js';
import { NodeStoragePort } from '../../../src/lib/node-storage-port.js';
import type { Cluster } from '../../../src/cluster/node/cluster.js';
import type { ClusterNode } from '../../../src/cluster/node/cluster-node.js';
import { asEndpoint } from '../../../src/cluster/gossip/endpoint.js';
import { murmur3Token } from '../../../src/cluster/ring/murmur3.js';
import { eventually } from '../../helpers/eventually.js';

const FAST = {
  gossipIntervalMs: 100,
  ringDelayMs: 1000,
  timeouts: { writeMs: 3000, readMs: 3000, rangeMs: 6000 },
  seed: 41,
  threadsPerNode: 1,
  adminPort: 0,
  // One token each: which node gains what when another leaves follows the ring order plainly.
  numTokens: 1,
  hints: { dispatchIntervalMs: 300 },
};

let dir: string;
let db: Database;
let cluster: Cluster;
let tableId: number;

function keyOf(k: number): Uint8Array {
  const bytes = Buffer.alloc(4);
  bytes.writeInt32BE(k);
  return new Uint8Array(bytes);
}

async function localValues(node: ClusterNode): Promise<Map<number, string>> {
  const values = new Map<number, string>();
  for await (const partition of node.engine.scan(tableId)) {
    const cell = partition.rows[0]?.cells[0]?.value;
    values.set(Buffer.from(partition.key).readInt32BE(0), cell === null || cell === undefined ? '' : Buffer.from(cell).toString('utf8'));
  }
  return values;
}

async function openCluster(nodes: number, options: object, replicationFactor: number): Promise<void> {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-membership-gaps-'));
  db = await Database.open({ dataDir: dir, nodes, cluster: { ...FAST, ...options } });
  cluster = db.cluster!;
  await db.execute(`CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': ${replicationFactor}}`);
  await db.execute('CREATE TABLE ks.kv (k int PRIMARY KEY, v text)');
  tableId = cluster.node(0).catalog.schema.table('ks', 'kv')!.id;
}

async function closeCluster(): Promise<void> {
  await db?.close();
  if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
}

describe('decommission hands its hints over', () => {
  beforeAll(() => openCluster(4, {}, 2), 60_000);
  afterAll(closeCluster);

  it('delivers every write a down node missed, after the node holding its hints decommissioned', async () => {
    const observer = cluster.node(0);
    const ring = observer.ring();
    const strategy = observer.strategyOf(tableId)!;
    // In ring order: down node D, then X. X leaving moves ranges to the two nodes after it, never to D.
    const owners = ring.sortedTokens().map((_, index) => ring.ownerAt(index));
    // Neither is node 1, whose session `db` is.
    const downIndex = owners.findIndex((e, i) => e.hostId !== observer.self.hostId && owners[(i + 1) % 4]!.hostId !== observer.self.hostId);
    const down = owners[downIndex]!;
    const leaving = owners[(downIndex + 1) % 4]!;
    const gainers = computeRangeMovements(strategy, ring, ring.withoutNode(leaving.hostId)).flatMap((m) => m.after.filter((e) => !m.before.includes(e)));
    expect(gainers.some((e) => e.hostId === down.hostId)).toBe(false);
    const downHost = down.address.split(':')[0]!;
    const leavingHost = leaving.address.split(':')[0]!;

    await cluster.stopNode(downHost, { graceful: false });
    await eventually(() => cluster.runningNodes().every((n) => !n.gossiper.isAlive(asEndpoint(down.address))));
    const viaLeaving = db.onNode(leavingHost);
    const missed = new Map<number, string>();
    for (let k = 0; k < 200; k++) {
      await viaLeaving.execute('INSERT INTO ks.kv (k, v) VALUES (?, ?)', [k, `v${k}`], { prepare: true, consistency: 'ONE' });
      if (strategy.replicasFor(murmur3Token(keyOf(k)), ring).some((e) => e.hostId === down.hostId)) missed.set(k, `v${k}`);
    }
    expect(missed.size).toBeGreaterThan(20);
    const held = cluster.node(leavingHost).hints.metrics().pending.find((p) => p.hostId === down.hostId);
    expect(held?.count).toBe(missed.size);

    await cluster.node(leavingHost).decommission();
    const receivers = cluster.runningNodes().filter((n) => n.hints.metrics().transferredIn > 0);
    expect(receivers).toHaveLength(1);
    expect(receivers[0]!.hints.metrics().transferredIn).toBe(missed.size);

    const back = await cluster.restartNode(downHost);
    await eventually(() => receivers[0]!.hints.metrics().pending.length === 0);
    const values = await localValues(back);
    for (const [k, v] of missed) expect(values.get(k), `row ${k} on the node that was down`).toBe(v);
  });
});

describe('a bootstrap interrupted by a crash', () => {
  const ROWS = 3000;
  // Sixteen tokens each (many ranges to stream), RF 1 (the new node's rows come from streams only).
  beforeAll(async () => {
    await openCluster(3, { numTokens: 16, hints: { enabled: false } }, 1);
    const rows = Array.from({ length: ROWS }, (_, k) => ({ k, v: `v${k}-${'x'.repeat(100)}` }));
    await db.insertRows('ks', 'kv', rows, { consistency: 'ONE' });
  }, 60_000);
  afterAll(closeCluster);

  /** The keys whose only replica (RF 1) is `node`, as its ring says. */
  function ownedKeys(node: ClusterNode): Set<number> {
    const strategy = node.strategyOf(tableId)!;
    const owned = new Set<number>();
    for (let k = 0; k < ROWS; k++) if (strategy.replicasFor(murmur3Token(keyOf(k)), node.ring())[0]!.hostId === node.self.hostId) owned.add(k);
    return owned;
  }

  it('resumes on restart with the same tokens, streaming only the ranges it had not received', async () => {
    const port = new NodeStoragePort();
    const dataDir = path.join(dir, 'node4');
    const progressNow = () => BootstrapProgress.open(port, dataDir);
    // Slow streams, so the crash finds the bootstrap half done.
    for (const node of cluster.runningNodes()) node.streaming.setThroughput(8 * 1024);
    const adding = cluster.addNode().then(
      () => 'joined',
      (error: Error) => `failed: ${error.message}`,
    );
    await eventually(() => cluster.size === 4 && cluster.isRunning(3));
    const joining = cluster.node(3);
    // Cassandra refuses cleanup on a node with ranges pending for it.
    await expect(lookupHandler(joining, 'cleanup')!([], { node: joining } as unknown as NodetoolContext)).rejects.toThrow(CLEANUP_DURING_RANGE_MOVEMENT);
    await eventually(() => progressNow().availableRanges('ks').length >= 2, 60_000);

    await cluster.stopNode(3, { graceful: false });
    expect(await adding).toMatch(/^failed/);
    const interrupted = progressNow();
    expect(interrupted.state()).toBe('IN_PROGRESS');
    const streamedBefore = interrupted.availableRanges('ks');
    const tokensBefore = readNodeIdentity(dataDir)!.tokens;
    expect(tokensBefore).toHaveLength(16);

    for (const node of cluster.runningNodes()) node.streaming.setThroughput(0);
    const resumed = await cluster.restartNode(3);
    await cluster.awaitConvergence();
    expect(progressNow().state()).toBe('COMPLETED');
    expect([...resumed.tokens].sort()).toEqual([...tokensBefore].sort());
    const outcome = resumed.membership.joinOutcome()!;
    expect(outcome.rangesAlreadyAvailable).toBe(streamedBefore.length);
    expect(outcome.streams.length).toBeGreaterThan(0);
    // What the second run streamed is what the first had not: no range twice.
    const owned = ownedKeys(resumed);
    const inStreamedBefore = [...owned].filter((k) => streamedBefore.some((r) => TokenRange.contains(r, murmur3Token(keyOf(k))))).length;
    expect(inStreamedBefore).toBeGreaterThan(0);
    expect(outcome.streams.reduce((n, s) => n + s.partitions, 0)).toBe(owned.size - inStreamedBefore);

    // One ring entry for it everywhere, NORMAL, with those tokens; it holds exactly its rows.
    for (const node of cluster.runningNodes()) {
      expect(node.ring().endpoints().map((e) => e.status)).toEqual(['normal', 'normal', 'normal', 'normal']);
      expect([...node.ring().tokensOf(resumed.self.hostId)].sort()).toEqual([...tokensBefore].sort());
    }
    expect(new Set((await localValues(resumed)).keys())).toEqual(owned);
    for (let k = 0; k < ROWS; k += 7) {
      const row = (await db.execute('SELECT v FROM ks.kv WHERE k = ?', [k], { prepare: true, consistency: 'ONE' })).first();
      expect(row?.['v'], `row ${k}`).toBe(`v${k}-${'x'.repeat(100)}`);
    }
    const all = await db.execute('SELECT k FROM ks.kv', [], { consistency: 'ONE', fetchSize: 10_000 });
    expect(all.rows.length).toBe(ROWS);
  });
});
