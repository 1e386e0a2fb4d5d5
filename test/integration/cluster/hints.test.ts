/**
 * Hinted handoff on a 3-node cluster in one process: writes a crashed replica missed reach it
 * by hints alone once it is back (reads at ONE on it, no read repair), a write at ANY succeeds
 * with every replica of its partition down, a coordinator that restarts in the middle of a
 * delivery resumes after the last acknowledged hint (the target applies each exactly once),
 * and a replica down longer than max_hint_window gets no hints. The tests run in order on one
 * cluster: the ANY test leaves node 3 down for the window test, which brings it back.
 */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../../src/api/database.js';
import { asEndpoint } from '../../../src/cluster/gossip/endpoint.js';
import type { Cluster } from '../../../src/cluster/node/cluster.js';
import { CqlErrorCode } from '../../../src/lib/errors.js';
import { eventually } from '../../helpers/eventually.js';

const FAST = { gossipIntervalMs: 100, timeouts: { writeMs: 600, readMs: 600, rangeMs: 1500 }, seed: 11, hints: { dispatchIntervalMs: 200, maxHintWindowMs: 3_600_000 } };

let dir: string;
let db: Database;
/** Each node's host id, by index (known while it is down too). */
let hostIds: string[];

/** Hints node `coordinator` holds for node `target` (running or not), not yet delivered. */
function pendingHints(cluster: Cluster, coordinator: number, target: number): number {
  const hostId = hostIds[target]!;
  return cluster.node(coordinator).hints.metrics().pending.find((p) => p.hostId === hostId)?.count ?? 0;
}

async function crash(cluster: Cluster, index: number, seenDownBy: number): Promise<void> {
  const address = `127.0.0.${index + 1}:7000`;
  await cluster.stopNode(index, { graceful: false });
  await eventually(() => !cluster.node(seenDownBy).livePeers().includes(address));
}

async function valuesOnNode(database: Database, table: string, keys: readonly number[]): Promise<Array<string | null>> {
  const values: Array<string | null> = [];
  for (const k of keys) {
    const rs = await database.execute(`SELECT v FROM ${table} WHERE k = ?`, [k], { prepare: true, consistency: 'ONE' });
    values.push((rs.first()?.['v'] as string | undefined) ?? null);
  }
  return values;
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-hints-'));
  db = await Database.open({ dataDir: dir, nodes: 3, cluster: FAST });
  await db.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}");
  await db.execute('CREATE TABLE ks.kv (k int PRIMARY KEY, v text)');
  await db.execute("CREATE KEYSPACE one WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
  await db.execute('CREATE TABLE one.kv (k int PRIMARY KEY, v text)');
  await db.cluster!.awaitConvergence();
  hostIds = db.cluster!.runningNodes().map((node) => node.self.hostId);
}, 60_000);

