/**
 * Anti-entropy repair on a 3-node cluster, RF 3, hinted handoff off so that repair alone
 * heals: a node cut off misses writes, updates and deletes made on the others (and the
 * others miss what was written at ONE on it); after the heal, `node.repair()` on one node
 * compares Merkle trees of every range with every replica and streams only the differing
 * sub-ranges both ways. Afterwards every node holds the same data (unfiltered digests per
 * partition agree, tombstones included), a row deleted stays deleted on every node, a second
 * repair streams nothing, -pr on every node covers the ring once, a repair with a replica
 * down is refused, and one whose replica is cut off fails once the replica is seen down.
 */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../../src/api/database.js';
import type { ClusterNode } from '../../../src/cluster/node/cluster-node.js';
import { repairCommand } from '../../../src/cluster/repair/repair-command.js';
import { RepairFailedError } from '../../../src/cluster/repair/repair-failed-error.js';
import type { RepairSummary } from '../../../src/cluster/repair/repair-summary.js';
import { partitionDigest } from '../../../src/storage/model/partition-digest.js';

const ROWS = 1000;
const EVENT_PARTITIONS = 40;
const FAST = {
  gossipIntervalMs: 100,
  timeouts: { writeMs: 2000, readMs: 600, rangeMs: 1500 },
  seed: 11,
  // Repair must be what heals: no hints; and no admin servers on fixed ports in a test.
  hints: { enabled: false },
  adminPort: 0,
};

let dir: string;
let db: Database;

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** A node's whole local data of a table: partition key (hex) -> digest of its unfiltered form. */
async function localData(node: ClusterNode, table: string): Promise<Map<string, string>> {
  const id = node.catalog.schema.table('ks', table)!.id;
  const held = new Map<string, string>();
  for await (const partition of node.engine.scanUnfiltered(id)) held.set(hex(partition.key), hex(partitionDigest(partition)));
  return held;
}

async function inChunks<T>(items: readonly T[], size: number, work: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(work));
}

const range = (n: number, from = 0): number[] => Array.from({ length: n }, (_, i) => from + i);

async function valueOnNode(node: number, k: number): Promise<string | null> {
  const rs = await db.onNode(node).execute('SELECT v FROM ks.kv WHERE k = ?', [k], { consistency: 'ONE', prepare: true });
  return (rs.first()?.['v'] as string | undefined) ?? null;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-repair-'));
  db = await Database.open({ dataDir: dir, nodes: 3, cluster: FAST });
  await db.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}");
  await db.execute('CREATE TABLE ks.kv (k int PRIMARY KEY, v text)');
  await db.execute('CREATE TABLE ks.events (p int, c int, v text, PRIMARY KEY (p, c))');
  await db.cluster!.awaitConvergence();
  await inChunks(range(ROWS), 50, (k) => db.execute('INSERT INTO ks.kv (k, v) VALUES (?, ?)', [k, `v${k}`], { prepare: true, consistency: 'ALL' }));
  await inChunks(range(EVENT_PARTITIONS * 5), 50, (i) =>
    db.execute('INSERT INTO ks.events (p, c, v) VALUES (?, ?, ?)', [Math.floor(i / 5), i % 5, `e${i}`], { prepare: true, consistency: 'ALL' }),
  );
}, 60_000);

