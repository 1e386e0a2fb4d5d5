/**
 * One column named twice in a write, as Cassandra answers it: UPDATE's incompatible SET items
 * are a syntax error (Parser.g's addRawUpdate, `Multiple incompatible setting of column v`),
 * INSERT's repeated column an Invalid (`The column names contains duplicates`); compatible items
 * (appends, counter increments, element assignments) all apply. Nothing refused is written.
 */

import { describe, expect, it } from 'vitest';
import { CqlErrorCode } from '../../../../src/lib/errors.js';
import { failureOf, rowsOf, useDatabase } from './semantics-db.js';

const s = useDatabase();

describe('a column named twice in one write', () => {
  it('UPDATE: incompatible SET items are a syntax error, in a batch too; nothing is written', async () => {
    await s.db.execute('CREATE TYPE dup_pair (f int, g int)');
    await s.db.execute('CREATE TABLE dup_upd (k int PRIMARY KEY, v int, l list<int>, u dup_pair)');
    const cases: Array<[string, string]> = [
      ['UPDATE dup_upd SET v = 1, v = 2 WHERE k = 0', 'v'],
      ['UPDATE dup_upd SET l = [1], l = l + [2] WHERE k = 0', 'l'],
      ['UPDATE dup_upd SET u.f = 1, u.f = 2 WHERE k = 0', 'u'],
      ['BEGIN BATCH UPDATE dup_upd SET v = 1, v = 2 WHERE k = 0; APPLY BATCH', 'v'],
    ];
    for (const [cql, column] of cases) {
      const failure = await failureOf(s.db.execute(cql));
      expect({ cql, code: failure.code, message: failure.message.replace(/^line \d+:\d+ /, '') }).toEqual({
        cql,
        code: CqlErrorCode.syntaxError,
        message: `Multiple incompatible setting of column ${column}`,
      });
    }
    expect(await rowsOf(s.db, 'SELECT * FROM dup_upd')).toEqual([]);
  });

  it('UPDATE: compatible items all apply', async () => {
    await s.db.execute('CREATE TYPE dup_pair2 (f int, g int)');
    await s.db.execute('CREATE TABLE dup_ok (k int PRIMARY KEY, l list<int>, s set<int>, u dup_pair2)');
    await s.db.execute('UPDATE dup_ok SET l = l + [1], l = l + [2], s = s + {1}, s = s + {2}, u.f = 1, u.g = 2 WHERE k = 0');
    expect(await rowsOf(s.db, 'SELECT l, s, u FROM dup_ok WHERE k = 0')).toEqual([[[1, 2], [1, 2], { f: 1, g: 2 }]]);
    await s.db.execute('CREATE TABLE dup_counts (k int PRIMARY KEY, c counter)');
    await s.db.execute('UPDATE dup_counts SET c = c + 5, c = c - 2 WHERE k = 0');
    expect(await rowsOf(s.db, 'SELECT c FROM dup_counts WHERE k = 0')).toEqual([['3']]);
  });

  it('INSERT: a repeated column is Invalid, key or not', async () => {
    await s.db.execute('CREATE TABLE dup_ins (k int PRIMARY KEY, v int)');
    for (const cql of ['INSERT INTO dup_ins (k, v, v) VALUES (0, 1, 2)', 'INSERT INTO dup_ins (k, k, v) VALUES (0, 0, 1)']) {
      expect(await failureOf(s.db.execute(cql))).toEqual({ code: CqlErrorCode.invalid, message: 'The column names contains duplicates' });
    }
    expect(await rowsOf(s.db, 'SELECT * FROM dup_ins')).toEqual([]);
  });
});
