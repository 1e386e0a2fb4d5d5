import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../../src/api/database.js';
import { driverColumnType } from '../../../src/api/driver-column-type.js';
import type { PreparedStatement } from '../../../src/cql/prepare/prepared-statement.js';
import { formatCqlType } from '../../../src/cql/types/cql-type.js';
import { driverTypes } from '../../../src/cql/types/driver-values.js';
import { CqlErrorCode } from '../../../src/lib/errors.js';

let dir: string;
let db: Database;

async function open(dataDir: string): Promise<Database> {
  return Database.open({ dataDir, threads: 2, storage: { vnodeCount: 4 } });
}

// One database for the whole file (opening one per test is most of the time): tests that
// change the session keyspace put it back, and each schema change has a table of its own.
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-prepare-'));
  db = await open(dir);
  await db.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
  await db.execute("CREATE KEYSPACE other WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
  await db.execute('USE ks');
  await db.execute('CREATE TYPE addr (street text, "Zip" int)');
  await db.execute(
    'CREATE TABLE t (a int, b text, c int, d timestamp, s text STATIC, v text, n bigint, l list<int>, fl frozen<list<int>>, st set<text>, m map<text, int>, ' +
      'tu tuple<int, text>, u frozen<addr>, uo addr, PRIMARY KEY ((a, b), c, d)) WITH CLUSTERING ORDER BY (c DESC, d ASC)',
  );
  await db.execute('CREATE TABLE counts (k int PRIMARY KEY, hits counter)');
  await db.execute('CREATE TABLE one (k int PRIMARY KEY, v text)');
  await db.execute('CREATE TABLE other.one (k int PRIMARY KEY, v text)');
}, 60_000);

