/**
 * BATCH as Cassandra documents it (dml.adoc "BATCH", BatchTest): statements across partitions
 * and tables applied with one timestamp (the batch's, unless a statement sets its own), markers
 * numbered across statements (BEGIN BATCH text and db.batch), all or nothing when a statement
 * is refused, and the logged / unlogged / counter rules with Cassandra's messages.
 */

import { describe, expect, it } from 'vitest';
import { CqlErrorCode } from '../../../../src/lib/errors.js';
import { failureOf, rowsOf, useDatabase } from './semantics-db.js';

const s = useDatabase();

describe('BATCH', () => {
  it('applies statements across partitions and tables, markers numbered across statements, one timestamp for all', async () => {
    await s.db.execute('CREATE TABLE b_users (id int PRIMARY KEY, name text)');
    await s.db.execute('CREATE TABLE b_by_name (name text, id int, PRIMARY KEY (name, id))');
    await s.db.execute(
      "BEGIN BATCH INSERT INTO b_users (id, name) VALUES (?, ?); INSERT INTO b_by_name (name, id) VALUES (?, ?); UPDATE b_users SET name = 'bob' WHERE id = ?; APPLY BATCH",
      [1, 'ann', 'ann', 1, 2],
    );
    await s.db.batch(
      [
        { query: 'INSERT INTO b_users (id, name) VALUES (?, ?)', params: [3, 'cy'] },
        { query: 'INSERT INTO b_by_name (name, id) VALUES (?, ?)', params: ['cy', 3] },
        "DELETE FROM b_by_name WHERE name = 'ann'",
      ],
      { logged: false },
    );
    expect(await rowsOf(s.db, 'SELECT id, name FROM b_users WHERE id IN (1, 2, 3)')).toEqual([
      [1, 'ann'],
      [2, 'bob'],
      [3, 'cy'],
    ]);
    expect(await rowsOf(s.db, 'SELECT * FROM b_by_name')).toEqual([['cy', 3]]);
    const times = await rowsOf(s.db, 'SELECT writetime(name) FROM b_users WHERE id IN (1, 2)');
    expect(times[0]).toEqual(times[1]);
  });

  it('uses the batch timestamp for every statement, or each statement its own; an insert and a delete of one row at one timestamp leave it deleted', async () => {
    await s.db.execute('CREATE TABLE b_ts (k int PRIMARY KEY, v int)');
    await s.db.execute('BEGIN UNLOGGED BATCH USING TIMESTAMP 1234 INSERT INTO b_ts (k, v) VALUES (0, 0); UPDATE b_ts SET v = 1 WHERE k = 1; APPLY BATCH');
    await s.db.execute('BEGIN BATCH INSERT INTO b_ts (k, v) VALUES (2, 2) USING TIMESTAMP 7; INSERT INTO b_ts (k, v) VALUES (3, 3) USING TIMESTAMP 8; APPLY BATCH');
    expect(await rowsOf(s.db, 'SELECT k, writetime(v) FROM b_ts WHERE k IN (0, 1, 2, 3)')).toEqual([
      [0, '1234'],
      [1, '1234'],
      [2, '7'],
      [3, '8'],
    ]);
    await s.db.execute('BEGIN BATCH INSERT INTO b_ts (k, v) VALUES (4, 4); DELETE FROM b_ts WHERE k = 4; APPLY BATCH');
    expect(await rowsOf(s.db, 'SELECT * FROM b_ts WHERE k = 4')).toEqual([]);
  });

  it('stores nothing of a batch with a refused statement', async () => {
    await s.db.execute('CREATE TABLE b_atomic (k int PRIMARY KEY, v int)');
    const failure = await failureOf(s.db.execute('BEGIN BATCH INSERT INTO b_atomic (k, v) VALUES (0, 0); INSERT INTO b_atomic (k, nope) VALUES (1, 1); APPLY BATCH'));
    expect(failure).toEqual({ code: CqlErrorCode.invalid, message: 'Undefined column name nope' });
    expect((await failureOf(s.db.batch(['INSERT INTO b_atomic (k, v) VALUES (0, 0)', { query: 'INSERT INTO b_atomic (k, v) VALUES (?, ?)', params: [1, 'x'] }]))).code).toBe(CqlErrorCode.invalid);
    // A statement given fewer values than markers must not take the next statement's values.
    const shifted = s.db.batch([
      { query: 'INSERT INTO b_atomic (k, v) VALUES (?, ?)', params: [2] },
      { query: 'INSERT INTO b_atomic (k, v) VALUES (?, ?)', params: [3, 3] },
    ]);
    expect(await failureOf(shifted)).toEqual({ code: CqlErrorCode.invalid, message: 'there were 2 markers(?) in CQL but 1 bound variables' });
    expect(await rowsOf(s.db, 'SELECT * FROM b_atomic')).toEqual([]);
  });

  it('follows the logged, unlogged and counter rules with Cassandra messages', async () => {
    await s.db.execute('CREATE TABLE b_rules (k int PRIMARY KEY, v int)');
    await s.db.execute('CREATE TABLE b_rules_counts (k int PRIMARY KEY, n counter)');
    await s.db.execute('BEGIN UNLOGGED BATCH UPDATE b_rules_counts SET n = n + 1 WHERE k = 0; UPDATE b_rules_counts SET n = n + 1 WHERE k = 1; APPLY BATCH');
    expect(await rowsOf(s.db, 'SELECT k, n FROM b_rules_counts WHERE k IN (0, 1)')).toEqual([
      [0, '1'],
      [1, '1'],
    ]);
    const cases: Array<[string, string]> = [
      ['BEGIN COUNTER BATCH INSERT INTO b_rules (k, v) VALUES (0, 0); APPLY BATCH', 'Cannot include non-counter statement in a counter batch'],
      ['BEGIN BATCH UPDATE b_rules_counts SET n = n + 1 WHERE k = 0; APPLY BATCH', 'Cannot include a counter statement in a logged batch'],
      ['BEGIN UNLOGGED BATCH UPDATE b_rules_counts SET n = n + 1 WHERE k = 0; INSERT INTO b_rules (k, v) VALUES (0, 0); APPLY BATCH', 'Counter and non-counter mutations cannot exist in the same batch'],
      ['BEGIN COUNTER BATCH USING TIMESTAMP 5 UPDATE b_rules_counts SET n = n + 1 WHERE k = 0; APPLY BATCH', 'Cannot provide custom timestamp for counter BATCH'],
      ['BEGIN BATCH USING TIMESTAMP 5 INSERT INTO b_rules (k, v) VALUES (0, 0) USING TIMESTAMP 6; APPLY BATCH', 'Timestamp must be set either on BATCH or individual statements'],
      ['BEGIN BATCH INSERT INTO b_rules (k, v) VALUES (0, 0) IF NOT EXISTS; APPLY BATCH', 'Conditional updates are not supported in batches by Sibyl yet'],
    ];
    for (const [cql, message] of cases) expect({ cql, ...(await failureOf(s.db.execute(cql))) }).toEqual({ cql, code: CqlErrorCode.invalid, message });
    expect(await failureOf(s.db.execute('BEGIN BATCH USING TTL 5 INSERT INTO b_rules (k, v) VALUES (0, 0); APPLY BATCH'))).toMatchObject({ message: 'Global TTL on the BATCH statement is not supported.' });
    expect(await failureOf(s.db.batch(['SELECT * FROM b_rules']))).toEqual({ code: CqlErrorCode.invalid, message: 'Invalid statement in batch: only UPDATE, INSERT and DELETE statements are allowed.' });
    expect((await failureOf(s.db.execute('BEGIN BATCH SELECT * FROM b_rules; APPLY BATCH'))).code).toBe(CqlErrorCode.syntaxError);
    expect(await rowsOf(s.db, 'SELECT * FROM b_rules')).toEqual([]);
  });
});
