/**
 * Counters in a 3-node cluster, as Cassandra counts them: every counter write goes to one
 * live replica of its partition, the leader, which builds the new value of its own shard from
 * its local data under the partition's lock and replicates the result. So increments at ONE
 * from any coordinator all count, a coordinator that is not a replica never adds a shard of
 * its own, and a down replica only means another leader.
 *
 * Method: many concurrent increments at ONE through several coordinators, then the totals read
 * at ALL must equal the sum of the acknowledged deltas; the shards each replica stores are read
 * from its engine directly to see whose they are.
 */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../../src/api/database.js';
import { CqlErrorCode } from '../../../src/lib/errors.js';
import { murmur3Token } from '../../../src/cluster/ring/murmur3.js';
import type { ClusterNode } from '../../../src/cluster/node/cluster-node.js';
import { decodeCounterContext } from '../../../src/storage/model/counter-context.js';
import { nativeCqlType } from '../../../src/cql/types/cql-type.js';
import { serializeValue } from '../../../src/cql/types/value-codec.js';
import { eventually } from '../../helpers/eventually.js';

let dir: string;
let db: Database;

const CLUSTER = { gossipIntervalMs: 100, timeouts: { writeMs: 3000, readMs: 3000, rangeMs: 6000 }, seed: 11 };
const HOSTS = ['127.0.0.1', '127.0.0.2', '127.0.0.3'] as const;

async function errorOf(work: Promise<unknown>): Promise<{ code: number; name: string; message: string } & Record<string, unknown>> {
  try {
    await work;
  } catch (error) {
    return error as { code: number; name: string; message: string };
  }
  throw new Error('expected the statement to fail');
}

/** Runs `work(i)` for i in [0, count), at most `parallel` at once. */
async function concurrently(count: number, parallel: number, work: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: parallel }, async () => {
    while (next < count) await work(next++);
  });
  await Promise.all(lanes);
}

async function counterAt(session: Database, table: string, k: number, consistency: string): Promise<bigint | null> {
  const row = (await session.execute(`SELECT n FROM ${table} WHERE k = ?`, [k], { prepare: true, consistency })).first();
  const value = row?.['n'];
  return value === undefined || value === null ? null : BigInt(String(value));
}

function keyBytes(k: number): Uint8Array {
  return serializeValue(nativeCqlType('int')!, k);
}

/** The indexes of the nodes replicating key `k` of `keyspace.table`, as node 0 sees the ring. */
function replicaIndexes(keyspace: string, table: string, k: number): number[] {
  const node = db.cluster!.node(0);
  const tableId = node.catalog.schema.existingTable(keyspace, table).id;
  const replicas = node.strategyOf(tableId)!.replicasFor(murmur3Token(keyBytes(k)), node.ring());
  return replicas.map((r) => HOSTS.findIndex((h) => r.address.startsWith(`${h}:`)));
}

/** The first key >= `from` whose replicas satisfy `wanted`. */
function keyWhose(keyspace: string, table: string, wanted: (replicas: number[]) => boolean, from = 0): number {
  for (let k = from; k < from + 10_000; k++) if (wanted(replicaIndexes(keyspace, table, k))) return k;
  throw new Error('no such key');
}

/** The counter ids (host ids) of the shards `node` stores for key `k`'s counter `n`. */
async function storedShardOwners(node: ClusterNode, keyspace: string, table: string, k: number): Promise<string[]> {
  const metadata = node.catalog.schema.existingTable(keyspace, table);
  const column = metadata.regular.find((c) => c.name === 'n')!;
  const partition = await node.engine.readUnfiltered(metadata.id, keyBytes(k));
  const cell = partition?.rows[0]?.cells.find((c) => c.column === column.columnId);
  if (cell?.value === undefined || cell.value === null) return [];
  return decodeCounterContext(cell.value).map((shard) => hostIdOf(shard.counterId));
}

function hostIdOf(bytes: Uint8Array): string {
  const hex = Buffer.from(bytes).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-counters-'));
  db = await Database.open({ dataDir: dir, nodes: 3, cluster: CLUSTER });
  await db.execute("CREATE KEYSPACE rf3 WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}");
  await db.execute("CREATE KEYSPACE rf2 WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 2}");
  await db.execute("CREATE KEYSPACE rf1 WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
  for (const keyspace of ['rf3', 'rf2', 'rf1']) await db.execute(`CREATE TABLE ${keyspace}.c (k int PRIMARY KEY, n counter)`);
  await db.cluster!.awaitConvergence();
}, 90_000);

