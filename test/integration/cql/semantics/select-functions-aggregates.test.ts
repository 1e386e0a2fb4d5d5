/**
 * Selectors as Cassandra documents them (dml.adoc "Selection clause", functions.adoc; AggregationTest,
 * SelectTest): native scalar functions (now, toTimestamp, blob conversions...), writetime, ttl,
 * token, CAST, aliases, and the aggregates count, min, max, sum, avg over rows, with the result
 * column names Cassandra 4 gives them, and the refusals.
 */

import { beforeAll, describe, expect, it } from 'vitest';
import { CqlErrorCode } from '../../../../src/lib/errors.js';
import { failureOf, plain, rowsOf, useDatabase } from './semantics-db.js';

const s = useDatabase();

beforeAll(async () => {
  await s.db.execute('CREATE TABLE fa_nums (k int, c int, i int, big bigint, d double, t text, dec decimal, PRIMARY KEY (k, c))');
  await s.db.execute('CREATE TABLE fa_empty (k int PRIMARY KEY, i int, t text)');
  const rows: Array<[number, number | null, string | null, number, string]> = [
    [0, 3, 'b', 1.5, '1.1'],
    [1, null, 'a', 2.5, '2.2'],
    [2, 7, null, -1, '3.3'],
    [3, 2147483647, 'c', 0, '0'],
  ];
  for (const [c, i, t, d, dec] of rows) {
    await s.db.execute(`INSERT INTO fa_nums (k, c, i, big, d, t, dec) VALUES (0, ?, ?, ?, ?, ?, ${dec})`, [c, i, c * 10, d, t]);
  }
});

async function columnsAndRows(cql: string, params: unknown[] = []): Promise<{ columns: string[]; rows: unknown[][] }> {
  const result = await s.db.execute(cql, params);
  const columns = (result.columns ?? []).map((c) => c.name);
  return { columns, rows: result.rows.map((row) => columns.map((name) => plain(row[name]))) };
}

describe('Aggregates', () => {
  it('count, min, max, sum and avg over the selected rows, nulls skipped, with Cassandra 4 column names', async () => {
    expect(await columnsAndRows('SELECT count(*), count(i), count(t), min(i), max(i), min(t), max(t) FROM fa_nums WHERE k = 0')).toEqual({
      columns: ['count', 'system.count(i)', 'system.count(t)', 'system.min(i)', 'system.max(i)', 'system.min(t)', 'system.max(t)'],
      rows: [['4', '3', '3', 3, 2147483647, 'a', 'c']],
    });
    // int sums wrap as Java ints do; avg of ints is an int, of doubles a double; decimal sums exactly.
    expect(await columnsAndRows('SELECT sum(i), avg(i), sum(big), avg(big), sum(d), avg(d), sum(dec) FROM fa_nums WHERE k = 0 AND c < 3')).toEqual({
      columns: ['system.sum(i)', 'system.avg(i)', 'system.sum(big)', 'system.avg(big)', 'system.sum(d)', 'system.avg(d)', 'system.sum(dec)'],
      rows: [[10, 5, '30', '10', 3, 1, '6.6']],
    });
    expect(await rowsOf(s.db, 'SELECT sum(i) FROM fa_nums WHERE k = 0')).toEqual([[-2147483639]]);
    expect(await rowsOf(s.db, 'SELECT count(*) AS n, max(c) AS top FROM fa_nums WHERE k = 0 AND c > 1')).toEqual([['2', 3]]);
  });

  it('answers one row over no rows: counts 0, sums 0, min and max null', async () => {
    expect(await columnsAndRows('SELECT count(*), count(i), sum(i), avg(i), min(i), max(t) FROM fa_empty')).toEqual({
      columns: ['count', 'system.count(i)', 'system.sum(i)', 'system.avg(i)', 'system.min(i)', 'system.max(t)'],
      rows: [['0', '0', 0, 0, null, null]],
    });
  });

  it('gives plain columns beside aggregates the first row’s value', async () => {
    expect(await rowsOf(s.db, 'SELECT c, t, count(*) FROM fa_nums WHERE k = 0')).toEqual([[0, 'b', '4']]);
  });
});

