/**
 * Every error code an embedded Database can answer with (native protocol spec v4 section 9),
 * each from the statement that reaches it, with Cassandra's message: SyntaxError (0x2000),
 * Invalid (0x2200), Unauthorized (0x2100) for the system keyspaces, AlreadyExists (0x2400)
 * with its keyspace and table, ConfigError (0x2300) for a data directory in use, FunctionFailure
 * (0x1400) for a native function that fails on its argument. A refused statement leaves the data
 * as it was.
 */

import { describe, expect, it } from 'vitest';
import { Database } from '../../../../src/api/database.js';
import { CqlErrorCode } from '../../../../src/lib/errors.js';
import { failureOf, rowsOf, useDatabase } from './semantics-db.js';

const s = useDatabase();

describe('Errors by code', () => {
  it('0x2000 SyntaxError: malformed statements, with the position', async () => {
    const cases = ['SELEC * FROM t', 'SELECT * FROM', 'INSERT INTO t (k) VALUES (1', "SELECT * FROM t WHERE k = 'unterminated"];
    for (const cql of cases) {
      const failure = await failureOf(s.db.execute(cql));
      expect({ cql, code: failure.code, positioned: /^line \d+:\d+ /.test(failure.message) }).toEqual({ cql, code: CqlErrorCode.syntaxError, positioned: true });
    }
  });

  it('0x2200 Invalid: unknown keyspace, table and column, missing keys and keyspace, with Cassandra messages', async () => {
    await s.db.execute('CREATE TABLE err_t (k int, c int, v int, PRIMARY KEY (k, c))');
    const cases: Array<[string, string | RegExp]> = [
      ['SELECT * FROM err_nope', 'unconfigured table err_nope'],
      ['INSERT INTO err_nope (k) VALUES (1)', 'unconfigured table err_nope'],
      ['SELECT * FROM nope_ks.err_t', /^Keyspace '?nope_ks'? does not exist$/],
      ['USE nope_ks', "Keyspace 'nope_ks' does not exist"],
      ['SELECT nope FROM err_t', 'Undefined column name nope'],
      ['INSERT INTO err_t (k, c, nope) VALUES (0, 0, 0)', 'Undefined column name nope'],
      ['INSERT INTO err_t (c, v) VALUES (0, 0)', 'Some partition key parts are missing: k'],
      ['INSERT INTO err_t (k, v) VALUES (0, 0)', 'Some clustering keys are missing: c'],
      ['UPDATE err_t SET v = 1 WHERE c = 0', 'Some partition key parts are missing: k'],
      ["INSERT INTO err_t (k, c, v) VALUES (0, 0, 'text')", 'Invalid STRING constant (text) for "v" of type int'],
      ['SELECT blobAsInt(b) FROM err_t', 'Undefined column name b'],
      ['INSERT INTO err_t (k, c, v) VALUES (0, 0, 3000000000)', /int/],
    ];
    for (const [cql, message] of cases) {
      const failure = await failureOf(s.db.execute(cql));
      expect({ cql, code: failure.code }).toEqual({ cql, code: CqlErrorCode.invalid });
      if (typeof message === 'string') expect({ cql, message: failure.message }).toEqual({ cql, message });
      else expect(failure.message).toMatch(message);
    }
    expect(await failureOf(s.db.execute('INSERT INTO err_t (k, c, v) VALUES (?, ?, ?)', [0, 0]))).toEqual({ code: CqlErrorCode.invalid, message: 'there were 3 markers(?) in CQL but 2 bound variables' });
    expect(await failureOf(s.db.execute('INSERT INTO err_t (k, c) VALUES (?, ?)', [0, 0, 0]))).toEqual({ code: CqlErrorCode.invalid, message: 'there were 2 markers(?) in CQL but 3 bound variables' });
    const fresh = await Database.open({ dataDir: `${s.dir}-no-keyspace`, threads: 1, storage: { vnodeCount: 1 } }).catch(() => null);
    if (fresh !== null) {
      try {
        expect(await failureOf(fresh.execute('SELECT * FROM err_t'))).toEqual({
          code: CqlErrorCode.invalid,
          message: 'No keyspace has been specified. USE a keyspace, or explicitly specify keyspace.tablename',
        });
      } finally {
        await fresh.close();
      }
    }
    expect(await rowsOf(s.db, 'SELECT * FROM err_t')).toEqual([]);
  });

  it('0x2100 Unauthorized: writes and schema changes to the system keyspaces', async () => {
    const cases: Array<[string, string]> = [
      ["INSERT INTO system_schema.keyspaces (keyspace_name, durable_writes) VALUES ('x', true)", 'system_schema keyspace is not user-modifiable.'],
      ["DELETE FROM system.local WHERE key = 'local'", 'system keyspace is not user-modifiable.'],
      ['DROP TABLE system_schema.tables', 'system_schema keyspace is not user-modifiable.'],
      ['CREATE TABLE system.mine (k int PRIMARY KEY)', 'system keyspace is not user-modifiable.'],
      ['DROP KEYSPACE system', 'system keyspace is not user-modifiable.'],
      ['TRUNCATE system.local', 'system keyspace is not user-modifiable.'],
    ];
    for (const [cql, message] of cases) expect({ cql, ...(await failureOf(s.db.execute(cql))) }).toEqual({ cql, code: CqlErrorCode.unauthorized, message });
    expect(await rowsOf(s.db, "SELECT keyspace_name FROM system_schema.keyspaces WHERE keyspace_name = 'ks'")).toEqual([['ks']]);
  });

  it('0x2400 AlreadyExists: keyspaces and tables, naming them; IF NOT EXISTS is quiet', async () => {
    await s.db.execute('CREATE TABLE err_twice (k int PRIMARY KEY)');
    const keyspace = await failureOf(s.db.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}"));
    expect(keyspace).toEqual({ code: CqlErrorCode.alreadyExists, message: 'Cannot add existing keyspace "ks"' });
    const table = await s.db.execute('CREATE TABLE err_twice (k int PRIMARY KEY)').catch((e: unknown) => e as { code: number; message: string; keyspace: string; table: string });
    expect(table).toMatchObject({ code: CqlErrorCode.alreadyExists, message: 'Cannot add already existing table "err_twice" to keyspace "ks"', keyspace: 'ks', table: 'err_twice' });
    await s.db.execute('CREATE TABLE IF NOT EXISTS err_twice (k int PRIMARY KEY, other int)');
    expect(await rowsOf(s.db, "SELECT column_name FROM system_schema.columns WHERE keyspace_name = 'ks' AND table_name = 'err_twice'")).toEqual([['k']]);
  });

  it('0x2300 ConfigError: a data directory another Database holds', async () => {
    expect((await failureOf(Database.open({ dataDir: s.dir, threads: 1, storage: { vnodeCount: 1 } }))).code).toBe(CqlErrorCode.configError);
    expect(await rowsOf(s.db, "SELECT keyspace_name FROM system_schema.keyspaces WHERE keyspace_name = 'ks'")).toEqual([['ks']]);
  });

  // FromJsonFct raises FunctionExecutionException; INSERT JSON's own text is no function
  // argument, and Json.java answers Invalid for it.
  it('0x1400 FunctionFailure: a native function that fails on its argument (fromJson); INSERT JSON stays Invalid', async () => {
    await s.db.execute('CREATE TABLE err_fn (k int PRIMARY KEY, v int)');
    const notJson = await failureOf(s.db.execute("INSERT INTO err_fn (k, v) VALUES (0, fromJson('not json'))"));
    expect(notJson.message).toMatch(/^execution of 'system.fromjson\[text\]' failed: Could not decode JSON string 'not json': com\.fasterxml\.jackson\.core\.JsonParseException: /);
    expect(notJson.code).toBe(CqlErrorCode.functionFailure);
    const wrongType = await failureOf(s.db.execute('UPDATE err_fn SET v = fromJson(?) WHERE k = 0', ['"x"']));
    expect(wrongType).toEqual({
      code: CqlErrorCode.functionFailure,
      message: "execution of 'system.fromjson[text]' failed: org.apache.cassandra.serializers.MarshalException: Unable to make int from 'x'",
    });
    const insertJson = await failureOf(s.db.execute("INSERT INTO err_fn JSON 'not json'"));
    expect(insertJson.code).toBe(CqlErrorCode.invalid);
    expect(insertJson.message).toMatch(/^Could not decode JSON string as a map: /);
    expect(await rowsOf(s.db, 'SELECT * FROM err_fn')).toEqual([]);
  });
});
