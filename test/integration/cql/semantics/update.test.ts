/**
 * UPDATE as Cassandra documents it (dml.adoc "UPDATE", UpdateTest): an upsert of the columns it
 * sets, on every row its WHERE clause names (= and IN on each key column, tuple notation too),
 * never a row marker of its own; and the refusals of UpdateTest with Cassandra's messages.
 */

import { describe, expect, it } from 'vitest';
import { CqlErrorCode } from '../../../../src/lib/errors.js';
import { failureOf, rowsOf, useDatabase } from './semantics-db.js';

const s = useDatabase();

describe('UPDATE', () => {
  it('writes every row named by = and IN, in scalar and tuple notation', async () => {
    await s.db.execute('CREATE TABLE upd_rows (pk int, c1 int, c2 int, v int, PRIMARY KEY (pk, c1, c2))');
    for (const [pk, c1, c2] of [[0, 0, 0], [0, 0, 1], [0, 1, 1], [1, 0, 0]]) {
      await s.db.execute('INSERT INTO upd_rows (pk, c1, c2, v) VALUES (?, ?, ?, 0)', [pk, c1, c2]);
    }
    await s.db.execute('UPDATE upd_rows SET v = ? WHERE pk = ? AND c1 = ? AND c2 = ?', [7, 0, 1, 1]);
    await s.db.execute('UPDATE upd_rows SET v = ? WHERE pk = ? AND (c1, c2) = (?, ?)', [8, 0, 0, 1]);
    await s.db.execute('UPDATE upd_rows SET v = ? WHERE pk IN (?, ?) AND c1 = ? AND c2 = ?', [9, 0, 1, 0, 0]);
    expect(await rowsOf(s.db, 'SELECT * FROM upd_rows WHERE pk IN (0, 1)')).toEqual([
      [0, 0, 0, 9],
      [0, 0, 1, 8],
      [0, 1, 1, 7],
      [1, 0, 0, 9],
    ]);
    await s.db.execute('UPDATE upd_rows SET v = ? WHERE pk = ? AND c1 IN ? AND c2 IN (?, ?)', [5, 0, [0, 1], 1, 2]);
    expect(await rowsOf(s.db, 'SELECT c1, c2, v FROM upd_rows WHERE pk = 0')).toEqual([
      [0, 0, 9],
      [0, 1, 5],
      [0, 2, 5],
      [1, 1, 5],
      [1, 2, 5],
    ]);
    await s.db.execute('UPDATE upd_rows SET v = ? WHERE pk = ? AND (c1, c2) IN ((?, ?), (?, ?))', [6, 1, 0, 0, 3, 3]);
    expect(await rowsOf(s.db, 'SELECT c1, c2, v FROM upd_rows WHERE pk = 1')).toEqual([
      [0, 0, 6],
      [3, 3, 6],
    ]);
  });

  it('sets several columns at once, and a null deletes only that cell', async () => {
    await s.db.execute('CREATE TABLE upd_cells (k int PRIMARY KEY, a int, b text, c boolean)');
    await s.db.execute("UPDATE upd_cells SET a = 1, b = 'x', c = true WHERE k = 1");
    await s.db.execute('UPDATE upd_cells SET b = null WHERE k = 1');
    expect(await rowsOf(s.db, 'SELECT * FROM upd_cells')).toEqual([[1, 1, null, true]]);
  });

  it('refuses what UpdateTest refuses, with its messages', async () => {
    await s.db.execute('CREATE TABLE upd_refusals (pk int, c int, v int, PRIMARY KEY (pk, c))');
    const cases: Array<[string, unknown[], string]> = [
      ['UPDATE upd_refusals SET v = ? WHERE c = ?', [7, 1], 'Some partition key parts are missing: pk'],
      ['UPDATE upd_refusals SET v = ? WHERE pk = ?', [7, 0], 'Some clustering keys are missing: c'],
      ['UPDATE upd_refusals SET v = ? WHERE token(pk) = token(?) AND c = ?', [7, 0, 1], 'The token function cannot be used in WHERE clauses for UPDATE statements'],
      ['UPDATE upd_refusals SET v = ? WHERE pk = ? AND c = ? AND c = ?', [7, 0, 1, 1], 'c cannot be restricted by more than one relation if it includes an Equal'],
      ['UPDATE upd_refusals SET v1 = ? WHERE pk = ? AND c = ?', [7, 0, 1], 'Undefined column name v1'],
      ['UPDATE upd_refusals SET v = ? WHERE pk1 = ? AND c = ?', [7, 0, 1], 'Undefined column name pk1'],
      ['UPDATE upd_refusals SET v = ? WHERE pk > ? AND c = ?', [7, 0, 1], 'Only EQ and IN relation are supported on the partition key (unless you use the token() function)'],
      ['UPDATE upd_refusals SET v = ? WHERE pk CONTAINS ? AND c = ?', [7, 0, 1], 'Cannot use CONTAINS on non-collection column pk'],
      ['UPDATE upd_refusals SET v = ? WHERE pk = ? AND c = ? AND v = ?', [7, 0, 1, 3], 'Non PRIMARY KEY columns found in where clause: v'],
      ['UPDATE upd_refusals SET v = ? WHERE pk = ? AND c > ?', [7, 0, 1], 'Slice restrictions are not supported on the clustering columns in UPDATE statements'],
      ['UPDATE upd_refusals SET c = ? WHERE pk = ? AND c = ?', [7, 0, 1], 'PRIMARY KEY part c found in SET part'],
      ['UPDATE upd_refusals SET v = ? WHERE pk = ? AND c = ?', [7, null, 1], 'Invalid null value in condition for column pk'],
    ];
    for (const [cql, params, message] of cases) {
      expect({ cql, ...(await failureOf(s.db.execute(cql, params))) }).toEqual({ cql, code: CqlErrorCode.invalid, message });
    }
    expect(await rowsOf(s.db, 'SELECT * FROM upd_refusals')).toEqual([]);
  });

  it('refuses conditional updates (IF, IF EXISTS) clearly: lightweight transactions are not supported', async () => {
    await s.db.execute('CREATE TABLE upd_lwt (k int PRIMARY KEY, v int)');
    for (const cql of ['UPDATE upd_lwt SET v = 1 WHERE k = 0 IF v = 0', 'UPDATE upd_lwt SET v = 1 WHERE k = 0 IF EXISTS', 'INSERT INTO upd_lwt (k, v) VALUES (0, 0) IF NOT EXISTS', 'DELETE FROM upd_lwt WHERE k = 0 IF EXISTS']) {
      const failure = await failureOf(s.db.execute(cql));
      expect(failure.code).toBe(CqlErrorCode.invalid);
      expect(failure.message).toMatch(/not supported/);
    }
    expect(await rowsOf(s.db, 'SELECT * FROM upd_lwt')).toEqual([]);
  });
});