describe('Scalar functions and selectors', () => {
  it('names writetime, ttl, token, CAST, functions and aliases as Cassandra 4 does', async () => {
    const result = await columnsAndRows('SELECT token(k), writetime(i), ttl(i), CAST(i AS text), CAST(c AS int), blobAsText(textAsBlob(t)), c AS position FROM fa_nums WHERE k = 0 AND c = 0');
    expect(result.columns).toEqual(['system.token(k)', 'writetime(i)', 'ttl(i)', 'cast(i as text)', 'c', 'system.blobastext(system.textasblob(t))', 'position']);
    const [[token, writetime, ttl, ...rest]] = result.rows as [[string, string, unknown, ...unknown[]]];
    expect(token).toBe('-3485513579396041028');
    expect(BigInt(writetime)).toBeGreaterThan(1_600_000_000_000_000n);
    expect([ttl, ...rest]).toEqual([null, '3', 0, 'b', 0]);
  });

  it('evaluates time functions against the clock: now(), toTimestamp, toDate, toUnixTimestamp, currentTimestamp', async () => {
    const before = Date.now();
    const [[now, stamp, unix, date, current]] = (await rowsOf(s.db, 'SELECT now(), toTimestamp(now()), toUnixTimestamp(now()), toDate(now()), currentTimestamp() FROM fa_nums WHERE k = 0 AND c = 0')) as [
      [string, string, string, string, string],
    ];
    const after = Date.now();
    expect(now).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-/);
    for (const ms of [Date.parse(stamp), Number(unix), Date.parse(current)]) {
      expect(ms).toBeGreaterThanOrEqual(before - 1);
      expect(ms).toBeLessThanOrEqual(after + 1);
    }
    expect(date).toBe(new Date(before).toISOString().slice(0, 10));
    await s.db.execute('INSERT INTO fa_empty (k, t) VALUES (1, blobAsText(0x6869))');
    await s.db.execute('INSERT INTO fa_empty (k, i) VALUES (blobAsInt(0x00000002), 5)');
    expect(await rowsOf(s.db, 'SELECT k, i, t FROM fa_empty WHERE k IN (1, blobAsInt(0x00000002))')).toEqual([
      [1, null, 'hi'],
      [2, 5, null],
    ]);
    const id = (await rowsOf(s.db, 'SELECT now() FROM fa_empty WHERE k = 1'))[0]![0];
    expect(id).not.toBe(now);
  });

  it('refuses unknown functions, wrong arguments and selectors Sibyl does not support, clearly', async () => {
    const invalid = async (cql: string): Promise<string> => {
      const failure = await failureOf(s.db.execute(cql));
      expect({ cql, code: failure.code }).toEqual({ cql, code: CqlErrorCode.invalid });
      return failure.message;
    };
    expect(await invalid('SELECT nope(i) FROM fa_nums')).toBe("Unknown function 'nope'");
    expect(await invalid('SELECT writetime(c) FROM fa_nums')).toBe('Cannot use selection function writeTime on PRIMARY KEY part c');
    expect(await invalid('SELECT sum(t) FROM fa_nums')).toMatch(/^Invalid call to function sum/);
    expect(await invalid('SELECT CAST(t AS int) FROM fa_nums')).toMatch(/^Invalid call to function castAsInt, none of its type signatures match/);
    // Gaps: GROUP BY, and term selectors, field selection and arithmetic in the selection.
    expect(await invalid('SELECT k, count(*) FROM fa_nums GROUP BY k')).toBe('GROUP BY is not supported by Sibyl yet');
    expect(await invalid('SELECT (int)1 FROM fa_nums')).toMatch(/not supported/);
    expect(await invalid('SELECT i + 1 FROM fa_nums')).toMatch(/not supported/);
  });
});
