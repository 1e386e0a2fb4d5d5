// The real cassandra-driver 4.10 reading and writing a 3-node Sibyl cluster (RF 3) over the
// native protocol: every CQL type round trips through prepared and simple statements,
// positional and named values, batches of every kind, counters, TTL and writetime with the
// client's timestamps, paging past 5000 rows (page states handed to other nodes, eachRow and
// stream with autoPage), and each consistency level.

import cassandra from 'cassandra-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, openDriverCluster, rejectionOf, type DriverCluster } from './driver-cluster.js';

const PORT = 19412;
const { Long, Integer, BigDecimal, Uuid, TimeUuid, LocalDate, LocalTime, Duration, InetAddress, Tuple, consistencies } = cassandra.types;

let cluster: DriverCluster;
let client: cassandra.Client;

beforeAll(async () => {
  cluster = await openDriverCluster(PORT);
  // The schema is made before the driver connects (driver-connect.test.ts runs DDL through it).
  const { db } = cluster;
  await db.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}");
  await db.execute('CREATE TYPE ks.address (street text, zip int)');
  await db.execute(`CREATE TABLE ks.everything (k int PRIMARY KEY, i int, bi bigint, vi varint, de decimal, f float, d double,
    t text, a ascii, b blob, bo boolean, u uuid, tu timeuuid, ts timestamp, da date, ti time, du duration, ip inet, ip6 inet,
    si smallint, tt tinyint, l list<int>, s set<text>, m map<text, bigint>, fl frozen<list<int>>, tup tuple<int, text>,
    ad frozen<address>, nested map<text, frozen<list<int>>>)`);
  await db.execute('CREATE TABLE ks.kv (k int PRIMARY KEY, v text)');
  await db.execute('CREATE TABLE ks.names (id text PRIMARY KEY, v text)');
  await db.execute('CREATE TABLE ks.counts (k int PRIMARY KEY, n counter)');
  await db.execute('CREATE TABLE ks.paged (p int, c int, v text, PRIMARY KEY (p, c))');
  await cluster.db.cluster!.awaitConvergence();
  client = await cluster.client({ keyspace: 'ks' });
}, 60_000);

afterAll(async () => cluster?.close());

/** One value of every type, as the driver represents them. */
const everything = {
  k: 1,
  i: -42,
  bi: Long.fromString('-9007199254740993'),
  vi: Integer.fromString('-123456789012345678901234567890'),
  de: BigDecimal.fromString('-123.4560'),
  f: 1.5,
  d: Math.PI,
  t: 'héllo ✓ 𝄞',
  a: 'plain ascii',
  b: Buffer.from([0, 1, 2, 254, 255]),
  bo: true,
  u: Uuid.random(),
  tu: TimeUuid.now(),
  ts: new Date(1_700_000_000_123),
  da: LocalDate.fromString('2024-02-29'),
  ti: LocalTime.fromString('13:14:15.123456789'),
  du: new Duration(14, 3, Long.fromString('3000000001')),
  ip: InetAddress.fromString('10.1.2.3'),
  ip6: InetAddress.fromString('2001:db8::ff00:42:8329'),
  si: -32768,
  tt: 127,
  l: [3, 1, 2, 3],
  s: ['b', 'a'],
  m: { x: Long.fromNumber(1), y: Long.fromString('-9223372036854775808') },
  fl: [7, 8],
  tup: new Tuple(1, 'one'),
  ad: { street: 'Main St', zip: 12345 },
  // Not an empty list: the driver encodes one as null, which no collection may hold.
  nested: { a: [1, 2], b: [3] },
};
const columns = Object.keys(everything);

/** Driver values as plain comparable data (their own equality is per class). */
function plain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value)) return `0x${value.toString('hex')}`;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Tuple) return value.values().map(plain);
  if (Array.isArray(value)) return value.map(plain);
  if (value instanceof Long || value instanceof Integer || value instanceof BigDecimal || value instanceof Uuid) return `${value.constructor.name}:${value.toString()}`;
  if (value instanceof LocalDate || value instanceof LocalTime || value instanceof Duration || value instanceof InetAddress) return `${value.constructor.name}:${value.toString()}`;
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, plain(v)]));
  return value;
}

const expected = plain({ ...everything, s: ['a', 'b'] }) as Record<string, unknown>;

function rowOf(row: cassandra.types.Row): Record<string, unknown> {
  return Object.fromEntries(columns.map((c) => [c, plain(row[c])]));
}

