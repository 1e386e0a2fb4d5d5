/**
 * The batchlog, seen from CQL: a logged batch over several partitions (on both storage
 * threads) applies whole and leaves system.batches empty; batches that need no batchlog write
 * nothing to it; a row left in system.batches, as a crash after the store would leave it, is
 * applied whole at the next open and removed. Whether anything reached system.batches is read
 * from the engine's memtable sizes of that table: the removal shadows a row, it does not erase
 * the bytes written.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Database } from '../../../src/api/database.js';
import { murmur3Token } from '../../../src/cluster/ring/murmur3.js';
import { asWriteMutation, BATCHLOG_VERSION, encodeBatchlogMutation } from '../../../src/cql/batchlog/batchlog-codec.js';
import { BATCHLOG_TABLE_ID, batchlogEntryMutation } from '../../../src/cql/batchlog/batchlog-rows.js';
import { BatchlogWriter } from '../../../src/cql/batchlog/batchlog-writer.js';
import { Catalog } from '../../../src/cql/catalog/catalog.js';
import { TimeUuidGenerator } from '../../../src/cql/functions/time-uuid-generator.js';
import type { DropTableStatement } from '../../../src/cql/ast/drop-table-statement.js';
import { parseStatement } from '../../../src/cql/parser/parser.js';
import { encodeBulkRow, type TableWrite } from '../../../src/cql/rows/bulk-rows.js';
import { insertRow } from '../../../src/cql/rows/insert-row.js';
import { tableLayout } from '../../../src/cql/rows/table-layout.js';
import { CqlErrorCode } from '../../../src/lib/errors.js';
import { SeededRandom } from '../../../src/lib/random.js';
import { SystemClock } from '../../../src/lib/clock.js';
import { StorageEngine } from '../../../src/storage/storage-engine.js';
import { VNodeRanges } from '../../../src/storage/vnode/vnode-ranges.js';

const THREADS = 2;
const VNODES = 4;

let dir: string;
let db: Database;

const open = (): Promise<Database> => Database.open({ dataDir: dir, threads: THREADS, storage: { vnodeCount: VNODES, preTouchMemory: false } });

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-batchlog-'));
  db = await open();
  await db.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
  await db.execute('USE ks');
  await db.execute('CREATE TABLE t (k int PRIMARY KEY, v text, tags list<int>)');
});

afterEach(async () => {
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The storage thread of an int partition key (vnode i lives on thread i % threads). */
function threadOf(k: number): number {
  const key = Buffer.alloc(4);
  key.writeInt32BE(k);
  return new VNodeRanges(VNODES).lookupVNode(murmur3Token(key)) % THREADS;
}

/** Two int keys on different storage threads: their writes go to different commit logs. */
function keysOnBothThreads(): [number, number] {
  const second = [2, 3, 4, 5, 6, 7, 8, 9].find((k) => threadOf(k) !== threadOf(1))!;
  return [1, second];
}

/** Memtable bytes of system.batches over every vnode: 0 until something is written to it. */
async function batchlogBytes(): Promise<number> {
  const status = await db.engineForBenchmarks.status();
  return status.flatMap((v) => v.tables).filter((t) => t.tableId === BATCHLOG_TABLE_ID).reduce((sum, t) => sum + t.memtableBytes, 0);
}

async function rowsOfT(): Promise<Array<[number, string | null, number[] | null]>> {
  const rs = await db.execute('SELECT k, v, tags FROM ks.t');
  return rs.rows.map((r) => [r.get('k') as number, r.get('v') as string | null, r.get('tags') as number[] | null] as [number, string | null, number[] | null]).sort((a, b) => a[0] - b[0]);
}