afterAll(async () => {
  await db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('counters in a 3-node cluster', () => {
  it('counts every one of many concurrent increments at ONE coordinated by one node, replica (RF 3) or not (RF 2), over a jittery network', async () => {
    const notReplicated = keyWhose('rf2', 'c', (replicas) => !replicas.includes(0), 1);
    await withJitteryNetwork(async () => {
      for (const [table, k] of [['rf3.c', 1], ['rf2.c', notReplicated]] as const) {
        let acknowledged = 0;
        await concurrently(200, 24, async () => {
          await db.execute(`UPDATE ${table} SET n = n + 1 WHERE k = ?`, [k], { prepare: true, consistency: 'ONE' });
          acknowledged++;
        });
        expect(acknowledged).toBe(200);
        expect(await counterAt(db, table, k, 'ALL')).toBe(200n);
      }
    });
  }, 90_000);

  it('counts increments at ONE from all three coordinators interleaved, on RF 3 and RF 2 keyspaces, over a jittery network', async () => {
    const sessions = HOSTS.map((_, i) => db.onNode(i));
    await withJitteryNetwork(() => interleaved(sessions, [10, 11, 12]));
  }, 90_000);

  /**
   * Messages take 0-30 ms and overtake each other, so a replica's ack can come before the
   * coordinator's own write is applied, and a read at ONE can reach a replica before a write.
   */
  async function withJitteryNetwork(work: () => Promise<void>): Promise<void> {
    db.cluster!.transport.faults.delay = { minMs: 0, maxMs: 30 };
    try {
      await work();
    } finally {
      db.cluster!.transport.faults.delay = { minMs: 0, maxMs: 0 };
    }
  }

  async function interleaved(sessions: readonly Database[], keys: readonly number[]): Promise<void> {
    for (const keyspace of ['rf3', 'rf2']) {
      const expected = new Map<number, bigint>(keys.map((k) => [k, 0n]));
      await concurrently(360, 36, async (i) => {
        const k = keys[i % keys.length]!;
        const delta = (i % 5) + 1;
        await sessions[(i >> 1) % 3]!.execute(`UPDATE ${keyspace}.c SET n = n + ? WHERE k = ?`, [delta, k], { prepare: true, consistency: 'ONE' });
        expected.set(k, expected.get(k)! + BigInt(delta));
      });
      for (const k of keys) {
        expect(await counterAt(db, `${keyspace}.c`, k, 'ALL')).toBe(expected.get(k));
        // Every coordinator reads the same total once the replicas agree.
        for (const session of sessions) expect(await counterAt(session, `${keyspace}.c`, k, 'ALL')).toBe(expected.get(k));
      }
    }
  }

  it('never stores a shard of a coordinator that is not a replica (RF 1 and RF 2)', async () => {
    const cluster = db.cluster!;
    for (const keyspace of ['rf1', 'rf2']) {
      const k = keyWhose(keyspace, 'c', (replicas) => !replicas.includes(0), 100);
      const replicas = replicaIndexes(keyspace, 'c', k);
      const replicaHostIds = replicas.map((i) => cluster.node(i).catalog.hostId);
      await concurrently(60, 8, () => db.execute(`UPDATE ${keyspace}.c SET n = n + 2 WHERE k = ?`, [k], { prepare: true, consistency: 'ONE' }));
      expect(await counterAt(db, `${keyspace}.c`, k, 'ALL')).toBe(120n);
      for (const i of replicas) {
        const owners = await storedShardOwners(cluster.node(i), keyspace, 'c', k);
        expect(owners.length).toBeGreaterThan(0);
        expect(owners).not.toContain(cluster.node(0).catalog.hostId);
        for (const owner of owners) expect(replicaHostIds).toContain(owner);
      }
      // Node 0 holds none of the partition at all.
      expect(await storedShardOwners(cluster.node(0), keyspace, 'c', k)).toEqual([]);
    }
  }, 60_000);

  it('decrements, alone and mixed with increments in one statement', async () => {
    const sessions = HOSTS.map((_, i) => db.onNode(i));
    await concurrently(90, 12, (i) =>
      sessions[i % 3]!.execute('UPDATE rf2.c SET n = n - 3 WHERE k = 200', [], { prepare: true, consistency: 'ONE' }),
    );
    await sessions[1]!.execute('UPDATE rf2.c SET n = n + 10, n = n - 4 WHERE k = 200', [], { consistency: 'QUORUM' });
    expect(await counterAt(db, 'rf2.c', 200, 'ALL')).toBe(-270n + 6n);
  }, 60_000);

  it('applies COUNTER batches over several partitions with two increments of one cell', async () => {
    const sessions = HOSTS.map((_, i) => db.onNode(i));
    const batch =
      'BEGIN COUNTER BATCH UPDATE rf2.c SET n = n + 1 WHERE k = 300; UPDATE rf2.c SET n = n + 2 WHERE k = 300; ' +
      'UPDATE rf2.c SET n = n + ? WHERE k = 301; UPDATE rf3.c SET n = n - 1 WHERE k = 302; APPLY BATCH';
    await concurrently(45, 9, (i) => sessions[i % 3]!.execute(batch, [5], { prepare: true, consistency: 'ONE' }));
    await db.batch(
      [
        { query: 'UPDATE rf2.c SET n = n + ? WHERE k = ?', params: [100, 300] },
        { query: 'UPDATE rf2.c SET n = n + ? WHERE k = ?', params: [100, 301] },
      ],
      { counter: true, prepare: true, consistency: 'ONE' },
    );
    expect(await counterAt(db, 'rf2.c', 300, 'ALL')).toBe(45n * 3n + 100n);
    expect(await counterAt(db, 'rf2.c', 301, 'ALL')).toBe(45n * 5n + 100n);
    expect(await counterAt(db, 'rf3.c', 302, 'ALL')).toBe(-45n);
  }, 60_000);

  it('deletes a counter column and a counter partition through the leader, from any coordinator', async () => {
    await db.onNode(1).execute('UPDATE rf2.c SET n = n + 5 WHERE k = 310', [], { consistency: 'ONE' });
    await db.onNode(2).execute('UPDATE rf3.c SET n = n + 5 WHERE k = 311', [], { consistency: 'ONE' });
    await db.onNode(0).execute('DELETE n FROM rf2.c WHERE k = 310', [], { consistency: 'QUORUM' });
    await db.onNode(1).execute('DELETE FROM rf3.c WHERE k = 311', [], { consistency: 'ONE' });
    expect(await counterAt(db, 'rf2.c', 310, 'ALL')).toBeNull();
    expect(await counterAt(db, 'rf3.c', 311, 'ALL')).toBeNull();
  });

  it('refuses ANY and SERIAL for counter writes', async () => {
    const any = await errorOf(db.execute('UPDATE rf3.c SET n = n + 1 WHERE k = 400', [], { consistency: 'ANY' }));
    expect(any.code).toBe(CqlErrorCode.invalid);
    expect(any.message).toContain('ANY is not yet supported for counter table');
    const serial = await errorOf(db.execute('UPDATE rf3.c SET n = n + 1 WHERE k = 400', [], { consistency: 'SERIAL' }));
    expect(serial.code).toBe(CqlErrorCode.invalid);
    const deleteAtAny = await errorOf(db.execute('DELETE FROM rf3.c WHERE k = 400', [], { consistency: 'ANY' }));
    expect(deleteAtAny.message).toContain('ANY is not yet supported for counter table c');
    const batchAtAny = await errorOf(db.execute('BEGIN COUNTER BATCH UPDATE rf3.c SET n = n + 1 WHERE k = 400; APPLY BATCH', [], { consistency: 'ANY' }));
    expect(batchAtAny.message).toContain('ANY is not yet supported for counter table c');
    expect(await counterAt(db, 'rf3.c', 400, 'ALL')).toBeNull();
  });

  it("answers a leader's WriteTimeout (COUNTER) with the acks it counted when a replica is cut off from it", async () => {
    const cluster = db.cluster!;
    // Replicas are nodes 1 and 2, each leading in turn; node 0 coordinates and reaches both.
    const k = keyWhose('rf2', 'c', (replicas) => replicas.includes(1) && replicas.includes(2), 400);
    cluster.partition(['127.0.0.2'], ['127.0.0.3']);
    try {
      const timeout = await errorOf(db.execute('UPDATE rf2.c SET n = n + 1 WHERE k = ?', [k], { prepare: true, consistency: 'ALL' }));
      expect(timeout).toMatchObject({ code: CqlErrorCode.writeTimeout, consistency: 'ALL', received: 1, blockFor: 2, writeType: 'COUNTER' });
    } finally {
      cluster.heal();
    }
    // The leader applied its shard and hinted the replica it missed: the increment is not lost.
    await eventually(async () => (await counterAt(db, 'rf2.c', k, 'ALL')) === 1n);
  }, 60_000);

  it('chooses another leader while a replica is down, answers Unavailable when the level cannot be met, and agrees after the restart', async () => {
    const cluster = db.cluster!;
    // Replicas are nodes 1 and 2; node 0 coordinates without being one.
    const k = keyWhose('rf2', 'c', (replicas) => replicas.includes(1) && replicas.includes(2), 500);
    await concurrently(20, 4, () => db.execute('UPDATE rf2.c SET n = n + 1 WHERE k = ?', [k], { prepare: true, consistency: 'ONE' }));
    await cluster.stopNode(1, { graceful: false });
    await eventually(() => !cluster.node(0).livePeers().includes('127.0.0.2:7000'));
    await concurrently(40, 8, () => db.execute('UPDATE rf2.c SET n = n + 1 WHERE k = ?', [k], { prepare: true, consistency: 'ONE' }));
    expect(await counterAt(db, 'rf2.c', k, 'ONE')).toBe(60n);
    const unavailable = await errorOf(db.execute('UPDATE rf2.c SET n = n + 1 WHERE k = ?', [k], { prepare: true, consistency: 'ALL' }));
    expect(unavailable.code).toBe(CqlErrorCode.unavailable);
    expect(unavailable['required']).toBe(2);
    expect(unavailable['alive']).toBe(1);
    // The write was refused before it reached any replica.
    expect(await counterAt(db, 'rf2.c', k, 'ONE')).toBe(60n);
    expect(await storedShardOwners(cluster.node(2), 'rf2', 'c', k)).not.toContain(cluster.node(0).catalog.hostId);

    await cluster.restartNode(1);
    await cluster.awaitConvergence();
    await concurrently(30, 6, (i) => db.onNode(i % 3).execute('UPDATE rf2.c SET n = n + 1 WHERE k = ?', [k], { prepare: true, consistency: 'ONE' }));
    expect(await counterAt(db, 'rf2.c', k, 'ALL')).toBe(90n);
  }, 90_000);
});
