/**
 * What schema changes do to data, as Cassandra documents it (ddl.adoc; AlterTest, DropTest,
 * TruncateTest): added columns read null, dropped columns' data never comes back (not even
 * under a re-added column of the same name, nor after a restart), TRUNCATE and DROP empty,
 * quoted identifiers keep their case, a user type in use cannot be dropped.
 */

import { describe, expect, it } from 'vitest';
import { CqlErrorCode } from '../../../../src/lib/errors.js';
import { failureOf, rowsOf, useDatabase } from './semantics-db.js';

const s = useDatabase();

describe('DDL semantics', () => {
  it('adds columns that read null for existing rows, and drops columns whose data never returns', async () => {
    await s.db.execute('CREATE TABLE ddl_alter (k int PRIMARY KEY, a int, b text)');
    await s.db.execute("INSERT INTO ddl_alter (k, a, b) VALUES (0, 1, 'x')");
    await s.db.execute('ALTER TABLE ddl_alter ADD c list<int>');
    expect(await rowsOf(s.db, 'SELECT * FROM ddl_alter')).toEqual([[0, 1, 'x', null]]);
    await s.db.execute('UPDATE ddl_alter SET c = c + [5] WHERE k = 0');
    await s.db.execute('ALTER TABLE ddl_alter DROP b');
    expect(await rowsOf(s.db, 'SELECT * FROM ddl_alter')).toEqual([[0, 1, [5]]]);
    expect(await failureOf(s.db.execute('SELECT b FROM ddl_alter'))).toEqual({ code: CqlErrorCode.invalid, message: 'Undefined column name b' });
    await s.db.execute('ALTER TABLE ddl_alter ADD b text');
    expect(await rowsOf(s.db, 'SELECT k, b FROM ddl_alter')).toEqual([[0, null]]);
    await s.db.execute("INSERT INTO ddl_alter (k, b) VALUES (1, 'new')");
    expect(await rowsOf(s.db, 'SELECT k, b FROM ddl_alter WHERE k IN (0, 1)')).toEqual([
      [0, null],
      [1, 'new'],
    ]);
    const refusals: Array<[string, string]> = [
      ['ALTER TABLE ddl_alter DROP k', 'Cannot drop PRIMARY KEY column k'],
      ['ALTER TABLE ddl_alter DROP nope', 'Column nope was not found in table ddl_alter'],
      ['ALTER TABLE ddl_alter ADD a int', "Column with name 'a' already exists"],
    ];
    for (const [cql, message] of refusals) expect({ cql, ...(await failureOf(s.db.execute(cql))) }).toEqual({ cql, code: CqlErrorCode.invalid, message });
  });

  it('applies a changed default_time_to_live to later writes only', async () => {
    await s.db.execute('CREATE TABLE ddl_ttl (k int PRIMARY KEY, v int)');
    await s.db.execute('INSERT INTO ddl_ttl (k, v) VALUES (0, 0)');
    await s.db.execute('ALTER TABLE ddl_ttl WITH default_time_to_live = 1000');
    await s.db.execute('INSERT INTO ddl_ttl (k, v) VALUES (1, 1)');
    const ttls = await rowsOf(s.db, 'SELECT k, ttl(v) FROM ddl_ttl WHERE k IN (0, 1)');
    expect(ttls[0]).toEqual([0, null]);
    expect(ttls[1]![1]).toBeGreaterThan(990);
  });

  it('empties a table by TRUNCATE and by DROP and CREATE, and drops keyspaces with their tables', async () => {
    await s.db.execute('CREATE TABLE ddl_truncate (k int PRIMARY KEY, v int)');
    await s.db.execute('CREATE TABLE ddl_recreate (k int PRIMARY KEY, v int)');
    for (let k = 0; k < 5; k++) {
      await s.db.execute('INSERT INTO ddl_truncate (k, v) VALUES (?, ?)', [k, k]);
      await s.db.execute('INSERT INTO ddl_recreate (k, v) VALUES (?, ?)', [k, k]);
    }
    await s.db.execute('TRUNCATE ddl_truncate');
    await s.db.execute('DROP TABLE ddl_recreate');
    await s.db.execute('CREATE TABLE ddl_recreate (k int PRIMARY KEY, v int)');
    expect(await rowsOf(s.db, 'SELECT * FROM ddl_truncate')).toEqual([]);
    expect(await rowsOf(s.db, 'SELECT * FROM ddl_recreate')).toEqual([]);
    await s.db.execute("CREATE KEYSPACE ddl_other WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
    await s.db.execute('CREATE TABLE ddl_other.t (k int PRIMARY KEY)');
    await s.db.execute('INSERT INTO ddl_other.t (k) VALUES (1)');
    await s.db.execute('DROP KEYSPACE ddl_other');
    expect((await failureOf(s.db.execute('SELECT * FROM ddl_other.t'))).code).toBe(CqlErrorCode.invalid);
    await s.db.execute("CREATE KEYSPACE ddl_other WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
    await s.db.execute('CREATE TABLE ddl_other.t (k int PRIMARY KEY)');
    expect(await rowsOf(s.db, 'SELECT * FROM ddl_other.t')).toEqual([]);
  });

  it('keeps the case of quoted identifiers and folds unquoted ones', async () => {
    await s.db.execute('CREATE TABLE "Mixed" ("Key" int PRIMARY KEY, "Value" text, plain int)');
    await s.db.execute('INSERT INTO "Mixed" ("Key", "Value", PLAIN) VALUES (1, \'x\', 2)');
    const result = await s.db.execute('SELECT "Key", "Value", plain FROM "Mixed" WHERE "Key" = 1');
    expect(result.columns?.map((c) => c.name)).toEqual(['Key', 'Value', 'plain']);
    expect(await failureOf(s.db.execute('SELECT key FROM "Mixed"'))).toEqual({ code: CqlErrorCode.invalid, message: 'Undefined column name key' });
    expect((await failureOf(s.db.execute('SELECT * FROM mixed'))).code).toBe(CqlErrorCode.invalid);
  });

  it('refuses to drop a user type a table uses', async () => {
    await s.db.execute('CREATE TYPE ddl_point (x int, y int)');
    await s.db.execute('CREATE TABLE ddl_uses_type (k int PRIMARY KEY, p frozen<ddl_point>)');
    expect(await failureOf(s.db.execute('DROP TYPE ddl_point'))).toEqual({ code: CqlErrorCode.invalid, message: 'Cannot drop user type ks.ddl_point as it is still used by table ks.ddl_uses_type' });
    await s.db.execute('DROP TABLE ddl_uses_type');
    await s.db.execute('DROP TYPE ddl_point');
  });

  it('keeps dropped columns dropped and truncated tables empty across a restart', async () => {
    await s.db.execute('CREATE TABLE ddl_durable (k int PRIMARY KEY, gone int, kept int)');
    await s.db.execute('CREATE TABLE ddl_durable_truncated (k int PRIMARY KEY)');
    await s.db.execute('INSERT INTO ddl_durable (k, gone, kept) VALUES (0, 1, 2)');
    await s.db.execute('INSERT INTO ddl_durable_truncated (k) VALUES (0)');
    await s.db.execute('ALTER TABLE ddl_durable DROP gone');
    await s.db.execute('TRUNCATE ddl_durable_truncated');
    await s.reopen();
    await s.db.execute('ALTER TABLE ddl_durable ADD gone int');
    expect(await rowsOf(s.db, 'SELECT k, gone, kept FROM ddl_durable')).toEqual([[0, null, 2]]);
    expect(await rowsOf(s.db, 'SELECT * FROM ddl_durable_truncated')).toEqual([]);
  });
});