describe('logged batches through the batchlog', () => {
  it('applies a batch over partitions on both threads whole, and leaves system.batches empty', async () => {
    const [a, b] = keysOnBothThreads();
    expect(threadOf(a)).not.toBe(threadOf(b));
    await db.batch([
      { query: 'INSERT INTO t (k, v) VALUES (?, ?)', params: [a, 'x'] }, // a plain row (row batch writer)
      { query: 'UPDATE t SET tags = tags + [7], v = ? WHERE k = ?', params: ['y', b] }, // a mutation
    ]);
    expect(await rowsOfT()).toEqual([[a, 'x', null], [b, 'y', [7]]]);
    expect((await db.execute('SELECT * FROM system.batches')).rows).toHaveLength(0);
    expect(await batchlogBytes()).toBeGreaterThan(0);
  });

  it('writes nothing to system.batches for one partition, UNLOGGED or COUNTER', async () => {
    const [a, b] = keysOnBothThreads();
    await db.execute('CREATE TABLE c (k int PRIMARY KEY, n counter)');
    await db.batch([
      { query: 'INSERT INTO t (k, v) VALUES (?, ?)', params: [a, 'x'] },
      { query: 'UPDATE t SET tags = tags + [1] WHERE k = ?', params: [a] },
    ]);
    await db.batch([
      { query: 'INSERT INTO t (k, v) VALUES (?, ?)', params: [a, 'u'] },
      { query: 'INSERT INTO t (k, v) VALUES (?, ?)', params: [b, 'u'] },
    ], { logged: false });
    await db.execute(`BEGIN COUNTER BATCH UPDATE c SET n = n + 1 WHERE k = ${a}; UPDATE c SET n = n + 2 WHERE k = ${b}; APPLY BATCH`);
    expect(await rowsOfT()).toEqual([[a, 'u', [1]], [b, 'u', null]]);
    expect(await batchlogBytes()).toBe(0);
    // The probe sees a batchlog write when there is one.
    await db.execute(`BEGIN BATCH INSERT INTO t (k, v) VALUES (${a}, 'l'); INSERT INTO t (k, v) VALUES (${b}, 'l'); APPLY BATCH`);
    expect(await batchlogBytes()).toBeGreaterThan(0);
  });

  it('refuses a batch the engine would refuse before storing it: nothing of it is applied', async () => {
    const [a] = keysOnBothThreads();
    await db.execute('CREATE TABLE big (k text PRIMARY KEY, v int)');
    const error = await db
      .batch([
        { query: 'INSERT INTO t (k, v) VALUES (?, ?)', params: [a, 'x'] },
        { query: 'INSERT INTO big (k, v) VALUES (?, 1)', params: ['k'.repeat(70_000)] },
      ])
      .then(() => null, (e: unknown) => e as { code: number; message: string });
    expect(error?.code).toBe(CqlErrorCode.invalid);
    expect(error?.message).toMatch(/Key length of 70000 is longer than maximum/);
    expect(await rowsOfT()).toEqual([]);
    expect(await batchlogBytes()).toBe(0);
  });
});

describe('batchlog replay at open', () => {
  /**
   * Opens the engine and catalog as the Database does, stores a batch's row with the batchlog
   * writer and stops there (or after applying `applyFirst` of its writes): what a crash after
   * the store leaves behind.
   */
  async function crashAfterStore(build: (catalog: Catalog) => TableWrite[], applyFirst: number, then?: (engine: StorageEngine, catalog: Catalog) => Promise<void>): Promise<void> {
    await db.close();
    const engine = await StorageEngine.open({ dataDirectory: dir, tables: Catalog.systemStorageTables(), threads: THREADS, vnodeCount: VNODES, preTouchMemory: false });
    try {
      const clock = new SystemClock();
      const catalog = await Catalog.open(engine, clock);
      const writes = build(catalog);
      const apply = (w: readonly TableWrite[]): Promise<void> => engine.write(w.map(asWriteMutation));
      await new BatchlogWriter(apply, new TimeUuidGenerator(new SeededRandom(7)), clock).store(writes);
      await apply(writes.slice(0, applyFirst));
      await then?.(engine, catalog);
    } finally {
      await engine.close();
    }
    db = await open();
  }

  function writesFor(catalog: Catalog, keys: readonly number[], v: string, timestamp: bigint): TableWrite[] {
    const layout = tableLayout(catalog.schema.existingTable('ks', 't'));
    const attributes = { timestamp, ttl: 0, nowSeconds: Number(timestamp / 1_000_000n) };
    return keys.map((k, i) =>
      i % 2 === 0
        ? encodeBulkRow(layout, { k, v }, attributes) // a plain row
        : insertRow(layout, new Map<string, unknown>([['k', k], ['v', v], ['tags', [k]]]), attributes),
    );
  }

  it('applies a stored batch that was never applied, whole, then removes it', async () => {
    const [a, b] = keysOnBothThreads();
    const now = BigInt(Date.now()) * 1000n;
    await crashAfterStore((catalog) => writesFor(catalog, [a, b, 40], 'r', now), 0);
    expect(await rowsOfT()).toEqual([[a, 'r', null], [b, 'r', [b]], [40, 'r', null]]);
    expect((await db.execute('SELECT * FROM system.batches')).rows).toHaveLength(0);
  });

  it('completes a batch applied in part, without undoing writes newer than it', async () => {
    const [a, b] = keysOnBothThreads();
    const then = BigInt(Date.now()) * 1000n - 1_000_000n;
    await crashAfterStore((catalog) => writesFor(catalog, [a, b, 40], 'r', then), 1);
    await db.execute('INSERT INTO ks.t (k, v) VALUES (40, ?)', ['newer']);
    await db.close();
    db = await open(); // a second open finds nothing left to replay
    expect(await rowsOfT()).toEqual([[a, 'r', null], [b, 'r', [b]], [40, 'newer', null]]);
  });

  it('skips the mutations of a table dropped since, and applies the rest', async () => {
    const [a, b] = keysOnBothThreads();
    await db.execute('CREATE TABLE gone (k int PRIMARY KEY, v int)');
    const now = BigInt(Date.now()) * 1000n;
    await crashAfterStore(
      (catalog) => [
        ...writesFor(catalog, [a, b], 'd', now),
        insertRow(tableLayout(catalog.schema.existingTable('ks', 'gone')), new Map<string, unknown>([['k', a], ['v', 1]]), { timestamp: now, ttl: 0, nowSeconds: 0 }),
      ],
      0,
      async (_engine, catalog) => {
        await catalog.dropTable(parseStatement('DROP TABLE ks.gone') as DropTableStatement, null);
      },
    );
    expect(await rowsOfT()).toEqual([[a, 'd', null], [b, 'd', [b]]]);
    expect((await db.execute('SELECT * FROM system.batches')).rows).toHaveLength(0);
  });
});

