/**
 * INSERT as Cassandra documents it (dml.adoc "INSERT", InsertTest): an upsert that never reads,
 * a row that exists by its primary key alone (row liveness), nulls that delete, unset values that
 * leave cells alone, and the refusals for missing or repeated key columns.
 */

import { describe, expect, it } from 'vitest';
import { CqlErrorCode } from '../../../../src/lib/errors.js';
import { driverTypes } from '../../../../src/cql/types/driver-values.js';
import { failureOf, rowsOf, useDatabase } from './semantics-db.js';

const s = useDatabase();

describe('INSERT', () => {
  it('upserts: a second INSERT overwrites the columns it names and keeps the others', async () => {
    await s.db.execute('CREATE TABLE ins_upsert (k int, c int, v int, w text, PRIMARY KEY (k, c))');
    await s.db.execute("INSERT INTO ins_upsert (k, c, v, w) VALUES (1, 1, 1, 'a')");
    await s.db.execute('INSERT INTO ins_upsert (k, c, v) VALUES (1, 1, 2)');
    expect(await rowsOf(s.db, 'SELECT * FROM ins_upsert')).toEqual([[1, 1, 2, 'a']]);
  });

  it('keeps a row inserted with its primary key only, and one whose columns are all nulled', async () => {
    await s.db.execute('CREATE TABLE ins_liveness (k int, c int, v int, PRIMARY KEY (k, c))');
    await s.db.execute('INSERT INTO ins_liveness (k, c) VALUES (0, 0)');
    await s.db.execute('INSERT INTO ins_liveness (k, c, v) VALUES (0, 1, 1)');
    expect(await rowsOf(s.db, 'SELECT * FROM ins_liveness')).toEqual([[0, 0, null], [0, 1, 1]]);
    await s.db.execute('UPDATE ins_liveness SET v = null WHERE k = 0 AND c = 1');
    await s.db.execute('DELETE v FROM ins_liveness WHERE k = 0 AND c = 0');
    expect(await rowsOf(s.db, 'SELECT * FROM ins_liveness')).toEqual([[0, 0, null], [0, 1, null]]);
  });

  it('lets a row written by UPDATE alone disappear when its last column is nulled', async () => {
    await s.db.execute('CREATE TABLE ins_update_only (k int, c int, v int, w int, PRIMARY KEY (k, c))');
    await s.db.execute('UPDATE ins_update_only SET v = 1, w = 2 WHERE k = 0 AND c = 0');
    expect(await rowsOf(s.db, 'SELECT * FROM ins_update_only')).toEqual([[0, 0, 1, 2]]);
    await s.db.execute('UPDATE ins_update_only SET v = null WHERE k = 0 AND c = 0');
    expect(await rowsOf(s.db, 'SELECT * FROM ins_update_only')).toEqual([[0, 0, null, 2]]);
    await s.db.execute('DELETE w FROM ins_update_only WHERE k = 0 AND c = 0');
    expect(await rowsOf(s.db, 'SELECT * FROM ins_update_only')).toEqual([]);
  });

  it('deletes a column bound to null and leaves one bound to unset', async () => {
    await s.db.execute('CREATE TABLE ins_unset (k int PRIMARY KEY, s text, i int)');
    await s.db.execute('INSERT INTO ins_unset (k, s, i) VALUES (10, ?, ?)', ['text', 10]);
    await s.db.execute('INSERT INTO ins_unset (k, s, i) VALUES (10, ?, ?)', [null, null]);
    expect(await rowsOf(s.db, 'SELECT s, i FROM ins_unset WHERE k = 10')).toEqual([[null, null]]);
    await s.db.execute('INSERT INTO ins_unset (k, s, i) VALUES (11, ?, ?)', ['text', 10]);
    await s.db.execute('INSERT INTO ins_unset (k, s, i) VALUES (11, ?, ?)', [driverTypes.unset, driverTypes.unset]);
    expect(await rowsOf(s.db, 'SELECT s, i FROM ins_unset WHERE k = 11')).toEqual([['text', 10]]);
    expect(await failureOf(s.db.execute('INSERT INTO ins_unset (k, s) VALUES (?, ?)', [driverTypes.unset, 'x']))).toEqual({
      code: CqlErrorCode.invalid,
      message: 'Invalid unset value for column k',
    });
  });

  it('refuses missing, null, repeated and unknown columns with Cassandra messages', async () => {
    await s.db.execute('CREATE TABLE ins_refusals (pk int, c1 int, c2 int, v int, PRIMARY KEY (pk, c1, c2))');
    const refusal = async (cql: string): Promise<string> => {
      const failure = await failureOf(s.db.execute(cql));
      expect(failure.code).toBe(CqlErrorCode.invalid);
      return failure.message;
    };
    expect(await refusal('INSERT INTO ins_refusals (c1, c2, v) VALUES (0, 0, 1)')).toBe('Some partition key parts are missing: pk');
    expect(await refusal('INSERT INTO ins_refusals (pk, c2, v) VALUES (0, 0, 2)')).toBe('Some clustering keys are missing: c1');
    expect(await refusal('INSERT INTO ins_refusals (pk, c1, v, c2, v) VALUES (0, 0, 2, 0, 2)')).toBe('The column names contains duplicates');
    expect(await refusal('INSERT INTO ins_refusals (pk, c1, c2, vx) VALUES (0, 0, 0, 2)')).toBe('Undefined column name vx');
    expect(await refusal('INSERT INTO ins_refusals (pk, c1, c2, v) VALUES (null, 0, 0, 2)')).toBe('Invalid null value in condition for column pk');
    expect(await refusal('INSERT INTO ins_refusals (pk, c1, c2) VALUES (0, 0)')).toBe('Unmatched column names/values');
    expect(await rowsOf(s.db, 'SELECT * FROM ins_refusals')).toEqual([]);
  });

  it('refuses a bound value of the wrong type and stores nothing, alone or in a batch', async () => {
    await s.db.execute('CREATE TABLE ins_types (k int PRIMARY KEY, v bigint, t text)');
    expect((await failureOf(s.db.execute('INSERT INTO ins_types (k, v) VALUES (?, ?)', [1, 'not a number']))).code).toBe(CqlErrorCode.invalid);
    expect((await failureOf(s.db.execute('INSERT INTO ins_types (k, t) VALUES (?, ?)', [1, 42]))).code).toBe(CqlErrorCode.invalid);
    const batch = s.db.batch([
      { query: 'INSERT INTO ins_types (k, t) VALUES (?, ?)', params: [2, 'fine'] },
      { query: 'INSERT INTO ins_types (k, v) VALUES (?, ?)', params: [3, { not: 'a bigint' }] },
    ]);
    expect((await failureOf(batch)).code).toBe(CqlErrorCode.invalid);
    expect(await rowsOf(s.db, 'SELECT * FROM ins_types')).toEqual([]);
  });

  it('takes named and positional markers, and reads every native type back as the driver types it', async () => {
    await s.db.execute(
      'CREATE TABLE ins_native (k text PRIMARY KEY, big bigint, dec decimal, dbl double, flt float, i int, small smallint, tiny tinyint, vi varint, b boolean, bl blob, u uuid, tu timeuuid, ip inet, d date, tm time, ts timestamp, dur duration, a ascii)',
    );
    await s.db.execute(
      "INSERT INTO ins_native (k, big, dec, dbl, flt, i, small, tiny, vi, b, bl, u, tu, ip, d, tm, ts, dur, a) VALUES ('x', 9223372036854775807, 1.50, 0.25, 1.5, -7, 300, -3, 123456789012345678901234567890, true, 0xcafe, 62c36092-82a1-3a00-93d1-46196ee77204, 50554d6e-29bb-11e5-b345-feff819cdc9f, '::1', '2015-05-03', '13:30:54.234', '2011-02-03 04:05:00.000+0000', 1h4m, 'ascii')",
    );
    expect(await rowsOf(s.db, "SELECT big, dec, dbl, flt, i, small, tiny, vi, b, bl, u, tu, ip, d, tm, ts, dur, a FROM ins_native WHERE k = 'x'")).toEqual([
      [
        '9223372036854775807',
        '1.50',
        0.25,
        1.5,
        -7,
        300,
        -3,
        '123456789012345678901234567890',
        true,
        '0xcafe',
        '62c36092-82a1-3a00-93d1-46196ee77204',
        '50554d6e-29bb-11e5-b345-feff819cdc9f',
        '::1',
        '2015-05-03',
        '13:30:54.234',
        '2011-02-03T04:05:00.000Z',
        '1h4m',
        'ascii',
      ],
    ]);
    await s.db.execute('INSERT INTO ins_native (k, i) VALUES (:key, :value)', { key: 'named', value: 5 });
    expect(await rowsOf(s.db, "SELECT i FROM ins_native WHERE k = 'named'")).toEqual([[5]]);
  });
});
