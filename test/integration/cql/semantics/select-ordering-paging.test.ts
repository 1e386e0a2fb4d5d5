/**
 * ORDER BY, LIMIT, PER PARTITION LIMIT, DISTINCT and paging as Cassandra documents them
 * (dml.adoc "Ordering results", "Limiting results"; SelectOrderByTest, SelectLimitTest): both
 * orders on ASC and DESC tables, ORDER BY over IN partitions (sorted, refused when paged), and
 * paging by fetchSize / pageState that returns every row exactly once whatever the page size,
 * direction, LIMIT or PER PARTITION LIMIT.
 */

import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { CqlErrorCode } from '../../../../src/lib/errors.js';
import { failureOf, plain, rowsOf, useDatabase } from './semantics-db.js';

const s = useDatabase();

const PARTITIONS = 6;
const ROWS = 9;

beforeAll(async () => {
  await s.db.execute('CREATE TABLE op_asc (k int, c1 int, c2 int, s int static, v int, PRIMARY KEY (k, c1, c2))');
  await s.db.execute('CREATE TABLE op_desc (k int, c1 int, c2 int, v int, PRIMARY KEY (k, c1, c2)) WITH CLUSTERING ORDER BY (c1 DESC, c2 DESC)');
  const writes: Promise<unknown>[] = [];
  for (let k = 0; k < PARTITIONS; k++) {
    for (let i = 0; i < ROWS; i++) {
      const [c1, c2] = [Math.floor(i / 3), i % 3];
      writes.push(s.db.execute('INSERT INTO op_asc (k, c1, c2, v) VALUES (?, ?, ?, ?)', [k, c1, c2, k * 100 + i]));
      writes.push(s.db.execute('INSERT INTO op_desc (k, c1, c2, v) VALUES (?, ?, ?, ?)', [k, c1, c2, k * 100 + i]));
    }
  }
  // A partition with a static value and no rows: one row of its own in whole-partition reads.
  writes.push(s.db.execute('INSERT INTO op_asc (k, s) VALUES (?, 1)', [PARTITIONS]));
  await Promise.all(writes);
});

const pairs = async (cql: string, params: unknown[] = []): Promise<string[]> => (await rowsOf(s.db, cql, params)).map((r) => r.map(String).join('.'));

/** Every page of a query, each checked to hold at most fetchSize rows. */
async function pages(cql: string, params: unknown[], fetchSize: number): Promise<string[][]> {
  const out: string[][] = [];
  let pageState: string | undefined;
  for (;;) {
    const result = await s.db.execute(cql, params, pageState === undefined ? { fetchSize } : { fetchSize, pageState });
    const names = (result.columns ?? []).map((c) => c.name);
    out.push(result.rows.map((row) => names.map((n) => String(plain(row[n]))).join('.')));
    expect(result.rowLength).toBeLessThanOrEqual(fetchSize);
    if (result.pageState === null) return out;
    pageState = result.pageState;
    expect(out.length).toBeLessThan(1000);
  }
}

