/**
 * JSON as Cassandra documents it (json.adoc; JsonTest): SELECT JSON rows as one [json] column
 * named by the selection, INSERT JSON with DEFAULT NULL (missing columns deleted) and DEFAULT
 * UNSET (left alone), toJson() and fromJson() in selections, values and assignments.
 */

import { describe, expect, it } from 'vitest';
import { CqlErrorCode } from '../../../../src/lib/errors.js';
import { failureOf, rowsOf, useDatabase } from './semantics-db.js';

const s = useDatabase();

describe('JSON', () => {
  it('SELECT JSON gives one [json] column per row, keys by selection name, values as Cassandra writes them', async () => {
    await s.db.execute('CREATE TABLE js_types (k int PRIMARY KEY, big bigint, t text, ts timestamp, u uuid, b blob, st set<int>, m map<int, text>, dec decimal, "Quoted" int, n int)');
    await s.db.execute(
      "INSERT INTO js_types (k, big, t, ts, u, b, st, m, dec, \"Quoted\") VALUES (0, 9007199254740993, 'a \"q\"', '2011-02-03 04:05:00+0000', 62c36092-82a1-3a00-93d1-46196ee77204, 0xcafe, {2, 1}, {1: 'one'}, 1.50, 7)",
    );
    const result = await s.db.execute('SELECT JSON k, big, t, ts, u, b, st, m, dec, "Quoted", n FROM js_types WHERE k = 0');
    expect(result.columns?.map((c) => c.name)).toEqual(['[json]']);
    expect(result.rows[0]!['[json]']).toBe(
      '{"k": 0, "big": 9007199254740993, "t": "a \\"q\\"", "ts": "2011-02-03 04:05:00.000Z", "u": "62c36092-82a1-3a00-93d1-46196ee77204", "b": "0xcafe", "st": [1, 2], "m": {"1": "one"}, "dec": 1.50, "\\"Quoted\\"": 7, "n": null}',
    );
    expect(await rowsOf(s.db, 'SELECT JSON k AS id, toJson(st) AS tags, writetime(t) AS w FROM js_types WHERE k = 0').then((r) => JSON.parse(String(r[0]![0])) as Record<string, unknown>)).toMatchObject({ id: 0, tags: '[1, 2]' });
    expect(await rowsOf(s.db, 'SELECT toJson(m), toJson(n) FROM js_types WHERE k = 0')).toEqual([['{"1": "one"}', 'null']]);
  });

  it('INSERT JSON deletes the columns it omits (DEFAULT NULL) or leaves them (DEFAULT UNSET)', async () => {
    await s.db.execute('CREATE TABLE js_insert (k int, c int, a text, l list<int>, PRIMARY KEY (k, c))');
    await s.db.execute('INSERT INTO js_insert JSON \'{"k": 0, "c": 0, "a": "x", "l": [1, 2]}\'');
    await s.db.execute('INSERT INTO js_insert JSON \'{"k": 0, "c": 0, "a": "y"}\' DEFAULT UNSET');
    expect(await rowsOf(s.db, 'SELECT a, l FROM js_insert WHERE k = 0 AND c = 0')).toEqual([['y', [1, 2]]]);
    await s.db.execute('INSERT INTO js_insert JSON ?', ['{"k": 0, "c": 0, "a": "z"}']);
    expect(await rowsOf(s.db, 'SELECT a, l FROM js_insert WHERE k = 0 AND c = 0')).toEqual([['z', null]]);
    await s.db.execute('INSERT INTO js_insert JSON \'{"k": "1", "c": 2, "l": null}\' DEFAULT NULL');
    expect(await rowsOf(s.db, 'SELECT * FROM js_insert WHERE k = 1')).toEqual([[1, 2, null, null]]);
  });

  it('reads fromJson() in VALUES, SET and WHERE', async () => {
    await s.db.execute('CREATE TABLE js_from (k int PRIMARY KEY, m map<text, int>, t text)');
    await s.db.execute('INSERT INTO js_from (k, m) VALUES (fromJson(\'1\'), fromJson(\'{"a": 1}\'))');
    await s.db.execute('UPDATE js_from SET t = fromJson(?) WHERE k = 1', ['"text"']);
    expect(await rowsOf(s.db, "SELECT k, m, t FROM js_from WHERE k = fromJson('1')")).toEqual([[1, { a: 1 }, 'text']]);
  });

  it('refuses JSON that does not fit the table, with Cassandra messages, storing nothing', async () => {
    await s.db.execute('CREATE TABLE js_refusals (k int PRIMARY KEY, v int)');
    expect(await failureOf(s.db.execute('INSERT INTO js_refusals JSON \'{"k": 0, "nope": 1}\''))).toEqual({
      code: CqlErrorCode.invalid,
      message: 'JSON values map contains unrecognized column: nope',
    });
    expect(await failureOf(s.db.execute('INSERT INTO js_refusals JSON \'{"v": 1}\''))).toEqual({ code: CqlErrorCode.invalid, message: 'Invalid null value in condition for column k' });
    expect((await failureOf(s.db.execute('INSERT INTO js_refusals JSON \'{"k": 0, "v": "x"}\''))).code).toBe(CqlErrorCode.invalid);
    expect((await failureOf(s.db.execute("INSERT INTO js_refusals JSON 'not json'"))).code).toBe(CqlErrorCode.invalid);
    expect(await rowsOf(s.db, 'SELECT * FROM js_refusals')).toEqual([]);
  });
});