afterAll(async () => {
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function inKeyspace(keyspace: string, work: () => Promise<void>): Promise<void> {
  await db.execute(`USE ${keyspace}`);
  try {
    await work();
  } finally {
    await db.execute('USE ks');
  }
}

/** Each variable as `name:type`. */
function shapes(prepared: PreparedStatement): string[] {
  return prepared.variables.map((v) => `${v.name}:${formatCqlType(v.type)}`);
}

async function refusal(work: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await work;
  } catch (error) {
    return { code: (error as { code: number }).code, message: (error as Error).message };
  }
  throw new Error('expected a refusal');
}

const md5 = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');

describe('prepare: variable names and types as Cassandra reports them', () => {
  const cases: Array<[string, string[]]> = [
    ['SELECT * FROM t WHERE a = ? AND b = ? AND c > ? AND c <= ? LIMIT ?', ['a:int', 'b:text', 'c:int', 'c:int', '[limit]:int']],
    ['SELECT * FROM t WHERE a IN ? AND b = ? PER PARTITION LIMIT ? LIMIT ?', ['in(a):list<int>', 'b:text', '[per_partition_limit]:int', '[limit]:int']],
    ['SELECT * FROM t WHERE a IN (?, ?) AND b = :bee', ['a:int', 'a:int', 'bee:text']],
    ['SELECT * FROM t WHERE a = ? AND b = ? AND (c, d) > (?, ?) AND (c, d) < ?', ['a:int', 'b:text', 'c:int', 'd:timestamp', '(c,d):frozen<tuple<int, timestamp>>']],
    ['SELECT * FROM t WHERE a = ? AND b = ? AND (c, d) IN ?', ['a:int', 'b:text', 'in(c,d):list<frozen<tuple<int, timestamp>>>']],
    ['SELECT * FROM t WHERE a = ? AND b = ? AND (c, d) IN (?, (?, ?))', ['a:int', 'b:text', '(c,d):frozen<tuple<int, timestamp>>', 'c:int', 'd:timestamp']],
    ['SELECT * FROM t WHERE token(a, b) > ? AND token(a, b) <= token(?, ?)', ['partition key token:bigint', 'arg0(system.token):int', 'arg1(system.token):text']],
    ['SELECT * FROM t WHERE l CONTAINS ? AND st CONTAINS ? AND m CONTAINS ? AND m CONTAINS KEY ? ALLOW FILTERING', ['value(l):int', 'value(st):text', 'value(m):int', 'key(m):text']],
    ["SELECT * FROM t WHERE m[?] = ? AND fl = ? AND tu = (?, 'x') ALLOW FILTERING", ['key(m):text', 'value(m):int', 'fl:frozen<list<int>>', 'tu[0]:int']],
    ['SELECT * FROM t WHERE v = blobAsText(?) AND d = toTimestamp((date) ?) ALLOW FILTERING', ['arg0(system.blobastext):blob', 'arg0(system.totimestamp):date']],
    [
      'INSERT INTO t (a, b, c, d, v, l, st, m, u) VALUES (?, ?, ?, toTimestamp(now()), :v, [?, 1], {?}, {?: ?}, {street: ?, "Zip": ?}) USING TTL ? AND TIMESTAMP ?',
      ['a:int', 'b:text', 'c:int', 'v:text', 'value(l):int', 'value(st):text', 'key(m):text', 'value(m):int', 'u.street:text', 'u.Zip:int', '[ttl]:int', '[timestamp]:bigint'],
    ],
    ['INSERT INTO t (a, b, c, d, tu, v) VALUES (?, ?, ?, ?, (?, ?), (text) ?)', ['a:int', 'b:text', 'c:int', 'd:timestamp', 'tu[0]:int', 'tu[1]:text', 'v:text']],
    ['INSERT INTO t JSON ? DEFAULT UNSET', ['[json]:text']],
    [
      'UPDATE t USING TTL ? SET l[?] = ?, m[?] = ?, st = st + ?, m = m - ?, l = ? + l, uo.street = ?, n = blobAsBigint(?) WHERE a = ? AND b = ? AND c = ? AND d = ?',
      ['[ttl]:int', 'idx(l):int', 'value(l):int', 'key(m):text', 'value(m):int', 'st:set<text>', 'm:set<text>', 'l:list<int>', 'uo.street:text', 'arg0(system.blobasbigint):blob', 'a:int', 'b:text', 'c:int', 'd:timestamp'],
    ],
    ['UPDATE t SET v = ? WHERE a = ? AND b = ? AND c = ? AND d = ? IF v = ? AND m[?] = ? AND l[?] IN ? AND n IN (?, ?)', [
      'v:text', 'a:int', 'b:text', 'c:int', 'd:timestamp', 'v:text', 'key(m):text', 'value(m):int', 'idx(l):int', 'in(value(l)):list<int>', 'n:bigint', 'n:bigint',
    ]],
    ['UPDATE counts SET hits = hits + ? WHERE k = ?', ['hits:counter', 'k:int']],
    ['DELETE l[?], st[?], m[?], v FROM t USING TIMESTAMP ? WHERE a = ? AND b = ? AND c = ? AND d = ?', ['idx(l):int', 'value(st):text', 'key(m):text', '[timestamp]:bigint', 'a:int', 'b:text', 'c:int', 'd:timestamp']],
    ['DELETE FROM t WHERE a = ? AND b = ? AND c >= ?', ['a:int', 'b:text', 'c:int']],
    ['BEGIN BATCH USING TIMESTAMP ? INSERT INTO t (a, b, c, d) VALUES (?, ?, ?, ?); DELETE FROM one WHERE k = ? APPLY BATCH', ['[timestamp]:bigint', 'a:int', 'b:text', 'c:int', 'd:timestamp', 'k:int']],
    ['SELECT * FROM one', []],
  ];

  for (const [query, expected] of cases) {
    it(query, async () => {
      const prepared = await db.prepare(query);
      expect(shapes(prepared)).toEqual(expected);
      for (const variable of prepared.variables) {
        if (variable.name === '[timestamp]' && query.startsWith('BEGIN BATCH')) expect([variable.keyspace, variable.table]).toEqual(['[batch]', '[batch]']);
        else expect(variable.keyspace).toBe('ks');
      }
    });
  }

  it('names every variable of a table other than the session keyspace after that table', async () => {
    const prepared = await db.prepare('UPDATE other.one SET v = ? WHERE k = ?');
    expect(prepared.variables.map((v) => `${v.keyspace}.${v.table}.${v.name}`)).toEqual(['other.one.v', 'other.one.k']);
  });
});

describe('prepare: partition key indexes (protocol v4 pk_indexes)', () => {
  it('gives, for each partition key column in key order, the marker that binds it', async () => {
    expect((await db.prepare('SELECT * FROM t WHERE a = ? AND b = ?')).partitionKeyIndexes).toEqual([0, 1]);
    expect((await db.prepare('SELECT * FROM t WHERE b = ? AND c = ? AND a = ?')).partitionKeyIndexes).toEqual([2, 0]);
    expect((await db.prepare('UPDATE t USING TTL ? SET v = ? WHERE b = :b AND a = :a AND c = 1 AND d = 0')).partitionKeyIndexes).toEqual([3, 2]);
    expect((await db.prepare('INSERT INTO t (c, d, b, a) VALUES (?, ?, ?, ?)')).partitionKeyIndexes).toEqual([3, 2]);
    expect((await db.prepare('DELETE FROM t WHERE a = ? AND b = ?')).partitionKeyIndexes).toEqual([0, 1]);
    expect((await db.prepare('SELECT * FROM one WHERE k IN (?, ?)')).partitionKeyIndexes).toEqual([1]);
  });

  it('gives none unless every partition key column is bound by a marker of its own', async () => {
    expect((await db.prepare("SELECT * FROM t WHERE a = ? AND b = 'x'")).partitionKeyIndexes).toBeNull();
    expect((await db.prepare('SELECT * FROM t WHERE a IN ? AND b = ?')).partitionKeyIndexes).toBeNull();
    expect((await db.prepare('SELECT * FROM t WHERE token(a, b) > ?')).partitionKeyIndexes).toBeNull();
    expect((await db.prepare('SELECT * FROM one')).partitionKeyIndexes).toBeNull();
    expect((await db.prepare('USE ks')).partitionKeyIndexes).toBeNull();
  });

  it("gives a BATCH's only when all its statements write one table", async () => {
    const same = await db.prepare('BEGIN BATCH INSERT INTO one (k, v) VALUES (?, ?); DELETE FROM one WHERE k = ? APPLY BATCH');
    expect(same.partitionKeyIndexes).toEqual([2]);
    const mixed = await db.prepare('BEGIN BATCH INSERT INTO one (k, v) VALUES (?, ?); DELETE FROM t WHERE a = ? AND b = ? APPLY BATCH');
    expect(mixed.partitionKeyIndexes).toBeNull();
  });
});

describe('prepare: result columns are the columns execution returns', () => {
  const selects = [
    'SELECT * FROM t',
    'SELECT a, b AS bee, c, v FROM t',
    'SELECT writetime(v), ttl(v), token(a, b), cast(c AS text), blobAsText(textAsBlob(v)) FROM t',
    'SELECT count(*), max(c), min(v) AS least FROM t',
    'SELECT DISTINCT a, b, s FROM t',
    'SELECT JSON a, v FROM t',
    'SELECT JSON * FROM t',
    'SELECT * FROM t WHERE a = 1 AND b = ? ORDER BY c ASC',
    'SELECT hits FROM counts',
  ];

  for (const query of selects) {
    it(query, async () => {
      await db.execute("INSERT INTO t (a, b, c, d, v, l) VALUES (1, 'x', 2, 0, 'v', [1])");
      const prepared = await db.prepare(query);
      const params = prepared.variables.map(() => 'x');
      const executed = await db.executePrepared(prepared, params);
      expect(prepared.resultColumns.map((c) => ({ name: c.name, type: driverColumnType(c.type) }))).toEqual(executed.columns);
      for (const column of prepared.resultColumns) expect([column.keyspace, column.table]).toEqual(['ks', query.includes('counts') ? 'counts' : 't']);
    });
  }

  it('has none for other statements, whose result metadata id is the MD5 of nothing', async () => {
    for (const query of ['INSERT INTO one (k, v) VALUES (?, ?)', 'UPDATE one SET v = ? WHERE k = ?', 'DELETE FROM one WHERE k = ?', 'USE other', 'TRUNCATE one', 'DESCRIBE KEYSPACES']) {
      const prepared = await db.prepare(query);
      expect(prepared.resultColumns).toEqual([]);
      expect(prepared.resultMetadataId.toString('hex')).toBe('d41d8cd98f00b204e9800998ecf8427e');
    }
  });
});

describe('prepare: ids', () => {
  it("are MD5 of the session keyspace and the query, without the keyspace when the statement names every table's", async () => {
    const unqualified = 'SELECT v FROM one WHERE k = ?';
    const qualified = 'SELECT v FROM ks.one WHERE k = ?';
    expect((await db.prepare(unqualified)).id.toString('hex')).toBe(md5(`ks${unqualified}`));
    expect((await db.prepare(qualified)).id.toString('hex')).toBe(md5(qualified));
    await inKeyspace('other', async () => {
      expect((await db.prepare(qualified)).id.toString('hex')).toBe(md5(qualified));
      expect((await db.prepare(unqualified)).id.toString('hex')).toBe(md5(`other${unqualified}`));
      expect((await db.prepare(unqualified, { keyspace: 'ks' })).id.toString('hex')).toBe(md5(`ks${unqualified}`));
    });
  });

  it('are stable: the same text prepares to the same id, variables and metadata', async () => {
    const query = 'SELECT * FROM t WHERE a = ? AND b = ?';
    const first = await db.prepare(query);
    const again = await db.prepare(query);
    expect(again.id).toEqual(first.id);
    expect(again.variables).toEqual(first.variables);
    expect(again.resultMetadataId).toEqual(first.resultMetadataId);
  });

  it('hash a descending clustering column selected as itself as a ReversedType (Cassandra computes the same)', async () => {
    const m = (name: string, type: string): Buffer[] => [Buffer.from(name), Buffer.of(0), Buffer.from(`org.apache.cassandra.db.marshal.${type}`), Buffer.of(0, 0)];
    const expected = createHash('md5')
      .update(Buffer.concat([...m('c', 'ReversedType(org.apache.cassandra.db.marshal.Int32Type)'), ...m('d', 'TimestampType'), ...m('writetime(v)', 'LongType')]))
      .digest('hex');
    expect((await db.prepare('SELECT c, d, writetime(v) FROM t')).resultMetadataId.toString('hex')).toBe(expected);
  });
});

describe('prepare: schema changes', () => {
  it("change a SELECT *'s result columns and result metadata id, not an explicit selection's", async () => {
    await db.execute('CREATE TABLE altered (k int PRIMARY KEY, v text)');
    const all = await db.prepare('SELECT * FROM altered WHERE k = ?');
    const some = await db.prepare('SELECT k, v FROM altered WHERE k = ?');
    await db.execute('ALTER TABLE altered ADD extra int');
    const allAfter = await db.prepare('SELECT * FROM altered WHERE k = ?');
    const someAfter = await db.prepare('SELECT k, v FROM altered WHERE k = ?');
    expect(all.resultColumns.map((c) => c.name)).toEqual(['k', 'v']);
    expect(allAfter.resultColumns.map((c) => c.name)).toEqual(['k', 'extra', 'v']);
    expect(allAfter.resultMetadataId).not.toEqual(all.resultMetadataId);
    expect(allAfter.id).toEqual(all.id);
    expect(allAfter.schemaVersion).not.toBe(all.schemaVersion);
    expect(someAfter.resultMetadataId).toEqual(some.resultMetadataId);
    await db.execute('INSERT INTO altered (k, v, extra) VALUES (1, ?, 7)', ['x']);
    const executed = await db.executePrepared(allAfter, [1]);
    expect(executed.columns!.map((c) => c.name)).toEqual(['k', 'extra', 'v']);
  });
});

describe('prepare: refuses what Cassandra refuses when preparing', () => {
  const refusals: Array<[string, RegExp]> = [
    ['SELECT * FROM nope.t WHERE k = ?', /Keyspace 'nope' does not exist/],
    ['SELECT * FROM missing WHERE k = ?', /unconfigured table missing/],
    ['SELECT zz FROM t', /Undefined column name zz/],
    ['SELECT * FROM t WHERE zz = ?', /Undefined column name zz/],
    ['INSERT INTO one (k, zz) VALUES (?, ?)', /Undefined column name zz/],
    ['UPDATE one SET zz = ? WHERE k = ?', /Undefined column name zz/],
    ['SELECT * FROM t WHERE v = ?', /ALLOW FILTERING/],
    ['SELECT * FROM t WHERE a = ? AND b = ? AND d = ?', /PRIMARY KEY column "d" cannot be restricted/],
    ['INSERT INTO t (a, b, c) VALUES (?, ?, ?)', /Some clustering keys are missing: d/],
    ['INSERT INTO one (v) VALUES (?)', /Some partition key parts are missing: k/],
    ['INSERT INTO counts (k, hits) VALUES (?, ?)', /INSERT statements are not allowed on counter tables/],
    ['UPDATE one SET v = ? WHERE v = ?', /Non PRIMARY KEY columns found in where clause: v/],
    ['UPDATE one SET k = ? WHERE k = ?', /PRIMARY KEY part k found in SET part/],
    ['UPDATE counts SET hits = ? WHERE k = ?', /Cannot set the value of counter column hits/],
    ['UPDATE counts USING TTL ? SET hits = hits + 1 WHERE k = ?', /Cannot provide custom TTL for counter updates/],
    ['UPDATE t SET fl[?] = ? WHERE a = ? AND b = ? AND c = ? AND d = ?', /Invalid operation \(fl\[\?\] = \?\) for frozen collection column fl/],
    ['UPDATE t SET l = [?, \'x\'] WHERE a = ? AND b = ? AND c = ? AND d = ?', /Invalid list literal for l: value 'x' is not of type int/],
    ['UPDATE one SET v = [?] WHERE k = ?', /Invalid list literal for v of type text/],
    ['UPDATE one SET v = intAsBlob(?) WHERE k = ?', /Type error: cannot assign result of function system.intasblob \(type blob\) to v \(type text\)/],
    ['DELETE v[?] FROM one WHERE k = ?', /Invalid deletion operation for non collection column v/],
    ['DELETE FROM one WHERE k > ?', /Only EQ and IN relation are supported on the partition key/],
    ['SELECT * FROM t WHERE a = ? AND b = ? AND (c, d) = (?, ?, ?)', /Expected 2 elements in value tuple, but got 3/],
    ['SELECT * FROM one WHERE v CONTAINS ? ALLOW FILTERING', /Cannot use CONTAINS on non-collection column v/],
    ['SELECT * FROM t WHERE token(b, a) > ?', /The token function arguments must be in the partition key order/],
    ['BEGIN BATCH INSERT INTO one (k, v) VALUES (?, ?); UPDATE counts SET hits = hits + 1 WHERE k = ?; APPLY BATCH', /Cannot include a counter statement in a logged batch/],
    ['BEGIN BATCH USING TIMESTAMP ? INSERT INTO one (k, v) VALUES (?, ?) USING TIMESTAMP ?; APPLY BATCH', /Timestamp must be set either on BATCH or individual statements/],
    ['TRUNCATE missing', /unconfigured table missing/],
  ];

  for (const [query, message] of refusals) {
    it(query, async () => {
      const refused = await refusal(db.prepare(query));
      expect(refused.code).toBe(CqlErrorCode.invalid);
      expect(refused.message).toMatch(message);
    });
  }

  it('refuses with the same error execution gives', async () => {
    const executions: Array<[string, unknown[]]> = [
      ['SELECT zz FROM t', []],
      ['SELECT * FROM t WHERE v = ?', ['x']],
      ['INSERT INTO t (a, b, c) VALUES (?, ?, ?)', [1, 'x', 2]],
      ['INSERT INTO counts (k, hits) VALUES (?, ?)', [1, driverTypes.Long.fromInt(1)]],
      ['UPDATE one SET v = ? WHERE v = ?', ['x', 'y']],
      ['UPDATE counts SET hits = ? WHERE k = ?', [driverTypes.Long.fromInt(1), 1]],
      ['UPDATE t SET l = [?, \'x\'] WHERE a = ? AND b = ? AND c = ? AND d = ?', [1, 1, 'x', 2, new Date(0)]],
      ['DELETE FROM one WHERE k > ?', [1]],
    ];
    for (const [query, values] of executions) {
      expect(await refusal(db.prepare(query)), query).toEqual(await refusal(db.execute(query, values)));
    }
  });

});

describe('executePrepared', () => {
  it('runs the statement in the keyspace it was prepared in, named values by marker name', async () => {
    const insert = await db.prepare('INSERT INTO one (k, v) VALUES (:key, :value)');
    await inKeyspace('other', async () => {
      await db.executePrepared(insert, { key: 41, value: 'in ks' });
    });
    expect((await db.execute('SELECT v FROM ks.one WHERE k = 41')).first()?.['v']).toBe('in ks');
    expect((await db.execute('SELECT v FROM other.one WHERE k = 41')).rowLength).toBe(0);
  });

  it('binds values of the reported types', async () => {
    const prepared = await db.prepare('INSERT INTO t (a, b, c, d, n, st) VALUES (?, ?, ?, ?, ?, ?)');
    const values = [1, 'y', 2, new Date(0), driverTypes.Long.fromInt(5), ['p', 'q']];
    expect(prepared.variables.map((v) => v.type.kind)).toEqual(['int', 'text', 'int', 'timestamp', 'bigint', 'set']);
    await db.executePrepared(prepared, values);
    const row = (await db.execute("SELECT n, st FROM t WHERE a = 1 AND b = 'y'")).first()!;
    expect(String(row['n'])).toBe('5');
    expect(row['st']).toEqual(['p', 'q']);
  });
});

describe('prepare across a restart, and without a session keyspace', () => {
  let ownDir: string;
  let own: Database;

  beforeAll(async () => {
    ownDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-prepare-restart-'));
    own = await open(ownDir);
    await own.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
    await own.execute('CREATE TABLE ks.t (a int, b text, c int, v text, PRIMARY KEY ((a, b), c)) WITH CLUSTERING ORDER BY (c DESC)');
  }, 60_000);

  afterAll(async () => {
    await own.close();
    fs.rmSync(ownDir, { recursive: true, force: true });
  });

  it('gives the same id, variables and result metadata after a restart', async () => {
    const query = 'SELECT * FROM t WHERE a = ? AND b = ?';
    const before = await own.prepare(query, { keyspace: 'ks' });
    await own.close();
    own = await open(ownDir);
    const after = await own.prepare(query, { keyspace: 'ks' });
    expect(after.id).toEqual(before.id);
    expect(after.variables).toEqual(before.variables);
    expect(after.resultColumns).toEqual(before.resultColumns);
    expect(after.resultMetadataId).toEqual(before.resultMetadataId);
  });

  it('refuses an unqualified table when no keyspace is in use, and prepares a qualified one with the bare query as id', async () => {
    expect((await refusal(own.prepare('SELECT * FROM t'))).message).toMatch(/No keyspace has been specified/);
    const qualified = await own.prepare('SELECT * FROM ks.t WHERE a = ? AND b = ?');
    expect(qualified.keyspace).toBeNull();
    expect(qualified.id.toString('hex')).toBe(md5('SELECT * FROM ks.t WHERE a = ? AND b = ?'));
  });
});
