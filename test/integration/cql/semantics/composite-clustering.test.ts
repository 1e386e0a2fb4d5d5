/**
 * Frozen collections, tuples and UDTs as clustering columns (FrozenCollectionsTest's and
 * TupleTypeTest's clustering cases): rows come back in Cassandra's order for those types, ASC
 * and DESC, slices and IN select by that order, bound values work like literals, and a row is
 * deleted by its full key. Also the elements of a non-frozen set of tuples, which Cassandra
 * orders by the same comparator.
 */

import { beforeAll, describe, expect, it } from 'vitest';
import cassandra from 'cassandra-driver';
import { rowsOf, useDatabase } from './semantics-db.js';

const s = useDatabase();
const { Tuple } = cassandra.types;

/** (l, t, p) per row, in the order Cassandra returns them: l ASC, then t DESC, then p ASC. */
const ordered: Array<[string, string, string]> = [
  ['[]', "(1, 'a')", '{x: 0}'],
  ['[-1]', "(2, null)", '{x: 0, y: 1}'],
  ['[-1]', "(1, 'b')", '{x: null, y: 5}'],
  ['[-1]', "(1, 'b')", '{x: 0}'],
  ['[-1, 0]', "(0, '')", '{x: 1, y: 1}'],
  ['[1]', "(1, 'a')", '{x: -1, y: 9}'],
  ['[1, 2]', "(1, 'a')", '{x: 0, y: 0}'],
];

beforeAll(async () => {
  await s.db.execute('CREATE TYPE cc_point (x int, y int)');
  await s.db.execute(
    'CREATE TABLE cc_rows (k int, l frozen<list<int>>, t tuple<int, text>, p frozen<cc_point>, v int, PRIMARY KEY (k, l, t, p)) ' +
      'WITH CLUSTERING ORDER BY (l ASC, t DESC, p ASC)',
  );
  // Written in reverse, so the order read is the storage's, not the writes'.
  for (const [i, [l, t, p]] of [...ordered.entries()].reverse()) await s.db.execute(`INSERT INTO cc_rows (k, l, t, p, v) VALUES (0, ${l}, ${t}, ${p}, ${i})`);
});

const vs = async (where: string, params: unknown[] = []): Promise<unknown[]> => (await rowsOf(s.db, `SELECT v FROM cc_rows WHERE k = 0${where}`, params)).map((r) => r[0]);

describe('frozen list, tuple and UDT clustering columns', () => {
  it('SELECT returns rows in clustering order, with the values as written', async () => {
    expect(await vs('')).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(await vs(' ORDER BY l DESC')).toEqual([6, 5, 4, 3, 2, 1, 0]);
    expect(await rowsOf(s.db, 'SELECT l, t, p FROM cc_rows WHERE k = 0 LIMIT 3')).toEqual([
      [[], [1, 'a'], { x: 0, y: null }],
      [[-1], [2, null], { x: 0, y: 1 }],
      [[-1], [1, 'b'], { x: null, y: 5 }],
    ]);
  });

  it('slices and IN on each column select by its comparator', async () => {
    expect(await vs(' AND l > [-1]')).toEqual([4, 5, 6]);
    expect(await vs(' AND l >= [-1] AND l < [1]')).toEqual([1, 2, 3, 4]);
    expect(await vs(' AND l <= [1]')).toEqual([0, 1, 2, 3, 4, 5]);
    expect(await vs(" AND l = [-1] AND t < (2, 'a')")).toEqual([1, 2, 3]); // a null component sorts first
    expect(await vs(" AND l = [-1] AND t < (2, null)")).toEqual([2, 3]);
    expect(await vs(' AND l = [-1] AND t <= (2)')).toEqual([1, 2, 3]); // (2) is (2, null)
    expect(await vs(" AND l = [-1] AND t > (1, 'b')")).toEqual([1]);
    expect(await vs(" AND l = [-1] AND t = (1, 'b') AND p > {x: null, y: 5}")).toEqual([3]);
    expect(await vs(' AND l IN ([1, 2], [], [7])')).toEqual([0, 6]);
    expect(await vs(" AND l = [-1] AND t IN ((1, 'b'), (2, null))")).toEqual([1, 2, 3]);
    expect(await vs(" AND (l, t) > ([-1], (1, 'b'))")).toEqual([1, 4, 5, 6]);
  });

  it('bound values are the driver\'s arrays, Tuples and objects', async () => {
    expect(await vs(' AND l = ? AND t = ?', [[-1], new Tuple(1, 'b')])).toEqual([2, 3]);
    expect(await vs(' AND l = ? AND t = ? AND p = ?', [[-1], new Tuple(1, 'b'), { x: 0 }])).toEqual([3]);
    expect(await vs(' AND l > ?', [[1]])).toEqual([6]);
  });

  it('DELETE removes a row by its full key, and a range by a prefix', async () => {
    await s.db.execute("DELETE FROM cc_rows WHERE k = 0 AND l = [-1] AND t = (1, 'b') AND p = {x: 0, y: null}");
    expect(await vs('')).toEqual([0, 1, 2, 4, 5, 6]);
    await s.db.execute('DELETE FROM cc_rows WHERE k = 0 AND l = ?', [[-1]]);
    expect(await vs('')).toEqual([0, 4, 5, 6]);
    await s.db.execute('DELETE FROM cc_rows WHERE k = 0 AND l > [-1] AND l < [1, 2]');
    expect(await vs('')).toEqual([0, 6]);
  });

  it('frozen set and map clustering columns: sorted values, ordered element by element', async () => {
    await s.db.execute('CREATE TABLE cc_sets (k int, s frozen<set<int>>, m frozen<map<text, int>>, PRIMARY KEY (k, s, m))');
    await s.db.execute("INSERT INTO cc_sets (k, s, m) VALUES (0, {3, -1}, {'b': 1, 'a': 2})");
    await s.db.execute("INSERT INTO cc_sets (k, s, m) VALUES (0, {-1}, {'a': 2})");
    await s.db.execute("INSERT INTO cc_sets (k, s, m) VALUES (0, {}, {'a': 1})");
    await s.db.execute("INSERT INTO cc_sets (k, s, m) VALUES (0, {-1, 3}, {'a': 1, 'b': 1})");
    expect(await rowsOf(s.db, 'SELECT s, m FROM cc_sets WHERE k = 0')).toEqual([
      [[], { a: 1 }],
      [[-1], { a: 2 }],
      [[-1, 3], { a: 1, b: 1 }],
      [[-1, 3], { a: 2, b: 1 }],
    ]);
    expect(await rowsOf(s.db, 'SELECT m FROM cc_sets WHERE k = 0 AND s = {3, -1}')).toEqual([[{ a: 1, b: 1 }], [{ a: 2, b: 1 }]]);
  });

  it('a non-frozen set of tuples keeps its elements in the tuple comparator\'s order', async () => {
    await s.db.execute('CREATE TABLE cc_tuple_set (k int PRIMARY KEY, s set<frozen<tuple<int, text>>>)');
    await s.db.execute("INSERT INTO cc_tuple_set (k, s) VALUES (0, {(1, 'a'), (-1, 'z'), (1, null), (-2, 'b')})");
    expect(await rowsOf(s.db, 'SELECT s FROM cc_tuple_set WHERE k = 0')).toEqual([[[[-2, 'b'], [-1, 'z'], [1, null], [1, 'a']]]]);
  });
});