afterAll(async () => {
  await db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Keys of one.kv whose only replica (node 3) was down when they were written at ANY. */
let anyHinted: number[] = [];

describe('hinted handoff', () => {
  it('delivers every write a crashed replica missed at QUORUM and ONE once it restarts', async () => {
    const cluster = db.cluster!;
    await cluster.stopNode(2, { graceful: false });
    // Some of these go out before the crash is detected (hinted when no ack comes by the deadline), the rest after.
    for (const k of range(0, 20)) await db.execute('INSERT INTO ks.kv (k, v) VALUES (?, ?)', [k, `q${k}`], { prepare: true, consistency: 'QUORUM' });
    for (const k of range(20, 40)) await db.execute('INSERT INTO ks.kv (k, v) VALUES (?, ?)', [k, `o${k}`], { prepare: true, consistency: 'ONE' });
    await eventually(() => pendingHints(cluster, 0, 2) === 40);
    expect(cluster.node(1).hints.metrics().pending).toEqual([]);
    expect(cluster.node(0).hints.metrics().pending[0]!.bytes).toBeGreaterThan(40 * 50);

    await cluster.restartNode(2);
    await cluster.awaitConvergence();
    await eventually(() => pendingHints(cluster, 0, 2) === 0);
    expect(cluster.node(2).hints.metrics().applied).toBe(40);
    expect(cluster.node(0).hints.metrics()).toMatchObject({ created: 40, delivered: 40, droppedPastWindow: 0 });
    expect(fs.readdirSync(path.join(dir, 'node1', 'hints'))).toEqual([]);
    const expected = [...range(0, 20).map((k) => `q${k}`), ...range(20, 40).map((k) => `o${k}`)];
    expect(await valuesOnNode(db.onNode(2), 'ks.kv', range(0, 40))).toEqual(expected);
  }, 40_000);

  it('accepts a write at ANY with every replica of its partition down: the stored hint is its acknowledgement', async () => {
    const cluster = db.cluster!;
    await crash(cluster, 2, 0);
    // RF 1: the partitions node 3 owns have no live replica; a hint is the only acknowledgement.
    const hinted: number[] = [];
    for (const k of range(0, 30)) {
      const before = cluster.node(0).hints.metrics().created;
      await db.execute('INSERT INTO one.kv (k, v) VALUES (?, ?)', [k, `any${k}`], { prepare: true, consistency: 'ANY' });
      if (cluster.node(0).hints.metrics().created > before) hinted.push(k);
    }
    expect(hinted.length).toBeGreaterThan(0);
    expect(pendingHints(cluster, 0, 2)).toBe(hinted.length);
    // The same partition at ONE needs its replica: Unavailable, and no hint.
    await expect(db.execute('INSERT INTO one.kv (k, v) VALUES (?, ?)', [hinted[0]!, 'one'], { prepare: true, consistency: 'ONE' })).rejects.toMatchObject({
      code: CqlErrorCode.unavailable,
    });
    expect(pendingHints(cluster, 0, 2)).toBe(hinted.length);
    anyHinted = hinted;
  }, 40_000);

  it('stores no hints for a replica down longer than max_hint_window; on return it gets the hints stored before (the ANY writes)', async () => {
    const cluster = db.cluster!;
    const coordinator = cluster.node(0).hints;
    expect(coordinator.settings.maxHintWindowMs).toBe(3_600_000); // the cluster option
    // Node 3 has been down since the ANY test; a window of 300 ms (nodetool setmaxhintwindow) is soon behind it.
    coordinator.setMaxHintWindowMs(300);
    try {
      await eventually(() => cluster.node(0).gossiper.downtimeMs(asEndpoint('127.0.0.3:7000')) > 300);
      const before = coordinator.metrics();
      for (const k of range(200, 210)) await db.execute('INSERT INTO ks.kv (k, v) VALUES (?, ?)', [k, `late${k}`], { prepare: true, consistency: 'ONE' });
      expect(coordinator.metrics()).toMatchObject({ created: before.created, droppedPastWindow: before.droppedPastWindow + 10 });
      expect(pendingHints(cluster, 0, 2)).toBe(anyHinted.length);
    } finally {
      coordinator.setMaxHintWindowMs(3_600_000);
    }

    await cluster.restartNode(2);
    await cluster.awaitConvergence();
    await eventually(() => pendingHints(cluster, 0, 2) === 0);
    expect(cluster.node(2).hints.metrics().applied).toBe(anyHinted.length);
    expect(await valuesOnNode(db, 'one.kv', range(0, 30))).toEqual(range(0, 30).map((k) => `any${k}`));
    expect(await valuesOnNode(db.onNode(2), 'ks.kv', range(200, 210))).toEqual(range(200, 210).map(() => null));
  }, 40_000);

  it('resumes after the last acknowledged hint when the coordinator restarts mid-delivery: each hint applied once', async () => {
    const cluster = db.cluster!;
    expect(pendingHints(cluster, 0, 2)).toBe(0); // node 3's applied hints will all be node 2's
    await cluster.stopNode(2, { graceful: false }); // not yet seen down: each write is hinted when its deadline passes
    const second = db.onNode(1);
    for (const k of range(100, 130)) await second.execute('INSERT INTO ks.kv (k, v) VALUES (?, ?)', [k, `r${k}`], { prepare: true, consistency: 'ONE' });
    await eventually(() => pendingHints(cluster, 1, 2) === 30);
    // Slow delivery down (256 B/s to each target) so the coordinator stops part-way through.
    cluster.node(1).hints.setThrottleKiBPerSecond(0.5);

    await cluster.restartNode(2);
    // Stopped once a delivery position is on disk: the hints may sit in more than one file, and a
    // file delivered whole takes its position file with it (a CI run stopped between two files).
    const hasPositionFile = (): boolean => fs.readdirSync(path.join(dir, 'node2', 'hints')).some((f) => f.endsWith('.position'));
    await eventually(() => cluster.node(2).hints.metrics().applied >= 3 && hasPositionFile());
    await cluster.stopNode(1);
    const appliedWhenStopped = cluster.node(2).hints.metrics().applied;
    expect(appliedWhenStopped).toBeLessThan(30);
    expect(hasPositionFile()).toBe(true);

    await cluster.restartNode(1); // back to the configured throttle
    expect(pendingHints(cluster, 1, 2)).toBe(30 - appliedWhenStopped);
    await cluster.awaitConvergence();
    await eventually(() => pendingHints(cluster, 1, 2) === 0);
    expect(cluster.node(2).hints.metrics().applied).toBe(30);
    expect(fs.readdirSync(path.join(dir, 'node2', 'hints'))).toEqual([]);
    expect(await valuesOnNode(db.onNode(2), 'ks.kv', range(100, 130))).toEqual(range(100, 130).map((k) => `r${k}`));
  }, 40_000);
});

