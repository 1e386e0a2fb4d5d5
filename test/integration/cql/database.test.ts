import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Database } from '../../../src/api/database.js';
import { driverTypes } from '../../../src/cql/types/driver-values.js';
import { CqlErrorCode } from '../../../src/lib/errors.js';

let dir: string;
let db: Database;

async function open(): Promise<Database> {
  return Database.open({ dataDir: dir, threads: 2, storage: { vnodeCount: 4 } });
}

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-db-'));
  db = await open();
  await db.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
  await db.execute('USE ks');
});

afterEach(async () => {
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function codeOf(work: Promise<unknown>): Promise<number> {
  try {
    await work;
  } catch (error) {
    return (error as { code: number }).code;
  }
  throw new Error('expected an error');
}

describe('Database: DDL and the catalog', () => {
  it('creates tables that survive a restart, with a schema version that changes with the schema', async () => {
    const before = db.schemaVersion;
    await db.execute('CREATE TABLE t (k int, c text, v bigint, PRIMARY KEY (k, c)) WITH CLUSTERING ORDER BY (c DESC)');
    expect(db.schemaVersion).not.toBe(before);
    await db.execute("INSERT INTO t (k, c, v) VALUES (1, 'a', 10)");
    await db.close();
    db = await open();
    const rs = await db.execute('SELECT * FROM ks.t WHERE k = 1');
    expect(rs.rows.map((r) => [r['k'], r['c'], String(r['v'])])).toEqual([[1, 'a', '10']]);
    const tables = await db.execute("SELECT table_name FROM system_schema.tables WHERE keyspace_name = 'ks'");
    expect(tables.rows.map((r) => r['table_name'])).toEqual(['t']);
  });

  it('answers each error with its Cassandra code', async () => {
    expect(await codeOf(db.execute('SELEC * FROM t'))).toBe(CqlErrorCode.syntaxError);
    expect(await codeOf(db.execute('SELECT * FROM nope'))).toBe(CqlErrorCode.invalid);
    expect(await codeOf(db.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}"))).toBe(CqlErrorCode.alreadyExists);
    expect(await codeOf(db.execute('DROP TABLE system_schema.tables'))).toBe(CqlErrorCode.unauthorized);
    await db.execute("CREATE KEYSPACE IF NOT EXISTS ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
  });
});

describe('Database: writes and reads', () => {
  beforeEach(async () => {
    await db.execute('CREATE TABLE events (day text, at int, kind text, tags set<text>, PRIMARY KEY (day, at))');
  });

  it('reads clustering slices in order, both directions, with LIMIT and paging', async () => {
    for (let at = 0; at < 25; at++) await db.execute('INSERT INTO events (day, at, kind) VALUES (?, ?, ?)', ['d1', at, `k${at}`], { prepare: true });
    const slice = await db.execute("SELECT at FROM events WHERE day = 'd1' AND at >= 5 AND at < 9");
    expect(slice.rows.map((r) => r['at'])).toEqual([5, 6, 7, 8]);
    const reversed = await db.execute("SELECT at FROM events WHERE day = 'd1' ORDER BY at DESC LIMIT 3");
    expect(reversed.rows.map((r) => r['at'])).toEqual([24, 23, 22]);
    const seen: unknown[] = [];
    for await (const row of db.stream("SELECT at FROM events WHERE day = 'd1'", [], { fetchSize: 7 })) seen.push(row['at']);
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => i));
  });

  it('updates and deletes rows, cells and collection elements', async () => {
    await db.execute("INSERT INTO events (day, at, kind, tags) VALUES ('d', 1, 'x', {'a', 'b'})");
    await db.execute("UPDATE events SET tags = tags + {'c'} WHERE day = 'd' AND at = 1");
    await db.execute("UPDATE events SET tags = tags - {'a'} WHERE day = 'd' AND at = 1");
    expect((await db.execute("SELECT tags FROM events WHERE day = 'd' AND at = 1")).first()!['tags']).toEqual(['b', 'c']);
    await db.execute("UPDATE events SET tags = {'z'} WHERE day = 'd' AND at = 1");
    expect((await db.execute("SELECT tags FROM events WHERE day = 'd' AND at = 1")).first()!['tags']).toEqual(['z']);
    await db.execute("DELETE kind FROM events WHERE day = 'd' AND at = 1");
    expect((await db.execute("SELECT kind FROM events WHERE day = 'd' AND at = 1")).first()!['kind']).toBeNull();
    await db.execute("DELETE FROM events WHERE day = 'd' AND at = 1");
    expect((await db.execute("SELECT * FROM events WHERE day = 'd'")).rowLength).toBe(0);
  });

  it('refuses a bound value of the wrong type, and stores nothing', async () => {
    expect(await codeOf(db.execute('INSERT INTO events (day, at) VALUES (?, ?)', ['d', 'not a number']))).toBe(CqlErrorCode.invalid);
    expect((await db.execute("SELECT * FROM events WHERE day = 'd'")).rowLength).toBe(0);
  });

  it('refuses filtering without ALLOW FILTERING, and filters with it', async () => {
    await db.execute("INSERT INTO events (day, at, kind) VALUES ('d', 1, 'x')");
    await db.execute("INSERT INTO events (day, at, kind) VALUES ('e', 2, 'y')");
    expect(await codeOf(db.execute("SELECT * FROM events WHERE kind = 'x'"))).toBe(CqlErrorCode.invalid);
    const rows = await db.execute("SELECT day FROM events WHERE kind = 'x' ALLOW FILTERING");
    expect(rows.rows.map((r) => r['day'])).toEqual(['d']);
  });

  it('counts, writes TTLs and timestamps, and counters add up', async () => {
    await db.execute("INSERT INTO events (day, at, kind) VALUES ('d', 1, 'x') USING TTL 100 AND TIMESTAMP 1234");
    const row = (await db.execute("SELECT writetime(kind), ttl(kind) FROM events WHERE day = 'd' AND at = 1")).first()!;
    expect(String(row['writetime(kind)'])).toBe('1234');
    expect(row['ttl(kind)']).toBeGreaterThan(90);
    expect(String((await db.execute('SELECT count(*) FROM events')).first()!['count'])).toBe('1');
    await db.execute('CREATE TABLE hits (page text PRIMARY KEY, n counter)');
    for (let i = 0; i < 5; i++) await db.execute("UPDATE hits SET n = n + 2 WHERE page = 'p'");
    await db.execute("UPDATE hits SET n = n - 1 WHERE page = 'p'");
    expect(String((await db.execute("SELECT n FROM hits WHERE page = 'p'")).first()!['n'])).toBe('9');
    expect(driverTypes.Long.fromString('9').toString()).toBe('9');
  });
});
