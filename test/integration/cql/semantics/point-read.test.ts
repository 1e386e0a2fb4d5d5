/**
 * The key-value read (`SELECT ... WHERE k = ?` on a table without clustering columns), which
 * each statement plans once and then only binds (src/cql/executor/select/point-read.ts): the
 * same statement run again reads each key's row, follows the table through ALTER and the
 * session through USE, refuses a null key every time, and pages as any SELECT does. For the
 * native protocol (Database.executeRaw) it answers with the stored bytes of each value.
 */

import { beforeAll, describe, expect, it } from 'vitest';
import type { RawQueryOptions } from '../../../../src/api/database.js';
import { valueBytes } from '../../../../src/cql/types/value-codec.js';
import { CqlErrorCode } from '../../../../src/lib/errors.js';
import { failureOf, rowsOf, useDatabase } from './semantics-db.js';

const s = useDatabase();

beforeAll(async () => {
  await s.db.execute('CREATE TABLE pr_kv (k int PRIMARY KEY, v text, n int)');
  await s.db.execute('CREATE TABLE pr_pair (a int, b text, v int, PRIMARY KEY ((a, b)))');
  for (let k = 0; k < 20; k++) await s.db.execute('INSERT INTO pr_kv (k, v, n) VALUES (?, ?, ?)', [k, `v${k}`, k * 10], { prepare: true });
  await s.db.execute("INSERT INTO pr_pair (a, b, v) VALUES (1, 'x', 100)");
  await s.db.execute("INSERT INTO pr_pair (a, b, v) VALUES (1, 'y', 101)");
});

describe('the key-value read, planned once', () => {
  it('reads each key its own row, run after run, and no row for a key never written', async () => {
    for (let round = 0; round < 3; round++) {
      for (let k = 0; k < 20; k++) expect(await rowsOf(s.db, 'SELECT v, n FROM pr_kv WHERE k = ?', [k], { prepare: true })).toEqual([[`v${k}`, k * 10]]);
      expect(await rowsOf(s.db, 'SELECT v, n FROM pr_kv WHERE k = ?', [999], { prepare: true })).toEqual([]);
    }
    await s.db.execute('DELETE FROM pr_kv WHERE k = 19');
    expect(await rowsOf(s.db, 'SELECT v, n FROM pr_kv WHERE k = ?', [19], { prepare: true })).toEqual([]);
  });

  it('binds every column of a composite partition key, in either order in the WHERE clause', async () => {
    for (let round = 0; round < 2; round++) {
      expect(await rowsOf(s.db, 'SELECT v FROM pr_pair WHERE a = ? AND b = ?', [1, 'y'], { prepare: true })).toEqual([[101]]);
      expect(await rowsOf(s.db, 'SELECT v FROM pr_pair WHERE b = ? AND a = ?', ['x', 1], { prepare: true })).toEqual([[100]]);
      expect(await rowsOf(s.db, 'SELECT * FROM pr_pair WHERE a = 1 AND b = ?', ['z'], { prepare: true })).toEqual([]);
    }
  });

  it('follows the table through ALTER TABLE: SELECT * run before and after sees the added column, then not the dropped one', async () => {
    const select = 'SELECT * FROM pr_kv WHERE k = ?';
    expect(await rowsOf(s.db, select, [3], { prepare: true })).toEqual([[3, 30, 'v3']]);
    await s.db.execute('ALTER TABLE pr_kv ADD w text');
    await s.db.execute("UPDATE pr_kv SET w = 'added' WHERE k = 3");
    expect(await rowsOf(s.db, select, [3], { prepare: true })).toEqual([[3, 30, 'v3', 'added']]);
    await s.db.execute('ALTER TABLE pr_kv DROP w');
    expect(await rowsOf(s.db, select, [3], { prepare: true })).toEqual([[3, 30, 'v3']]);
  });

  it('reads the table of the keyspace in use when the same unqualified text runs after USE', async () => {
    await s.db.execute("CREATE KEYSPACE pr_other WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
    await s.db.execute('CREATE TABLE pr_other.pr_kv (k int PRIMARY KEY, v text, n int)');
    await s.db.execute("INSERT INTO pr_other.pr_kv (k, v, n) VALUES (4, 'other', -4)");
    const select = 'SELECT v, n FROM pr_kv WHERE k = ?';
    expect(await rowsOf(s.db, select, [4], { prepare: true })).toEqual([['v4', 40]]);
    await s.db.execute('USE pr_other');
    try {
      expect(await rowsOf(s.db, select, [4], { prepare: true })).toEqual([['other', -4]]);
    } finally {
      await s.db.execute('USE ks');
    }
    expect(await rowsOf(s.db, select, [4], { prepare: true })).toEqual([['v4', 40]]);
  });

  it('refuses a null key with the WHERE clause error on the first run and on every later one', async () => {
    const select = 'SELECT v FROM pr_kv WHERE k = ?';
    for (const params of [[null], [5], [null]]) {
      const work = s.db.execute(select, params, { prepare: true });
      if (params[0] === null) expect(await failureOf(work)).toEqual({ code: CqlErrorCode.invalid, message: 'Invalid null value in condition for column k' });
      else expect((await work).rows.length).toBe(1);
    }
  });

  it('pages a page size of one as every SELECT does: the row once, then an empty last page', async () => {
    const select = 'SELECT v FROM pr_kv WHERE k = ?';
    await s.db.execute(select, [6], { prepare: true });
    const first = await s.db.execute(select, [6], { prepare: true, fetchSize: 1 });
    expect(first.rows.map((r) => r['v'])).toEqual(['v6']);
    expect(first.pageState).not.toBeNull();
    const next = await s.db.execute(select, [6], { prepare: true, fetchSize: 1, pageState: first.pageState! });
    expect(next.rows).toEqual([]);
    expect(next.pageState).toBeNull();
  });

  it("answers the protocol's request with each value's stored bytes, the same bytes the decoded path encodes", async () => {
    const options: RawQueryOptions = { consistency: 'ONE', keyspace: 'ks', fetchSize: 5000, pageState: null, timestamp: null };
    const select = 'SELECT k, v, n FROM pr_kv WHERE k = ?';
    await s.db.executeRaw(select, [7], options);
    const { result } = await s.db.executeRaw(select, [7], options);
    if (result.kind !== 'rows') throw new Error(`rows expected, got ${result.kind}`);
    expect(result.encoded).toBe(true);
    const decoded = (await s.db.execute(select, [7], { prepare: true })).rows[0]!;
    const expected = result.columns.map((column) => Buffer.from(valueBytes(column.type, decoded[column.name])).toString('hex'));
    expect(result.rows[0]!.map((bytes) => Buffer.from(bytes as Uint8Array).toString('hex'))).toEqual(expected);
    // A composite key's columns are decoded, as are the rows of every other SELECT.
    const pair = await s.db.executeRaw('SELECT a, v FROM pr_pair WHERE a = ? AND b = ?', [1, 'x'], options);
    expect(pair.result.kind === 'rows' && pair.result.encoded).not.toBe(true);
    expect(pair.result.kind === 'rows' && pair.result.rows).toEqual([[1, 100]]);
  });
});