describe('every CQL type', () => {
  it('round trips through a prepared INSERT and prepared and simple SELECTs', async () => {
    const insert = `INSERT INTO everything (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
    await client.execute(insert, Object.values(everything), { prepare: true });
    const prepared = await client.execute('SELECT * FROM everything WHERE k = ?', [1], { prepare: true });
    expect(rowOf(prepared.first())).toEqual(expected);
    const simple = await client.execute('SELECT * FROM everything WHERE k = 1');
    expect(rowOf(simple.first())).toEqual(expected);
    const types = Object.fromEntries(simple.columns.map((c) => [c.name, c.type]));
    const { dataTypes } = cassandra.types;
    expect(types['vi']!.code).toBe(dataTypes.varint);
    expect(types['du']).toMatchObject({ code: dataTypes.custom, info: 'org.apache.cassandra.db.marshal.DurationType' });
    expect(types['ad']!.code).toBe(dataTypes.udt);
    expect((types['ad']!.info as { fields: { name: string }[] }).fields.map((f) => f.name)).toEqual(['street', 'zip']);
    expect(types['m']!.code).toBe(dataTypes.map);
  });

  it('round trips through a simple INSERT whose values are typed by hints, and nulls read back as null', async () => {
    const table = (await client.metadata.getTable('ks', 'everything'))!;
    const hints = columns.map((c) => table.columnsByName[c]!.type);
    const insert = `INSERT INTO everything (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
    await client.execute(insert, Object.values({ ...everything, k: 2 }), { hints: hints as unknown as string[] });
    expect(rowOf((await client.execute('SELECT * FROM everything WHERE k = 2')).first())).toEqual({ ...expected, k: 2 });
    await client.execute('INSERT INTO everything (k) VALUES (3)');
    const empty = rowOf((await client.execute('SELECT * FROM everything WHERE k = ?', [3], { prepare: true })).first());
    expect(Object.entries(empty).filter(([, v]) => v !== null)).toEqual([['k', 3]]);
  });

  it("leaves a column alone when its value is unset (the driver's undefined)", async () => {
    await client.execute('INSERT INTO kv (k, v) VALUES (?, ?)', [50, 'kept'], { prepare: true });
    await client.execute('INSERT INTO kv (k, v) VALUES (?, ?)', [50, undefined], { prepare: true });
    expect((await client.execute('SELECT v FROM kv WHERE k = 50')).first()['v']).toBe('kept');
  });
});

describe('values', () => {
  it('binds named values by marker name and by column name, in any order and case', async () => {
    await client.execute('INSERT INTO names (id, v) VALUES (:id, :v)', { v: 'one', id: 'a' });
    await client.execute('INSERT INTO names (id, v) VALUES (?, ?)', { v: 'two', ID: 'b' });
    await client.execute('UPDATE names SET v = :value WHERE id = :key', { key: 'c', value: 'three' }, { prepare: true });
    const rows = await client.execute('SELECT id, v FROM names WHERE id IN (:x, :y, :z)', { x: 'a', y: 'b', z: 'c' });
    expect(rows.rows.map((r) => `${r['id']}=${r['v']}`)).toEqual(['a=one', 'b=two', 'c=three']);
    const missing = await rejectionOf(client.execute('SELECT v FROM names WHERE id = :id', { other: 'a' }));
    expect(missing['code']).toBe(cassandra.types.responseErrorCodes.invalid);
  });

  it('refuses a value of the wrong size with the CQL type in the message, as Cassandra does', async () => {
    // Without a prepared type the driver sends a JS number as a double.
    const error = await rejectionOf(client.execute('INSERT INTO kv (k, v) VALUES (?, ?)', [1, 'a']));
    expect(error['code']).toBe(cassandra.types.responseErrorCodes.invalid);
    expect(error.message).toBe('Expected 4 or 0 byte int (8)');
  });
});

describe('batches', () => {
  it('runs logged, unlogged and counter batches of prepared and simple statements', async () => {
    await client.batch(
      [
        { query: 'INSERT INTO kv (k, v) VALUES (?, ?)', params: [10, 'ten'] },
        { query: 'UPDATE kv SET v = ? WHERE k = ?', params: ['eleven', 11] },
        { query: 'INSERT INTO names (id, v) VALUES (?, ?)', params: ['batched', 'yes'] },
      ],
      { prepare: true },
    );
    await client.batch(['INSERT INTO kv (k, v) VALUES (12, $$twelve$$)', "UPDATE kv SET v = 'thirteen' WHERE k = 13"], { logged: false });
    await client.batch([{ query: 'INSERT INTO names (id, v) VALUES (?, ?)', params: ['simple', 'values'] }], { logged: true });
    await client.batch(
      [
        { query: 'UPDATE counts SET n = n + ? WHERE k = ?', params: [Long.fromNumber(5), 1] },
        { query: 'UPDATE counts SET n = n + ? WHERE k = ?', params: [Long.fromNumber(-2), 1] },
        { query: 'UPDATE counts SET n = n + 1 WHERE k = 2' },
      ],
      { prepare: true, counter: true },
    );
    await client.batch(['DELETE FROM kv WHERE k = 13'], { prepare: true });
    const kv = await client.execute('SELECT k, v FROM kv WHERE k IN (10, 11, 12, 13)');
    expect(kv.rows.map((r) => `${r['k']}=${r['v']}`)).toEqual(['10=ten', '11=eleven', '12=twelve']);
    const names = await client.execute("SELECT id, v FROM names WHERE id IN ('batched', 'simple')");
    expect(names.rows.map((r) => `${r['id']}=${r['v']}`)).toEqual(['batched=yes', 'simple=values']);
    const counts = await client.execute('SELECT k, n FROM counts WHERE k IN (1, 2)');
    expect(counts.rows.map((r) => `${r['k']}=${r['n']}`)).toEqual(['1=3', '2=1']);
  });

  it('refuses a SELECT in a batch and a counter update in a plain batch', async () => {
    const select = await rejectionOf(client.batch(['SELECT * FROM kv'], {}));
    expect(select['code']).toBe(cassandra.types.responseErrorCodes.invalid);
    const mixed = await rejectionOf(client.batch(['UPDATE counts SET n = n + 1 WHERE k = 3'], { prepare: true }));
    expect(mixed['code']).toBe(cassandra.types.responseErrorCodes.invalid);
  });
});

describe('counters, TTL and timestamps', () => {
  it('adds counter deltas from prepared and simple statements', async () => {
    for (let i = 0; i < 5; i++) await client.execute('UPDATE counts SET n = n + ? WHERE k = ?', [Long.fromNumber(10), 9], { prepare: true });
    await client.execute('UPDATE counts SET n = n - 7 WHERE k = 9');
    const n = (await client.execute('SELECT n FROM counts WHERE k = 9')).first()['n'];
    expect(n).toBeInstanceOf(Long);
    expect(n.toString()).toBe('43');
  });

  it("writes with the client's timestamp (the driver's own, or one given) unless USING TIMESTAMP says otherwise", async () => {
    const before = BigInt(Date.now()) * 1000n;
    await client.execute('INSERT INTO kv (k, v) VALUES (?, ?)', [20, 'a'], { prepare: true });
    const after = BigInt(Date.now()) * 1000n;
    const written = BigInt((await client.execute('SELECT writetime(v) AS w FROM kv WHERE k = 20')).first()['w'].toString());
    expect(written >= before && written <= after + 1000n).toBe(true);
    await client.execute('INSERT INTO kv (k, v) VALUES (?, ?)', [21, 'b'], { prepare: true, timestamp: Long.fromString('1600000000000001') });
    await client.execute('INSERT INTO kv (k, v) VALUES (22, $$c$$)', [], { timestamp: Long.fromString('1600000000000002') });
    await client.execute('INSERT INTO kv (k, v) VALUES (23, $$d$$) USING TIMESTAMP 5', [], { timestamp: Long.fromString('1600000000000003') });
    const stamps = await client.execute('SELECT k, writetime(v) FROM kv WHERE k IN (21, 22, 23)');
    expect(stamps.rows.map((r) => `${r['k']}@${r['writetime(v)']}`)).toEqual(['21@1600000000000001', '22@1600000000000002', '23@5']);
    // An older client timestamp loses to the newer write already there, as in Cassandra.
    await client.execute('INSERT INTO kv (k, v) VALUES (?, ?)', [21, 'older'], { prepare: true, timestamp: Long.fromString('1600000000000000') });
    expect((await client.execute('SELECT v FROM kv WHERE k = 21')).first()['v']).toBe('b');
    // A batch takes the client's timestamp too.
    await client.batch(
      [
        { query: 'INSERT INTO kv (k, v) VALUES (?, ?)', params: [24, 'e'] },
        { query: 'INSERT INTO kv (k, v) VALUES (?, ?)', params: [25, 'f'] },
      ],
      { prepare: true, timestamp: Long.fromString('1600000000000004') },
    );
    const batched = await client.execute('SELECT k, writetime(v) FROM kv WHERE k IN (24, 25)');
    expect(batched.rows.map((r) => `${r['k']}@${r['writetime(v)']}`)).toEqual(['24@1600000000000004', '25@1600000000000004']);
  });

  it('expires values written with a TTL and reports the TTL left', async () => {
    await client.execute('INSERT INTO kv (k, v) VALUES (?, ?) USING TTL ?', [30, 'short', 2], { prepare: true });
    expect((await client.execute('SELECT v FROM kv WHERE k = 30')).first()['v']).toBe('short');
    await client.execute('INSERT INTO kv (k, v) VALUES (31, $$long$$) USING TTL 100');
    const ttl = (await client.execute('SELECT ttl(v) FROM kv WHERE k = 31')).first()['ttl(v)'];
    expect(ttl).toBeGreaterThan(95);
    expect(ttl).toBeLessThanOrEqual(100);
    await eventually(async () => (await client.execute('SELECT v FROM kv WHERE k = 30')).rowLength === 0, 5_000);
  });
});

describe('paging', () => {
  const ROWS = 5_200;

  beforeAll(async () => {
    const rows = Array.from({ length: ROWS }, (_, i) => ({ p: i % 13, c: i, v: `v${i}` }));
    await cluster.db.insertRows('ks', 'paged', rows, { consistency: 'ALL' });
  });

  it('pages at 5000 rows by default, and the page state fetches the rest', async () => {
    const first = await client.execute('SELECT c FROM paged', [], { prepare: true });
    expect(first.rowLength).toBe(5000);
    expect(first.pageState).toEqual(expect.any(String));
    const second = await client.execute('SELECT c FROM paged', [], { prepare: true, pageState: first.pageState });
    expect(second.rowLength).toBe(200);
    expect(second.pageState).toBeNull();
    const seen = new Set([...first.rows, ...second.rows].map((r) => r['c'] as number));
    expect(seen.size).toBe(ROWS);
  });

  it('continues a page state on another node: the state is node-independent', async () => {
    const hosts = [1, 2, 3].map((i) => client.hosts.get(`127.0.0.${i}:${PORT}`)!);
    const seen: number[] = [];
    const queried = new Set<string>();
    let pageState: string | undefined;
    let page = 0;
    do {
      const host = hosts[page++ % 3]!;
      const rs = await client.execute('SELECT c FROM paged WHERE p IN (1, 2, 3)', [], { prepare: true, fetchSize: 97, host, ...(pageState === undefined ? {} : { pageState }) });
      queried.add(rs.info.queriedHost);
      seen.push(...rs.rows.map((r) => r['c'] as number));
      pageState = rs.pageState ?? undefined;
    } while (pageState !== undefined);
    expect(queried.size).toBe(3);
    const wanted = Array.from({ length: ROWS }, (_, i) => i).filter((i) => [1, 2, 3].includes(i % 13));
    expect([...seen].sort((a, b) => a - b)).toEqual(wanted);
  });

  it('reads every row with eachRow and stream under autoPage, simple and prepared', async () => {
    const eachRow = (prepare: boolean): Promise<number> =>
      new Promise((resolve, reject) => {
        let count = 0;
        client.eachRow('SELECT c FROM paged', [], { prepare, autoPage: true, fetchSize: 1500 }, () => count++, (error: unknown) => (error ? reject(error) : resolve(count)));
      });
    expect(await eachRow(true)).toBe(ROWS);
    expect(await eachRow(false)).toBe(ROWS);
    let streamed = 0;
    // A Readable at runtime; the typings say EventEmitter.
    const stream = client.stream('SELECT c, v FROM paged WHERE p = 4', [], { prepare: true, autoPage: true, fetchSize: 50 }) as unknown as AsyncIterable<unknown>;
    for await (const row of stream) {
      expect((row as cassandra.types.Row)['v']).toBe(`v${(row as cassandra.types.Row)['c']}`);
      streamed++;
    }
    expect(streamed).toBe(400);
  });
});

describe('consistency levels', () => {
  it('writes and reads at every level the cluster can meet, and accepts a serial consistency', async () => {
    const levels = ['one', 'two', 'three', 'quorum', 'all', 'localOne', 'localQuorum', 'eachQuorum'] as const;
    for (const [i, level] of levels.entries()) {
      const consistency = consistencies[level];
      const write = await client.execute('INSERT INTO kv (k, v) VALUES (?, ?)', [100 + i, level], { prepare: true, consistency });
      expect(write.info.achievedConsistency).toBe(consistency);
      if (level === 'eachQuorum') continue;
      const read = await client.execute('SELECT v FROM kv WHERE k = ?', [100 + i], { prepare: true, consistency, serialConsistency: consistencies.localSerial });
      expect(read.first()['v']).toBe(level);
    }
    await client.execute('INSERT INTO kv (k, v) VALUES (?, ?)', [120, 'any'], { prepare: true, consistency: consistencies.any });
    expect((await client.execute('SELECT v FROM kv WHERE k = 120', [], { consistency: consistencies.all })).first()['v']).toBe('any');
  });
});
