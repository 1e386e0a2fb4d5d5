/**
 * Counters as Cassandra documents them (types.adoc "Counters", CountersTest): increments and
 * decrements only, concurrent increments all counted, counter batches, deletion, and the
 * refusals of INSERT, SET, TTL and TIMESTAMP on counter tables.
 */

import { describe, expect, it } from 'vitest';
import { CqlErrorCode } from '../../../../src/lib/errors.js';
import { driverTypes } from '../../../../src/cql/types/driver-values.js';
import { failureOf, rowsOf, useDatabase } from './semantics-db.js';

const s = useDatabase();

describe('Counters', () => {
  it('increments and decrements by literals and bound values (number, Long, string), several columns at once', async () => {
    await s.db.execute('CREATE TABLE cnt_basic (k text, c int, hits counter, misses counter, PRIMARY KEY (k, c))');
    await s.db.execute("UPDATE cnt_basic SET hits = hits + 5 WHERE k = 'a' AND c = 1");
    await s.db.execute("UPDATE cnt_basic SET hits = hits - 2, misses = misses + 1 WHERE k = 'a' AND c = 1");
    await s.db.execute("UPDATE cnt_basic SET hits = hits + ? WHERE k = 'a' AND c = 1", [driverTypes.Long.fromString('10000000000')]);
    await s.db.execute("UPDATE cnt_basic SET misses = misses - ? WHERE k = 'a' AND c = 1", ['4']);
    await s.db.execute("UPDATE cnt_basic SET hits += 1 WHERE k = 'a' AND c = 2");
    expect(await rowsOf(s.db, "SELECT * FROM cnt_basic WHERE k = 'a'")).toEqual([
      ['a', 1, '10000000003', '-3'],
      ['a', 2, '1', null],
    ]);
  });

  it('counts every one of many concurrent increments of one counter', async () => {
    await s.db.execute('CREATE TABLE cnt_concurrent (k int PRIMARY KEY, n counter)');
    await Promise.all(Array.from({ length: 40 }, (_, i) => s.db.execute('UPDATE cnt_concurrent SET n = n + ? WHERE k = 0', [i % 2 === 0 ? 2 : -1])));
    expect(await rowsOf(s.db, 'SELECT n FROM cnt_concurrent WHERE k = 0')).toEqual([['20']]);
  });

  it('applies counter batches (COUNTER BATCH text and db.batch with counter: true)', async () => {
    await s.db.execute('CREATE TABLE cnt_batch (k int PRIMARY KEY, n counter)');
    await s.db.execute('BEGIN COUNTER BATCH UPDATE cnt_batch SET n = n + 1 WHERE k = 0; UPDATE cnt_batch SET n = n + 2 WHERE k = 0; UPDATE cnt_batch SET n = n + ? WHERE k = 1; APPLY BATCH', [7]);
    await s.db.batch(
      [
        { query: 'UPDATE cnt_batch SET n = n + ? WHERE k = ?', params: [10, 0] },
        { query: 'UPDATE cnt_batch SET n = n - ? WHERE k = ?', params: [1, 1] },
      ],
      { counter: true },
    );
    expect(await rowsOf(s.db, 'SELECT k, n FROM cnt_batch WHERE k IN (0, 1)')).toEqual([
      [0, '13'],
      [1, '6'],
    ]);
  });

  it('deletes a counter column and a counter row', async () => {
    await s.db.execute('CREATE TABLE cnt_delete (k int PRIMARY KEY, a counter, b counter)');
    await s.db.execute('UPDATE cnt_delete SET a = a + 1, b = b + 1 WHERE k = 0');
    await s.db.execute('UPDATE cnt_delete SET a = a + 1 WHERE k = 1');
    await s.db.execute('DELETE a FROM cnt_delete WHERE k = 0');
    await s.db.execute('DELETE FROM cnt_delete WHERE k = 1');
    expect(await rowsOf(s.db, 'SELECT * FROM cnt_delete WHERE k IN (0, 1)')).toEqual([[0, null, '1']]);
  });

  it('refuses INSERT, SET, TTL, TIMESTAMP and null increments with Cassandra messages, and storing nothing', async () => {
    await s.db.execute('CREATE TABLE cnt_refusals (k int PRIMARY KEY, n counter)');
    const cases: Array<[string, unknown[], string]> = [
      ['INSERT INTO cnt_refusals (k, n) VALUES (0, 1)', [], 'INSERT statements are not allowed on counter tables, use UPDATE instead'],
      ['UPDATE cnt_refusals SET n = 5 WHERE k = 0', [], 'Cannot set the value of counter column n (counters can only be incremented/decremented, not set)'],
      ['UPDATE cnt_refusals USING TTL 10 SET n = n + 1 WHERE k = 0', [], 'Cannot provide custom TTL for counter updates'],
      ['UPDATE cnt_refusals USING TIMESTAMP 10 SET n = n + 1 WHERE k = 0', [], 'Cannot provide custom timestamp for counter updates'],
      ['UPDATE cnt_refusals SET n = n + ? WHERE k = 0', [null], 'Invalid null value for counter increment'],
      ['UPDATE cnt_refusals SET n = 1 + n WHERE k = 0', [], 'Invalid operation (n = 1 + n) for non list column n'],
    ];
    for (const [cql, params, message] of cases) {
      expect({ cql, ...(await failureOf(s.db.execute(cql, params))) }).toEqual({ cql, code: CqlErrorCode.invalid, message });
    }
    expect(await failureOf(s.db.execute('CREATE TABLE cnt_mixed (k int PRIMARY KEY, n counter, v int)'))).toEqual({
      code: CqlErrorCode.invalid,
      message: 'Cannot mix counter and non counter columns in the same table',
    });
    expect(await rowsOf(s.db, 'SELECT * FROM cnt_refusals')).toEqual([]);
  });
});