describe('ORDER BY', () => {
  it('reads both orders on ASC and DESC tables, by one or every clustering column', async () => {
    const asc = ['0.0', '0.1', '0.2', '1.0', '1.1', '1.2', '2.0', '2.1', '2.2'];
    expect(await pairs('SELECT c1, c2 FROM op_asc WHERE k = 0')).toEqual(asc);
    expect(await pairs('SELECT c1, c2 FROM op_asc WHERE k = 0 ORDER BY c1 ASC')).toEqual(asc);
    expect(await pairs('SELECT c1, c2 FROM op_asc WHERE k = 0 ORDER BY c1 DESC')).toEqual([...asc].reverse());
    expect(await pairs('SELECT c1, c2 FROM op_asc WHERE k = 0 ORDER BY c1 DESC, c2 DESC')).toEqual([...asc].reverse());
    expect(await pairs('SELECT c1, c2 FROM op_desc WHERE k = 0')).toEqual([...asc].reverse());
    expect(await pairs('SELECT c1, c2 FROM op_desc WHERE k = 0 ORDER BY c1 ASC, c2 ASC')).toEqual(asc);
    expect(await pairs('SELECT c1, c2 FROM op_desc WHERE k = 0 AND c1 = 1 ORDER BY c1 ASC')).toEqual(['1.0', '1.1', '1.2']);
    expect(await pairs('SELECT c1, c2 FROM op_desc WHERE k = 0 AND c1 >= 1 AND c2 > 0 ORDER BY c1 ASC ALLOW FILTERING')).toEqual(['1.1', '1.2', '2.1', '2.2']);
  });

  it('sorts rows of partitions named by IN when the result fits one page, and refuses to page them', async () => {
    expect(await pairs('SELECT k, c1, c2 FROM op_asc WHERE k IN (1, 0) AND c1 = 2 ORDER BY c1 DESC, c2 DESC LIMIT 4')).toEqual(['0.2.2', '1.2.2', '0.2.1', '1.2.1']);
    expect(await failureOf(s.db.execute('SELECT k, c2 FROM op_desc WHERE k IN (2, 0) AND c1 = 0 ORDER BY c1 ASC, c2 ASC'))).toEqual({
      code: CqlErrorCode.invalid,
      message: 'Cannot page queries with both ORDER BY and a IN restriction on the partition key; you must either remove the ORDER BY or the IN and sort client side, or disable paging for this query',
    });
  });

  it('refuses orderings Cassandra refuses, with its messages', async () => {
    const cases: Array<[string, string]> = [
      ['SELECT * FROM op_asc ORDER BY c1 DESC', 'ORDER BY is only supported when the partition key is restricted by an EQ or an IN.'],
      ['SELECT * FROM op_asc WHERE k = 0 ORDER BY v DESC', 'Order by is currently only supported on the clustered columns of the PRIMARY KEY, got v'],
      ['SELECT * FROM op_asc WHERE k = 0 ORDER BY c2 DESC', 'Order by currently only supports the ordering of columns following their declared order in the PRIMARY KEY'],
      ['SELECT * FROM op_asc WHERE k = 0 ORDER BY c1 ASC, c2 DESC', 'Unsupported order by relation'],
      ['SELECT * FROM op_asc WHERE k = 0 ORDER BY nope DESC', 'Undefined column name nope'],
    ];
    for (const [cql, message] of cases) expect({ cql, ...(await failureOf(s.db.execute(cql))) }).toEqual({ cql, code: CqlErrorCode.invalid, message });
  });
});

describe('LIMIT, PER PARTITION LIMIT, DISTINCT', () => {
  it('limits rows overall and per partition, and DISTINCT partitions', async () => {
    expect(await pairs('SELECT c1, c2 FROM op_asc WHERE k = 0 LIMIT 2')).toEqual(['0.0', '0.1']);
    expect(await pairs('SELECT c1, c2 FROM op_asc WHERE k = 0 ORDER BY c1 DESC LIMIT ?', [2])).toEqual(['2.2', '2.1']);
    expect(await pairs('SELECT k, c1, c2 FROM op_asc WHERE k IN (0, 1) PER PARTITION LIMIT 2')).toEqual(['0.0.0', '0.0.1', '1.0.0', '1.0.1']);
    expect(await pairs('SELECT k, c1, c2 FROM op_asc WHERE k IN (0, 1) PER PARTITION LIMIT 2 LIMIT 3')).toEqual(['0.0.0', '0.0.1', '1.0.0']);
    expect((await pairs('SELECT k FROM op_asc PER PARTITION LIMIT 1')).length).toBe(PARTITIONS + 1);
    expect((await pairs('SELECT DISTINCT k FROM op_asc')).length).toBe(PARTITIONS + 1);
    expect((await pairs('SELECT DISTINCT k FROM op_asc LIMIT 3')).length).toBe(3);
    expect(await pairs('SELECT DISTINCT k, s FROM op_asc WHERE s = 1 ALLOW FILTERING')).toEqual([`${PARTITIONS}.1`]);
    expect(await pairs('SELECT c1 FROM op_asc WHERE k = 0 LIMIT ?', [undefined])).toHaveLength(ROWS);
    expect(await pairs('SELECT count(*) FROM op_asc WHERE k = 0 LIMIT 1')).toEqual([String(ROWS)]);
  });

  it('refuses bad limits with Cassandra messages', async () => {
    const cases: Array<[string, unknown[], string]> = [
      ['SELECT * FROM op_asc LIMIT 0', [], 'LIMIT must be strictly positive'],
      ['SELECT * FROM op_asc LIMIT ?', [-1], 'LIMIT must be strictly positive'],
      ['SELECT * FROM op_asc LIMIT ?', [null], 'Invalid null value of limit'],
      ['SELECT * FROM op_asc PER PARTITION LIMIT 0', [], 'PER PARTITION LIMIT must be strictly positive'],
      ['SELECT DISTINCT k FROM op_asc PER PARTITION LIMIT 1', [], 'PER PARTITION LIMIT is not allowed with SELECT DISTINCT queries'],
      ['SELECT count(*) FROM op_asc PER PARTITION LIMIT 1', [], 'PER PARTITION LIMIT is not allowed with aggregate queries.'],
      ['SELECT DISTINCT c1 FROM op_asc', [], 'SELECT DISTINCT queries must only request partition key columns and/or static columns (not c1)'],
      ['SELECT DISTINCT k FROM op_asc WHERE k = 0 AND c1 = 0', [], 'SELECT DISTINCT with WHERE clause only supports restriction by partition key and/or static columns.'],
      ['SELECT DISTINCT k FROM op_asc WHERE v = 0 ALLOW FILTERING', [], 'SELECT DISTINCT with WHERE clause only supports restriction by partition key and/or static columns.'],
    ];
    for (const [cql, params, message] of cases) expect({ cql, ...(await failureOf(s.db.execute(cql, params))) }).toEqual({ cql, code: CqlErrorCode.invalid, message });
  });
});