describe('batchlog limits and damage', () => {
  it('refuses a batch too large for one batchlog row, with nothing applied', async () => {
    const [a, b] = keysOnBothThreads();
    await db.execute('CREATE TABLE blobs (k int PRIMARY KEY, v blob)');
    const value = Buffer.alloc(6 * 1024 * 1024, 1); // each write fits alone; three do not fit one row
    const error = await db
      .batch([a, b, 40].map((k) => ({ query: 'INSERT INTO blobs (k, v) VALUES (?, ?)', params: [k, value] })))
      .then(() => null, (e: unknown) => e as { code: number; message: string });
    expect(error?.code).toBe(CqlErrorCode.invalid);
    expect(error?.message).toMatch(/too large for the maximum size/);
    expect((await db.execute('SELECT k FROM blobs')).rows).toHaveLength(0);
    await db.batch([a, b, 40].map((k) => ({ query: 'INSERT INTO blobs (k, v) VALUES (?, ?)', params: [k, value] })), { logged: false });
    expect((await db.execute('SELECT k FROM blobs')).rows).toHaveLength(3);
  });

  it('skips and removes a row it cannot read, reports it, and still opens and replays the rest', async () => {
    const [a, b] = keysOnBothThreads();
    await db.close();
    const engine = await StorageEngine.open({ dataDirectory: dir, tables: Catalog.systemStorageTables(), threads: THREADS, vnodeCount: VNODES, preTouchMemory: false });
    try {
      const catalog = await Catalog.open(engine, new SystemClock());
      const layout = tableLayout(catalog.schema.existingTable('ks', 't'));
      const good = [a, b].map((k) => encodeBatchlogMutation(insertRow(layout, new Map<string, unknown>([['k', k], ['v', 'ok']]), { timestamp: 1n, ttl: 0, nowSeconds: 0 })));
      const ids = new TimeUuidGenerator(new SeededRandom(3));
      await engine.write([
        batchlogEntryMutation({ id: ids.next(Date.now()), mutations: good, version: BATCHLOG_VERSION }),
        batchlogEntryMutation({ id: ids.next(Date.now()), mutations: good, version: BATCHLOG_VERSION + 1 }),
        batchlogEntryMutation({ id: ids.next(Date.now()), mutations: [good[0]!.subarray(0, 9)], version: BATCHLOG_VERSION }),
      ]);
    } finally {
      await engine.close();
    }
    const warnings: string[] = [];
    const onWarning = (warning: Error): void => void warnings.push(warning.message);
    process.on('warning', onWarning);
    try {
      db = await open();
      await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
    } finally {
      process.off('warning', onWarning);
    }
    expect(await rowsOfT()).toEqual([[a, 'ok', null], [b, 'ok', null]]);
    expect((await db.execute('SELECT * FROM system.batches')).rows).toHaveLength(0);
    expect(warnings.filter((w) => w.includes('batchlog replay: skipped'))).toHaveLength(2);
  });
});

describe('data directories from before system.batches', () => {
  it('open, gain the table, and run logged batches', async () => {
    const old = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-batchlog-old-'));
    try {
      const before = Catalog.systemStorageTables().filter((t) => t.tableId !== BATCHLOG_TABLE_ID);
      const engine = await StorageEngine.open({ dataDirectory: old, tables: before, threads: THREADS, vnodeCount: VNODES, preTouchMemory: false });
      expect(engine.tables().some((t) => t.tableId === BATCHLOG_TABLE_ID)).toBe(false);
      await engine.close();
      const reopened = await Database.open({ dataDir: old, threads: THREADS, storage: { vnodeCount: VNODES, preTouchMemory: false } });
      try {
        await reopened.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        await reopened.execute('CREATE TABLE ks.t (k int PRIMARY KEY, v text)');
        await reopened.execute("BEGIN BATCH INSERT INTO ks.t (k, v) VALUES (1, 'a'); INSERT INTO ks.t (k, v) VALUES (2, 'b'); APPLY BATCH");
        expect((await reopened.execute('SELECT * FROM ks.t')).rows).toHaveLength(2);
        expect((await reopened.execute('SELECT * FROM system.batches')).rows).toHaveLength(0);
      } finally {
        await reopened.close();
      }
    } finally {
      fs.rmSync(old, { recursive: true, force: true });
    }
  });
});