afterAll(async () => {
  await db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('nodetool repair on a 3-node cluster, RF 3', () => {
  it('checks every range of every table and streams nothing when the replicas agree', async () => {
    const summary = await db.cluster!.node(0).repair();
    expect(summary.keyspaces).toEqual(['ks']);
    expect(summary.participants).toEqual(['127.0.0.1:7000', '127.0.0.2:7000', '127.0.0.3:7000']);
    // 3 nodes x 16 tokens: 48 ring ranges, every one replicated by this node at RF 3.
    expect(summary.tables.map((t) => [t.table, t.rangesChecked, t.rangesDiffered, t.partitionsStreamed])).toEqual([
      ['events', 48, 0, 0],
      ['kv', 48, 0, 0],
    ]);
    expect(summary).toMatchObject({ rangesChecked: 96, rangesDiffered: 0, partitionsStreamed: 0, bytesStreamed: 0 });
    // -pr covers this node's primary ranges alone; a table can be named.
    const primary = await db.cluster!.node(1).repair({ keyspace: 'ks', tables: ['kv'], primaryRangeOnly: true });
    expect(primary.tables).toHaveLength(1);
    expect(primary.rangesChecked).toBe(16);
    await expect(db.cluster!.node(0).repair({ keyspace: 'ks', tables: ['nope'] })).rejects.toThrow(/Unknown keyspace\/cf pair \(ks.nope\)/);
    // The node tool's `repair` is this, with its arguments read as nodetool's.
    const node = db.cluster!.node(2);
    expect(node.admin.command('repair')).toBe(repairCommand);
    const viaNodetool = await repairCommand(['-pr', '-full', 'ks', 'events'], { node });
    expect(viaNodetool).toMatchObject({ coordinator: '127.0.0.3:7000', primaryRangeOnly: true, rangesChecked: 16, partitionsStreamed: 0 });
  }, 30_000);

  it('heals a node that missed writes, updates and deletes, both ways, streaming only the ranges that differ', async () => {
    const cluster = db.cluster!;
    cluster.partition(['127.0.0.3'], ['127.0.0.1', '127.0.0.2']);
    const added = range(60, ROWS);
    const updated = range(20, 100);
    const deleted = range(20, 500);
    const onlyOnThird = range(10, 5000);
    // The majority side writes at TWO, so both of its nodes surely hold each change before the
    // check below (at ONE, a replica that failed its share under load silently lacked it, and
    // with hints off nothing but this repair would bring it); the cut-off node still misses all.
    try {
      await inChunks(added, 30, (k) => db.execute('INSERT INTO ks.kv (k, v) VALUES (?, ?)', [k, `new${k}`], { prepare: true, consistency: 'TWO' }));
      await inChunks(updated, 30, (k) => db.onNode(1).execute('UPDATE ks.kv SET v = ? WHERE k = ?', [`upd${k}`, k], { prepare: true, consistency: 'TWO' }));
      await inChunks(deleted, 30, (k) => db.execute('DELETE FROM ks.kv WHERE k = ?', [k], { prepare: true, consistency: 'TWO' }));
      await db.execute('DELETE FROM ks.events WHERE p = 3 AND c >= 1 AND c <= 3', [], { consistency: 'TWO' });
      await inChunks(onlyOnThird, 10, (k) => db.onNode(2).execute('INSERT INTO ks.kv (k, v) VALUES (?, ?)', [k, `third${k}`], { prepare: true, consistency: 'ONE' }));
    } finally {
      cluster.heal();
    }
    await cluster.awaitConvergence();
    // The replicas disagree: the third node still has deleted rows, the others lack its own writes.
    expect(await valueOnNode(2, 505)).toBe('v505');
    expect(await valueOnNode(0, 505)).toBeNull();
    expect(await valueOnNode(0, 5003)).toBeNull();
    expect(await valueOnNode(2, ROWS + 5)).toBeNull();

    const started = Date.now();
    const summary: RepairSummary = await cluster.node(0).repair({ keyspace: 'ks' });
    const elapsedMs = Date.now() - started;
    const kv = summary.tables.find((t) => t.table === 'kv')!;
    const events = summary.tables.find((t) => t.table === 'events')!;
    const changed = added.length + updated.length + deleted.length + onlyOnThird.length;
    console.log(
      `repair of ${ROWS + changed} kv partitions and ${EVENT_PARTITIONS} event partitions, ${changed} kv partitions diverged on one node: ` +
        `${elapsedMs} ms; kv ranges differed ${kv.rangesDiffered}/${kv.rangesChecked}, sub-ranges ${kv.subrangesSynced}, ` +
        `partitions streamed ${kv.partitionsStreamed} (${kv.bytesStreamed} bytes); events streamed ${events.partitionsStreamed}`,
    );
    expect(kv.rangesDiffered).toBeGreaterThan(0);
    // Two pairs differ (1-3 and 2-3), each streaming its differing sub-ranges both ways: about
    // four copies of the partitions that changed and of their leaf neighbours, far from the
    // four copies of the whole table that streaming every range would take.
    expect(kv.partitionsStreamed).toBeGreaterThanOrEqual(2 * changed);
    expect(kv.partitionsStreamed).toBeLessThan(4 * (ROWS + changed) * 0.5);
    expect(events.rangesDiffered).toBe(1);
    expect(events.partitionsStreamed).toBeGreaterThanOrEqual(2);
    expect(events.partitionsStreamed).toBeLessThanOrEqual(4 * 4);

    // Every node now holds the same partitions, down to their tombstones.
    for (const table of ['kv', 'events']) {
      const [a, b, c] = await Promise.all(cluster.runningNodes().map((node) => localData(node, table)));
      expect(b).toEqual(a);
      expect(c).toEqual(a);
    }
    for (let node = 0; node < 3; node++) {
      expect(await valueOnNode(node, 505)).toBeNull();
      expect(await valueOnNode(node, 105)).toBe('upd105');
      expect(await valueOnNode(node, ROWS + 5)).toBe(`new${ROWS + 5}`);
      expect(await valueOnNode(node, 5003)).toBe('third5003');
      const rows = await db.onNode(node).execute('SELECT c FROM ks.events WHERE p = 3', [], { consistency: 'ONE' });
      expect(rows.rows.map((r) => r['c'])).toEqual([0, 4]);
    }
    // The tombstone itself reached the third node.
    const third = cluster.node(2);
    const tombstoned = await third.engine.readUnfiltered(third.catalog.schema.table('ks', 'kv')!.id, Buffer.from([0, 0, 1, 249])); // k = 505
    expect(tombstoned?.deletion).not.toBeNull();
    expect(tombstoned?.rows).toEqual([]);

    // Repairing again finds nothing to do.
    const again = await cluster.node(1).repair({ keyspace: 'ks' });
    expect(again).toMatchObject({ rangesDiffered: 0, partitionsStreamed: 0 });
  }, 60_000);

  it('heals the whole ring when every node repairs its primary ranges (-pr)', async () => {
    const cluster = db.cluster!;
    cluster.partition(['127.0.0.2'], ['127.0.0.1', '127.0.0.3']);
    try {
      await inChunks(range(40, 7000), 20, (k) => db.execute('INSERT INTO ks.kv (k, v) VALUES (?, ?)', [k, `pr${k}`], { prepare: true, consistency: 'ONE' }));
    } finally {
      cluster.heal();
    }
    await cluster.awaitConvergence();
    expect(await valueOnNode(1, 7001)).toBeNull();
    let checked = 0;
    let streamed = 0;
    for (let i = 0; i < 3; i++) {
      const summary = await cluster.node(i).repair({ keyspace: 'ks', tables: ['kv'], primaryRangeOnly: true });
      checked += summary.rangesChecked;
      streamed += summary.partitionsStreamed;
    }
    expect(checked).toBe(48);
    expect(streamed).toBeGreaterThanOrEqual(2 * 40);
    const [a, b, c] = await Promise.all(cluster.runningNodes().map((node) => localData(node, 'kv')));
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect(await valueOnNode(1, 7001)).toBe('pr7001');
  }, 60_000);

  it('fails when a replica becomes unreachable during the repair, once it is seen down', async () => {
    const cluster = db.cluster!;
    await cluster.awaitConvergence();
    cluster.partition(['127.0.0.3'], ['127.0.0.1', '127.0.0.2']);
    try {
      const started = Date.now();
      await expect(cluster.node(0).repair({ keyspace: 'ks' })).rejects.toThrow(/Endpoint 127.0.0.3:7000 died: repair session failed/);
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      cluster.heal();
    }
    await cluster.awaitConvergence();
  }, 40_000);

  it('refuses to run with a replica down', async () => {
    const cluster = db.cluster!;
    await cluster.stopNode(2);
    const deadline = Date.now() + 10_000;
    while (cluster.node(0).livePeers().includes('127.0.0.3:7000') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const refused = cluster.node(0).repair({ keyspace: 'ks' });
    await expect(refused).rejects.toBeInstanceOf(RepairFailedError);
    await expect(refused).rejects.toThrow('Cannot proceed on repair because a neighbor (127.0.0.3:7000) is dead: session failed');
  }, 30_000);
});