describe('Paging', () => {
  const queries: Array<[string, unknown[]]> = [
    ['SELECT k, c1, c2 FROM op_asc', []],
    ['SELECT k, c1, c2 FROM op_asc LIMIT 20', []],
    ['SELECT k, c1, c2 FROM op_asc PER PARTITION LIMIT 4', []],
    ['SELECT k, c1, c2 FROM op_asc WHERE k = 3', []],
    ['SELECT k, c1, c2 FROM op_asc WHERE k = 3 ORDER BY c1 DESC, c2 DESC', []],
    ['SELECT k, c1, c2 FROM op_desc WHERE k = 3 ORDER BY c1 ASC', []],
    ['SELECT k, c1, c2 FROM op_desc WHERE k = 2 AND c1 IN (0, 2) AND c2 >= 1', []],
    ['SELECT k, c1, c2 FROM op_asc WHERE k IN (4, 1, 6, 2) LIMIT 17', []],
    ['SELECT k, c1, c2 FROM op_desc WHERE k IN ? PER PARTITION LIMIT 5 LIMIT 12', [[5, 0, 3]]],
    ['SELECT k, c1, c2 FROM op_asc WHERE v > 300 AND c2 = 1 ALLOW FILTERING', []],
    ['SELECT DISTINCT k, s FROM op_asc', []],
    ['SELECT k, c1, c2 FROM op_asc WHERE token(k) > ? LIMIT 30', ['-3000000000000000000']],
  ];

  it('returns every row exactly once, in order, for any page size', async () => {
    const expected = new Map<string, string[]>();
    for (const [cql, params] of queries) expected.set(cql, await pairs(cql, params));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...queries), fc.integer({ min: 1, max: 25 }), async ([cql, params], fetchSize) => {
        const paged = (await pages(cql, params, fetchSize)).flat();
        expect({ cql, fetchSize, paged }).toEqual({ cql, fetchSize, paged: expected.get(cql) });
      }),
      { numRuns: 40, seed: 20240611 },
    );
  });

  it('pages through stream() and through pageState handed back as a Buffer', async () => {
    const seen: unknown[] = [];
    for await (const row of s.db.stream('SELECT v FROM op_asc WHERE k = 1', [], { fetchSize: 4 })) seen.push(row['v']);
    expect(seen).toEqual(Array.from({ length: ROWS }, (_, i) => 100 + i));
    const first = await s.db.execute('SELECT v FROM op_asc WHERE k = 1', [], { fetchSize: 5 });
    const second = await s.db.execute('SELECT v FROM op_asc WHERE k = 1', [], { fetchSize: 5, pageState: first.rawPageState! });
    expect([...first.rows, ...second.rows].map((r) => r['v'])).toEqual(seen);
    expect(second.pageState).toBeNull();
    expect((await failureOf(s.db.execute('SELECT v FROM op_asc', [], { pageState: 'zz' }))).code).toBe(CqlErrorCode.invalid);
  });
});
