/**
 * Static columns as Cassandra documents them (ddl.adoc "Static columns", StaticColumnsTest):
 * one value per partition shared by its rows, a partition holding only static values reading
 * as one row with null clustering (for queries of whole partitions only), static-only UPDATE
 * and DELETE, DISTINCT and filtering on statics.
 */

import { describe, expect, it } from 'vitest';
import { CqlErrorCode } from '../../../../src/lib/errors.js';
import { failureOf, rowsOf, useDatabase } from './semantics-db.js';

const s = useDatabase();

describe('Static columns', () => {
  it('share one value per partition, and a static-only partition reads as one row with null clustering', async () => {
    await s.db.execute('CREATE TABLE st_shared (k int, c int, s text static, v int, PRIMARY KEY (k, c))');
    await s.db.execute("INSERT INTO st_shared (k, c, s, v) VALUES (0, 0, 'A', 0)");
    await s.db.execute("INSERT INTO st_shared (k, c, s, v) VALUES (0, 1, 'A2', 1)");
    await s.db.execute("INSERT INTO st_shared (k, s) VALUES (1, 'B')");
    expect(await rowsOf(s.db, 'SELECT * FROM st_shared WHERE k IN (0, 1)')).toEqual([
      [0, 0, 'A2', 0],
      [0, 1, 'A2', 1],
      [1, null, 'B', null],
    ]);
    expect(await rowsOf(s.db, 'SELECT count(*) FROM st_shared WHERE k = 1')).toEqual([['1']]);
    await s.db.execute('INSERT INTO st_shared (k, c, v) VALUES (1, 0, 5)');
    expect(await rowsOf(s.db, 'SELECT * FROM st_shared WHERE k = 1')).toEqual([[1, 0, 'B', 5]]);
  });

  it('returns a static-only partition only to queries of whole partitions (no clustering or regular-column restriction)', async () => {
    await s.db.execute('CREATE TABLE st_only (k int, c int, s int static, v int, PRIMARY KEY (k, c))');
    await s.db.execute('INSERT INTO st_only (k, s) VALUES (0, 7)');
    expect(await rowsOf(s.db, 'SELECT k, c, s FROM st_only WHERE k = 0')).toEqual([[0, null, 7]]);
    expect(await rowsOf(s.db, 'SELECT k, c, s FROM st_only')).toEqual([[0, null, 7]]);
    expect(await rowsOf(s.db, 'SELECT k, c, s FROM st_only WHERE s = 7 ALLOW FILTERING')).toEqual([[0, null, 7]]);
    expect(await rowsOf(s.db, 'SELECT k, c, s FROM st_only WHERE k = 0 AND c = 1')).toEqual([]);
    expect(await rowsOf(s.db, 'SELECT k, c, s FROM st_only WHERE k = 0 AND c > 1')).toEqual([]);
    expect(await rowsOf(s.db, 'SELECT k, c, s FROM st_only WHERE c > 1 ALLOW FILTERING')).toEqual([]);
    expect(await rowsOf(s.db, 'SELECT k, c, s FROM st_only WHERE k = 0 AND v = 1 ALLOW FILTERING')).toEqual([]);
  });

  it('UPDATE and DELETE static columns by partition key alone; deleting every row keeps the statics', async () => {
    await s.db.execute('CREATE TABLE st_write (k int, c int, s int static, v int, PRIMARY KEY (k, c))');
    await s.db.execute('UPDATE st_write SET s = 1 WHERE k = 0');
    await s.db.execute('INSERT INTO st_write (k, c, v) VALUES (0, 0, 0)');
    await s.db.execute('INSERT INTO st_write (k, c, v) VALUES (0, 1, 1)');
    await s.db.execute('UPDATE st_write SET s = 2, v = 1 WHERE k = 0 AND c = 1');
    expect(await rowsOf(s.db, 'SELECT c, s, v FROM st_write WHERE k = 0')).toEqual([
      [0, 2, 0],
      [1, 2, 1],
    ]);
    await s.db.execute('DELETE FROM st_write WHERE k = 0 AND c >= 0');
    expect(await rowsOf(s.db, 'SELECT * FROM st_write WHERE k = 0')).toEqual([[0, null, 2, null]]);
    await s.db.execute('DELETE s FROM st_write WHERE k = 0');
    expect(await rowsOf(s.db, 'SELECT * FROM st_write WHERE k = 0')).toEqual([]);
    await s.db.execute('INSERT INTO st_write (k, c, s, v) VALUES (1, 0, 3, 0)');
    await s.db.execute('DELETE FROM st_write WHERE k = 1');
    expect(await rowsOf(s.db, 'SELECT * FROM st_write WHERE k = 1')).toEqual([]);
  });

  it('answers SELECT DISTINCT with partition keys and statics, and refuses what Cassandra refuses', async () => {
    await s.db.execute('CREATE TABLE st_distinct (k int, c int, s text static, v int, PRIMARY KEY (k, c))');
    for (let k = 0; k < 3; k++) for (let c = 0; c < 3; c++) await s.db.execute('INSERT INTO st_distinct (k, c, s, v) VALUES (?, ?, ?, ?)', [k, c, `s${k}`, c]);
    expect(await rowsOf(s.db, 'SELECT DISTINCT k, s FROM st_distinct WHERE k IN (2, 0)')).toEqual([
      [0, 's0'],
      [2, 's2'],
    ]);
    expect((await rowsOf(s.db, 'SELECT DISTINCT k FROM st_distinct')).length).toBe(3);
    expect(await failureOf(s.db.execute('SELECT DISTINCT k, v FROM st_distinct'))).toEqual({
      code: CqlErrorCode.invalid,
      message: 'SELECT DISTINCT queries must only request partition key columns and/or static columns (not v)',
    });
    expect(await failureOf(s.db.execute("INSERT INTO st_distinct (k, s, v) VALUES (0, 'x', 1)"))).toEqual({ code: CqlErrorCode.invalid, message: 'Some clustering keys are missing: c' });
    expect(await failureOf(s.db.execute('UPDATE st_distinct SET v = 1 WHERE k = 0'))).toEqual({ code: CqlErrorCode.invalid, message: 'Some clustering keys are missing: c' });
    // Clustering restrictions beside static columns alone suggest a static value belongs to a row.
    expect(await failureOf(s.db.execute('UPDATE st_distinct SET s = 1 WHERE k = 0 AND c = 1'))).toEqual({
      code: CqlErrorCode.invalid,
      message: 'Invalid restrictions on clustering columns since the UPDATE statement modifies only static columns',
    });
    expect(await failureOf(s.db.execute('DELETE s FROM st_distinct WHERE k = 0 AND c = 1'))).toEqual({
      code: CqlErrorCode.invalid,
      message: 'Invalid restrictions on clustering columns since the DELETE statement modifies only static columns',
    });
    expect(await failureOf(s.db.execute('SELECT k, s FROM st_distinct WHERE k = 0 AND c = 1'))).toEqual({ code: CqlErrorCode.invalid, message: 'Cannot restrict clustering columns when selecting only static columns' });
    expect(await rowsOf(s.db, 'SELECT s, v FROM st_distinct WHERE k = 0 AND c = 1')).toEqual([['s0', 1]]);
    expect(await failureOf(s.db.execute('CREATE TABLE st_no_clustering (k int PRIMARY KEY, s int static)'))).toEqual({
      code: CqlErrorCode.invalid,
      message: 'Static columns are only useful (and thus allowed) if the table has at least one clustering column',
    });
  });
});
