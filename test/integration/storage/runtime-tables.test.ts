/**
 * Tables created, altered, truncated and dropped at runtime on a real engine (worker threads,
 * real files, the node's flusher): what a caller sees right after each change, after a clean
 * close and reopen, and after a worker thread crashes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CorruptionError, InvalidRequestError } from '../../../src/lib/errors.js';
import { EMPTY_CLUSTERING } from '../../../src/storage/model/row.js';
import { StorageEngine } from '../../../src/storage/storage-engine.js';
import { defaultTableOptions, type TableOptions } from '../../../src/storage/table-options.js';
import { decode, mutation, row, text } from '../../helpers/rows.js';

const BASE = 1;
const USERS = 10;
const EVENTS = 11;
let dir: string;
let engine: StorageEngine | null = null;

const open = async (tables: readonly TableOptions[] = [defaultTableOptions(BASE, 'ks.base')]): Promise<StorageEngine> =>
  (engine = await StorageEngine.open({ dataDirectory: dir, tables, threads: 2, vnodeCount: 4, commitLogSync: 'group', commitLogSyncPeriodMs: 5 }));

const rows = (tableId: number, prefix: string, count: number, value = 'v') =>
  Array.from({ length: count }, (_, i) => mutation(tableId, `${prefix}-${i}`, [row(EMPTY_CLUSTERING, { 0: `${value}-${i}` }, 1n)]));

async function present(db: StorageEngine, tableId: number, prefix: string, count: number): Promise<number> {
  const reads = await Promise.all(Array.from({ length: count }, (_, i) => db.read(tableId, text(`${prefix}-${i}`))));
  return reads.filter((p) => p !== null).length;
}

async function scanCount(db: StorageEngine, tableId: number): Promise<number> {
  let n = 0;
  for await (const _ of db.scan(tableId)) n++;
  return n;
}

const tableFolders = (tableId: number): string[] =>
  fs.existsSync(path.join(dir, 'data')) ? fs.readdirSync(path.join(dir, 'data')).map((v) => path.join(dir, 'data', v, `table-${tableId}`)).filter((f) => fs.existsSync(f)) : [];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-tables-'));
});
afterEach(async () => {
  await engine?.close();
  engine = null;
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('createTable', () => {
  it('serves a new table at once and after a reopen that does not name it; refuses an id twice', async () => {
    let db = await open();
    await expect(db.write(rows(USERS, 'u', 1))).rejects.toThrow(InvalidRequestError);
    await expect(db.read(USERS, text('u-0'))).rejects.toThrow(InvalidRequestError);
    await db.createTable(defaultTableOptions(USERS, 'ks.users'));
    expect(db.tables().map((t) => t.tableId)).toEqual([BASE, USERS]);
    await db.write(rows(USERS, 'u', 500));
    expect(await present(db, USERS, 'u', 500)).toBe(500);
    await expect(db.createTable(defaultTableOptions(USERS, 'ks.again'))).rejects.toThrow(/table id 10 is already registered \(ks.users\)/);
    await expect(db.createTable(defaultTableOptions(BASE, 'ks.again'))).rejects.toThrow(InvalidRequestError);
    await expect(db.createTable({ ...defaultTableOptions(12, 'bad'), compaction: { class: 'Nope' } })).rejects.toThrow(/unknown compaction class/);
    expect(db.tables().map((t) => t.tableId)).toEqual([BASE, USERS]);
    await db.close();
    db = await open([]);
    expect(db.tables().map((t) => t.name)).toEqual(['ks.base', 'ks.users']);
    expect(await present(db, USERS, 'u', 500)).toBe(500);
  });

  it('opens with no tables at all, and a damaged tables.json stops the open naming the file', async () => {
    let db = await open([]);
    expect(db.tables()).toEqual([]);
    await db.createTable(defaultTableOptions(USERS, 'ks.users'));
    await db.close();
    const file = path.join(dir, 'tables.json');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('ks.users', 'ks.usurp'));
    await expect(open([])).rejects.toThrow(CorruptionError);
    await expect(open([])).rejects.toThrow(file);
    engine = null;
  });
});

describe('alterTable', () => {
  it('replaces the compaction strategy and flush period on every vnode, live and across a reopen', async () => {
    let db = await open();
    await db.createTable({ ...defaultTableOptions(EVENTS, 'ks.events'), compaction: { class: 'SizeTieredCompactionStrategy', enabled: 'false' } });
    for (let round = 0; round < 4; round++) {
      await db.write(rows(EVENTS, `r${round}`, 200));
      await db.flush();
    }
    const sstables = async (): Promise<number> => (await db.status()).reduce((n, v) => n + v.tables.find((t) => t.tableId === EVENTS)!.sstables, 0);
    expect(await sstables()).toBe(16);
    await db.alterTable({ ...defaultTableOptions(EVENTS, 'ks.events'), compaction: { class: 'SizeTieredCompactionStrategy', min_threshold: '2' }, memtableFlushPeriodMs: 1000 });
    await expect.poll(sstables, { timeout: 20_000 }).toBe(4);
    // The flush period: a memtable with writes goes to disk within a tick or two, unasked.
    await db.write(rows(EVENTS, 'late', 50));
    const memtableRows = async (): Promise<number> => (await db.status()).reduce((n, v) => n + v.tables.find((t) => t.tableId === EVENTS)!.memtableRows, 0);
    await expect.poll(memtableRows, { timeout: 10_000 }).toBe(0);
    expect(await present(db, EVENTS, 'r3', 200)).toBe(200);
    await expect(db.alterTable(defaultTableOptions(99, 'x'))).rejects.toThrow(/unknown table id 99/);
    await db.close();
    db = await open([]);
    expect(db.tables().find((t) => t.tableId === EVENTS)).toMatchObject({ memtableFlushPeriodMs: 1000, compaction: { min_threshold: '2' } });
  });
});

describe('truncateTable', () => {
  it('empties the table (memtables and SSTables) and it stays empty across a reopen, keeping later writes', async () => {
    let db = await open();
    await db.createTable(defaultTableOptions(USERS, 'ks.users'));
    await db.write(rows(USERS, 'old', 300));
    await db.flush();
    await db.write(rows(USERS, 'unflushed', 300));
    await db.write(rows(BASE, 'base', 100));
    await db.truncateTable(USERS);
    expect(await present(db, USERS, 'old', 300)).toBe(0);
    expect(await present(db, USERS, 'unflushed', 300)).toBe(0);
    expect(await scanCount(db, USERS)).toBe(0);
    expect(tableFolders(USERS).flatMap((f) => fs.readdirSync(f))).toEqual([]);
    await db.write(rows(USERS, 'new', 100));
    expect(await present(db, USERS, 'new', 100)).toBe(100);
    await db.close();
    db = await open([]);
    expect(await present(db, USERS, 'old', 300)).toBe(0);
    expect(await present(db, USERS, 'unflushed', 300)).toBe(0);
    expect(await present(db, USERS, 'new', 100)).toBe(100);
    expect(await present(db, BASE, 'base', 100)).toBe(100);
    await expect(db.truncateTable(99)).rejects.toThrow(/unknown table id 99/);
  });
});

describe('dropTable', () => {
  it('unregisters the table, deletes its files, and a table created later with its id starts empty', async () => {
    let db = await open();
    await db.createTable(defaultTableOptions(USERS, 'ks.users'));
    await db.write(rows(USERS, 'u', 300));
    await db.flush();
    await db.write(rows(USERS, 'w', 300));
    expect(tableFolders(USERS).length).toBe(4);
    await db.dropTable(USERS);
    expect(db.tables().map((t) => t.tableId)).toEqual([BASE]);
    await expect(db.write(rows(USERS, 'u', 1))).rejects.toThrow(InvalidRequestError);
    await expect(db.read(USERS, text('u-0'))).rejects.toThrow(InvalidRequestError);
    await expect(scanCount(db, USERS)).rejects.toThrow(InvalidRequestError);
    expect(tableFolders(USERS)).toEqual([]);
    await expect(db.dropTable(USERS)).rejects.toThrow(/unknown table id 10/);
    // The commit log may still hold the dropped table's records: a new table of the same id
    // must not get them, now or at the next open.
    await db.createTable(defaultTableOptions(USERS, 'ks.users2'));
    expect(await present(db, USERS, 'w', 300)).toBe(0);
    await db.close();
    db = await open([]);
    expect(await present(db, USERS, 'w', 300)).toBe(0);
    expect(await present(db, USERS, 'u', 300)).toBe(0);
    expect(db.tables().map((t) => t.name)).toEqual(['ks.base', 'ks.users2']);
  });

  it('lets writes to other tables go on while a table is dropped under a stream of writes to it', async () => {
    const db = await open();
    await db.createTable(defaultTableOptions(USERS, 'ks.users'));
    let stop = false;
    const outcomes = { ok: 0, refused: 0, other: [] as unknown[] };
    const writer = (async () => {
      for (let i = 0; !stop; i++) {
        await db.write(rows(USERS, `s${i}`, 20)).then(
          () => outcomes.ok++,
          (error: unknown) => (error instanceof InvalidRequestError ? outcomes.refused++ : outcomes.other.push(error)),
        );
        // A refused write settles in a microtask: without a turn of the event loop between
        // tries, this loop would starve everything else.
        await new Promise((r) => setImmediate(r));
      }
    })();
    const base = (async () => {
      for (let i = 0; i < 30; i++) await db.write(rows(BASE, `b${i}`, 20));
    })();
    await new Promise((r) => setTimeout(r, 50));
    await db.dropTable(USERS);
    await base;
    stop = true;
    await writer;
    expect(outcomes.other).toEqual([]);
    expect(outcomes.ok).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
    expect(await present(db, BASE, 'b29', 20)).toBe(20);
  });
});

describe('a worker thread crash', () => {
  it('brings the thread back serving tables created after the open, with their acknowledged rows', async () => {
    const db = await open();
    await db.createTable(defaultTableOptions(USERS, 'ks.users'));
    await db.write(rows(USERS, 'before', 1000));
    await db.crashThreadForTesting(0);
    for (let i = 0; i < 100; i++) {
      await db.awaitRecovery();
      const probe = await Promise.allSettled([present(db, USERS, 'before', 1000)]);
      if (probe[0]!.status === 'fulfilled' && probe[0].value === 1000) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await present(db, USERS, 'before', 1000)).toBe(1000);
    await db.write(rows(USERS, 'after', 1000));
    expect(await present(db, USERS, 'after', 1000)).toBe(1000);
    // A table created after the crash reaches the respawned thread as well.
    await db.createTable(defaultTableOptions(EVENTS, 'ks.events'));
    await db.write(rows(EVENTS, 'e', 200));
    expect(await present(db, EVENTS, 'e', 200)).toBe(200);
    expect(decode((await db.read(USERS, text('after-999')))?.rows[0]?.cells[0]?.value)).toBe('v-999');
  });

  it('does not bring back truncated rows when a thread crashes after the truncate', async () => {
    const db = await open();
    await db.createTable(defaultTableOptions(USERS, 'ks.users'));
    await db.write(rows(USERS, 'gone', 1000));
    await db.truncateTable(USERS);
    await db.write(rows(USERS, 'kept', 200));
    await db.crashThreadForTesting(0);
    await db.crashThreadForTesting(1);
    for (let i = 0; i < 100; i++) {
      await db.awaitRecovery();
      const probe = await Promise.allSettled([present(db, USERS, 'kept', 200)]);
      if (probe[0]!.status === 'fulfilled' && probe[0].value === 200) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await present(db, USERS, 'kept', 200)).toBe(200);
    expect(await present(db, USERS, 'gone', 1000)).toBe(0);
    expect(db.replayReport().recordsBeforeReplayPoint).toBeGreaterThan(0);
  });
});
