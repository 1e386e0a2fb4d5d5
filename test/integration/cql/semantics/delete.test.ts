/**
 * DELETE as Cassandra documents it (dml.adoc "DELETE", DeleteTest): whole partitions, rows,
 * ranges of rows (a clustering prefix or a slice, on ASC and DESC columns), cells and elements,
 * each a tombstone that shadows what is older than it, and DeleteTest's refusals.
 */

import { describe, expect, it } from 'vitest';
import { CqlErrorCode } from '../../../../src/lib/errors.js';
import { failureOf, rowsOf, useDatabase } from './semantics-db.js';

const s = useDatabase();

async function fill(table: string, partitions: number, c1s: number, c2s: number): Promise<void> {
  const writes: Promise<unknown>[] = [];
  for (let k = 0; k < partitions; k++) {
    for (let c1 = 0; c1 < c1s; c1++) {
      for (let c2 = 0; c2 < c2s; c2++) writes.push(s.db.execute(`INSERT INTO ${table} (k, c1, c2, v) VALUES (?, ?, ?, ?)`, [k, c1, c2, k * 100 + c1 * 10 + c2]));
    }
  }
  await Promise.all(writes);
}

describe('DELETE', () => {
  it('deletes partitions (= and IN), rows (= and IN, tuple notation) and cells', async () => {
    await s.db.execute('CREATE TABLE del_rows (k int, c1 int, c2 int, v int, PRIMARY KEY (k, c1, c2))');
    await fill('del_rows', 4, 2, 2);
    await s.db.execute('DELETE FROM del_rows WHERE k IN (2, 3)');
    await s.db.execute('DELETE FROM del_rows WHERE k = 0 AND c1 = 0 AND c2 = 1');
    await s.db.execute('DELETE FROM del_rows WHERE k = 1 AND (c1, c2) IN ((0, 0), (1, 1))');
    await s.db.execute('DELETE v FROM del_rows WHERE k = 0 AND c1 = 1 AND c2 IN (0, 1)');
    expect(await rowsOf(s.db, 'SELECT * FROM del_rows WHERE k IN (0, 1, 2, 3)')).toEqual([
      [0, 0, 0, 0],
      [0, 1, 0, null],
      [0, 1, 1, null],
      [1, 0, 1, 101],
      [1, 1, 0, 110],
    ]);
  });

  it('deletes a range by clustering prefix and by slices, on ASC and DESC clustering columns', async () => {
    await s.db.execute('CREATE TABLE del_range_asc (k int, c1 int, c2 int, v int, PRIMARY KEY (k, c1, c2))');
    await s.db.execute('CREATE TABLE del_range_desc (k int, c1 int, c2 int, v int, PRIMARY KEY (k, c1, c2)) WITH CLUSTERING ORDER BY (c1 DESC, c2 ASC)');
    for (const table of ['del_range_asc', 'del_range_desc']) {
      await fill(table, 1, 6, 2);
      await s.db.execute(`DELETE FROM ${table} WHERE k = 0 AND c1 = 1`);
      await s.db.execute(`DELETE FROM ${table} WHERE k = 0 AND c1 > 3 AND c1 <= 4`);
      await s.db.execute(`DELETE FROM ${table} WHERE k = 0 AND c1 = 5 AND c2 >= 1`);
      await s.db.execute(`DELETE FROM ${table} WHERE k = 0 AND (c1, c2) >= (2, 1) AND (c1, c2) < (3, 1)`);
      const left = (await rowsOf(s.db, `SELECT c1, c2 FROM ${table} WHERE k = 0`)).map((r) => `${String(r[0])}.${String(r[1])}`);
      const expected = ['0.0', '0.1', '2.0', '3.1', '5.0'];
      expect({ table, left }).toEqual({ table, left: table === 'del_range_asc' ? expected : ['5.0', '3.1', '2.0', '0.0', '0.1'] });
    }
  });

  it('keeps a range deletion from resurrecting rows outside it or shadowing rows written after it', async () => {
    await s.db.execute('CREATE TABLE del_range_later (a int, b int, c text, PRIMARY KEY (a, b))');
    for (let b = 0; b < 10; b++) await s.db.execute("INSERT INTO del_range_later (a, b, c) VALUES (1, ?, 'abc')", [b]);
    await s.db.execute('DELETE FROM del_range_later WHERE a = 1 AND b <= 3');
    expect(await rowsOf(s.db, 'SELECT * FROM del_range_later WHERE a = 1 AND b <= 2')).toEqual([]);
    await s.db.execute("INSERT INTO del_range_later (a, b, c) VALUES (1, 2, 'again')");
    expect(await rowsOf(s.db, 'SELECT b, c FROM del_range_later WHERE a = 1 AND b < 5')).toEqual([
      [2, 'again'],
      [4, 'abc'],
    ]);
  });

  it('deletes map entries, list elements by index, set elements and UDT fields', async () => {
    await s.db.execute('CREATE TYPE del_point (x int, y int)');
    await s.db.execute('CREATE TABLE del_elements (k int PRIMARY KEY, m map<text, int>, l list<text>, st set<int>, p del_point)');
    await s.db.execute("INSERT INTO del_elements (k, m, l, st, p) VALUES (0, {'a': 1, 'b': 2}, ['x', 'y', 'z'], {1, 2, 3}, {x: 1, y: 2})");
    await s.db.execute("DELETE m['a'], l[1], st[2], p.y FROM del_elements WHERE k = 0");
    expect(await rowsOf(s.db, 'SELECT m, l, st, p FROM del_elements WHERE k = 0')).toEqual([[{ b: 2 }, ['x', 'z'], [1, 3], { x: 1, y: null }]]);
    expect(await failureOf(s.db.execute('DELETE l[5] FROM del_elements WHERE k = 0'))).toEqual({ code: CqlErrorCode.invalid, message: 'List index 5 out of bound, list has size 2' });
    await s.db.execute('DELETE l FROM del_elements WHERE k = 0');
    expect(await failureOf(s.db.execute('DELETE l[0] FROM del_elements WHERE k = 0'))).toEqual({
      code: CqlErrorCode.invalid,
      message: 'Attempted to delete an element from a list which is null',
    });
  });

  it('leaves data written at a later timestamp than the deletion (USING TIMESTAMP)', async () => {
    await s.db.execute('CREATE TABLE del_timestamp (k int, c int, v int, PRIMARY KEY (k, c))');
    await s.db.execute('INSERT INTO del_timestamp (k, c, v) VALUES (0, 0, 0) USING TIMESTAMP 2000');
    await s.db.execute('INSERT INTO del_timestamp (k, c, v) VALUES (0, 1, 1) USING TIMESTAMP 4000');
    await s.db.execute('DELETE FROM del_timestamp USING TIMESTAMP 3000 WHERE k = 0');
    expect(await rowsOf(s.db, 'SELECT c, v FROM del_timestamp WHERE k = 0')).toEqual([[1, 1]]);
    await s.db.execute('INSERT INTO del_timestamp (k, c, v) VALUES (0, 0, 9) USING TIMESTAMP 2500');
    expect(await rowsOf(s.db, 'SELECT c, v FROM del_timestamp WHERE k = 0')).toEqual([[1, 1]]);
    await s.db.execute('DELETE v FROM del_timestamp USING TIMESTAMP 3999 WHERE k = 0 AND c = 1');
    await s.db.execute('DELETE FROM del_timestamp USING TIMESTAMP 4000 WHERE k = 0 AND c = 1');
    expect(await rowsOf(s.db, 'SELECT c, v FROM del_timestamp WHERE k = 0')).toEqual([]);
  });

  it('refuses what DeleteTest refuses, with its messages', async () => {
    await s.db.execute('CREATE TABLE del_refusals (pk int, c1 int, c2 int, v int, PRIMARY KEY (pk, c1, c2))');
    const cases: Array<[string, unknown[], string]> = [
      ['DELETE FROM del_refusals WHERE c1 = ? AND c2 = ?', [1, 1], 'Some partition key parts are missing: pk'],
      ['DELETE FROM del_refusals WHERE pk = ? AND c2 = ?', [0, 1], 'PRIMARY KEY column "c2" cannot be restricted as preceding column "c1" is not restricted'],
      ['DELETE FROM del_refusals WHERE token(pk) = token(?) AND c1 = ? AND c2 = ?', [0, 1, 1], 'The token function cannot be used in WHERE clauses for DELETE statements'],
      ['DELETE FROM del_refusals WHERE pk = ? AND c1 = ? AND c2 = ? AND c1 = ?', [0, 1, 1, 1], 'c1 cannot be restricted by more than one relation if it includes an Equal'],
      ['DELETE v1 FROM del_refusals WHERE pk = ? AND c1 = ? AND c2 = ?', [0, 1, 1], 'Undefined column name v1'],
      ['DELETE FROM del_refusals WHERE pk1 = ? AND c1 = ? AND c2 = ?', [0, 1, 1], 'Undefined column name pk1'],
      ['DELETE FROM del_refusals WHERE pk > ? AND c1 = ? AND c2 = ?', [0, 1, 1], 'Only EQ and IN relation are supported on the partition key (unless you use the token() function)'],
      ['DELETE FROM del_refusals WHERE pk CONTAINS ? AND c1 = ? AND c2 = ?', [0, 1, 1], 'Cannot use CONTAINS on non-collection column pk'],
      ['DELETE FROM del_refusals WHERE pk = ? AND c1 = ? AND c2 = ? AND v = ?', [0, 1, 1, 3], 'Non PRIMARY KEY columns found in where clause: v'],
      ['DELETE c1 FROM del_refusals WHERE pk = ? AND c1 = ? AND c2 = ?', [0, 1, 1], 'Invalid identifier c1 for deletion (should not be a PRIMARY KEY part)'],
      ['DELETE v FROM del_refusals WHERE pk = ? AND c1 > ?', [0, 1], 'Range deletions are not supported for specific columns'],
      ['DELETE v FROM del_refusals WHERE pk = ? AND c1 = ?', [0, 1], 'Range deletions are not supported for specific columns'],
    ];
    for (const [cql, params, message] of cases) {
      expect({ cql, ...(await failureOf(s.db.execute(cql, params))) }).toEqual({ cql, code: CqlErrorCode.invalid, message });
    }
  });
});
