/**
 * A node keeps the ring across restarts: system.local describes the node itself and
 * system.peers every other ring member, and a node restarted while cut off from its peers
 * coordinates with the ring it recorded (peers held down) instead of thinking itself alone.
 * Before system.peers was restored, such a node acknowledged a write at ONE for a partition it
 * does not replicate, stored only on itself, and lost to reads (found by the simulator).
 */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../../src/api/database.js';
import { CqlErrorCode } from '../../../src/lib/errors.js';

let dir: string;
let db: Database;

const FAST = { gossipIntervalMs: 100, timeouts: { writeMs: 600, readMs: 600, rangeMs: 1500 }, seed: 11 };

async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

function ringOf(db: Database, node: number): string[] {
  const ring = db.cluster!.node(node).ring();
  return ring.endpoints().map((e) => `${e.address} ${e.hostId} ${ring.tokensOf(e.hostId).join(',')}`).sort();
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-restart-ring-'));
  db = await Database.open({ dataDir: dir, nodes: 3, cluster: FAST });
  await db.execute("CREATE KEYSPACE one WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
  await db.execute('CREATE TABLE one.kv (k int PRIMARY KEY, v text)');
}, 60_000);

afterAll(async () => {
  await db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the ring across restarts', () => {
  it('describes each node in system.local and the others in system.peers and peers_v2', async () => {
    const cluster = db.cluster!;
    for (let i = 0; i < 3; i++) {
      const node = cluster.node(i);
      const session = db.onNode(i);
      const local = (await session.execute('SELECT broadcast_address, rpc_address, data_center, rack, host_id, tokens FROM system.local')).first()!;
      expect(String(local['broadcast_address'])).toBe(`127.0.0.${i + 1}`);
      expect(String(local['rpc_address'])).toBe(`127.0.0.${i + 1}`);
      expect(local['data_center']).toBe('datacenter1');
      expect(String(local['host_id'])).toBe(node.self.hostId);
      expect([...(local['tokens'] as string[])].sort()).toEqual(node.tokens.map(String).sort());

      await eventually(async () => (await session.execute('SELECT peer FROM system.peers')).rows.length === 2);
      const peers = (await session.execute('SELECT peer, host_id, data_center, rack, tokens FROM system.peers')).rows;
      const others = node.ring().endpoints().filter((e) => e.hostId !== node.self.hostId);
      expect(peers.map((r) => String(r['peer'])).sort()).toEqual(others.map((e) => e.address.replace(':7000', '')).sort());
      for (const row of peers) {
        const hostId = String(row['host_id']);
        expect([...(row['tokens'] as string[])].sort()).toEqual(node.ring().tokensOf(hostId).map(String).sort());
      }
      const v2 = (await session.execute('SELECT peer, peer_port, native_port, host_id FROM system.peers_v2')).rows;
      expect(v2.map((r) => `${String(r['peer'])}:${r['peer_port']}:${r['native_port']}`).sort()).toEqual(
        others.map((e) => `${e.address.replace(':7000', '')}:7000:9042`).sort(),
      );
    }
  });

  it('restores the ring of a node restarted while cut off, and never acknowledges a write only it holds', async () => {
    const cluster = db.cluster!;
    const ringBefore = ringOf(db, 0);
    await cluster.stopNode(2, { graceful: false });
    cluster.partition(['127.0.0.3'], ['127.0.0.1', '127.0.0.2']);
    let healed = false;
    try {
      await cluster.restartNode(2);
      const restarted = cluster.node(2);
      // Gossip cannot reach it: the ring it holds is the one it recorded, with its peers down.
      expect(ringOf(db, 2)).toEqual(ringBefore);
      expect(restarted.livePeers()).toEqual([]);

      const session = db.onNode(2);
      const acked: number[] = [];
      let unavailable = 0;
      for (let k = 0; k < 30; k++) {
        try {
          await session.execute('INSERT INTO one.kv (k, v) VALUES (?, ?)', [k, `one${k}`], { prepare: true, consistency: 'ONE' });
          acked.push(k);
        } catch (error) {
          expect((error as { code: number }).code).toBe(CqlErrorCode.unavailable);
          unavailable++;
        }
      }
      // RF 1 over three nodes: the partitions the other two own have no live replica here.
      expect(unavailable).toBeGreaterThan(0);
      expect(acked.length).toBeGreaterThan(0);
      // At ANY the writes for the unreachable owners become hints.
      for (let k = 100; k < 110; k++) await session.execute('INSERT INTO one.kv (k, v) VALUES (?, ?)', [k, `any${k}`], { prepare: true, consistency: 'ANY' });

      cluster.heal();
      healed = true;
      await cluster.awaitConvergence();
      const first = db.onNode(0);
      // Converged means node 0 sees the restarted node alive at its new generation, so every
      // acknowledged write reads back at once.
      for (const k of acked) {
        const read = await first.execute('SELECT v FROM one.kv WHERE k = ?', [k], { prepare: true, consistency: 'ONE' });
        expect(read.first()?.['v']).toBe(`one${k}`);
      }
      await eventually(async () => {
        for (let k = 100; k < 110; k++) {
          const row = (await first.execute('SELECT v FROM one.kv WHERE k = ?', [k], { prepare: true, consistency: 'ONE' })).first();
          if (row?.['v'] !== `any${k}`) return false;
        }
        return true;
      });
    } finally {
      if (!healed) cluster.heal();
    }
  }, 60_000);
});
