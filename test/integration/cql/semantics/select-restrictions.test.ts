/**
 * SELECT's WHERE clause as Cassandra documents it (dml.adoc "The WHERE clause",
 * SelectSingleColumnRelationTest, SelectMultiColumnRelationTest): = and IN on (composite)
 * partition keys, IN and slices on clustering columns (single and multi-column), token() ranges,
 * ALLOW FILTERING on regular, static and collection columns, and the refusals.
 */

import { beforeAll, describe, expect, it } from 'vitest';
import { CqlErrorCode } from '../../../../src/lib/errors.js';
import { FILTERING_MESSAGE } from './cassandra-messages.js';
import { failureOf, rowsOf, useDatabase } from './semantics-db.js';

const s = useDatabase();

beforeAll(async () => {
  await s.db.execute('CREATE TABLE sr_wide (k1 int, k2 text, c1 int, c2 int, s int static, v int, PRIMARY KEY ((k1, k2), c1, c2))');
  await s.db.execute('CREATE TABLE sr_desc (k int, c1 int, c2 int, v int, PRIMARY KEY (k, c1, c2)) WITH CLUSTERING ORDER BY (c1 DESC, c2 ASC)');
  const writes: Promise<unknown>[] = [];
  for (const k1 of [0, 1]) {
    for (const k2 of ['a', 'b']) {
      writes.push(s.db.execute('UPDATE sr_wide SET s = ? WHERE k1 = ? AND k2 = ?', [k1 * 10 + (k2 === 'a' ? 1 : 2), k1, k2]));
      for (let c1 = 0; c1 < 3; c1++) for (let c2 = 0; c2 < 3; c2++) writes.push(s.db.execute('INSERT INTO sr_wide (k1, k2, c1, c2, v) VALUES (?, ?, ?, ?, ?)', [k1, k2, c1, c2, c1 * 3 + c2]));
    }
  }
  for (let c1 = 0; c1 < 3; c1++) for (let c2 = 0; c2 < 3; c2++) writes.push(s.db.execute('INSERT INTO sr_desc (k, c1, c2, v) VALUES (0, ?, ?, ?)', [c1, c2, c1 * 3 + c2]));
  await Promise.all(writes);
});

const clusterings = async (cql: string, params: unknown[] = []): Promise<string[]> => (await rowsOf(s.db, cql, params)).map((r) => r.join('.'));

describe('SELECT restrictions', () => {
  it('names partitions by = and IN on every component of a composite key, in key order', async () => {
    expect(await clusterings("SELECT k1, k2, c1, c2 FROM sr_wide WHERE k1 = 1 AND k2 = 'b' AND c1 = 2 AND c2 = 1")).toEqual(['1.b.2.1']);
    expect(await clusterings("SELECT DISTINCT k1, k2 FROM sr_wide WHERE k1 IN (1, 0) AND k2 IN ('b', 'a')")).toEqual(['0.a', '0.b', '1.a', '1.b']);
    expect(await clusterings('SELECT DISTINCT k1, k2, s FROM sr_wide WHERE k1 IN ? AND k2 = ?', [[1, 0, 1], 'a'])).toEqual(['0.a.1', '1.a.11']);
    expect(await clusterings('SELECT k1 FROM sr_wide WHERE k1 IN () AND k2 = ?', ['a'])).toEqual([]);
  });

  it('reads IN and slices on clustering columns in clustering order (ASC and DESC), single and multi-column', async () => {
    const wide = "FROM sr_wide WHERE k1 = 0 AND k2 = 'a'";
    expect(await clusterings(`SELECT c1, c2 ${wide} AND c1 IN (2, 0) AND c2 = 1`)).toEqual(['0.1', '2.1']);
    expect(await clusterings(`SELECT c1, c2 ${wide} AND c1 = 1 AND c2 IN (2, 0, 2)`)).toEqual(['1.0', '1.2']);
    expect(await clusterings(`SELECT c1, c2 ${wide} AND c1 = 1 AND c2 > 0`)).toEqual(['1.1', '1.2']);
    expect(await clusterings(`SELECT c1, c2 ${wide} AND c1 > 0 AND c1 <= 1`)).toEqual(['1.0', '1.1', '1.2']);
    expect(await clusterings(`SELECT c1, c2 ${wide} AND (c1, c2) > (1, 1) AND (c1, c2) <= (2, 0)`)).toEqual(['1.2', '2.0']);
    expect(await clusterings(`SELECT c1, c2 ${wide} AND (c1, c2) >= (2, 1)`)).toEqual(['2.1', '2.2']);
    expect(await clusterings(`SELECT c1, c2 ${wide} AND (c1, c2) = (0, 2)`)).toEqual(['0.2']);
    expect(await clusterings(`SELECT c1, c2 ${wide} AND (c1, c2) IN ((2, 2), (0, 1), (5, 5))`)).toEqual(['0.1', '2.2']);
    expect(await clusterings(`SELECT c1, c2 ${wide} AND c1 IN (0, 2) AND c2 >= 2`)).toEqual(['0.2', '2.2']);
    const desc = 'FROM sr_desc WHERE k = 0';
    expect(await clusterings(`SELECT c1, c2 ${desc} AND c1 IN (0, 2)`)).toEqual(['2.0', '2.1', '2.2', '0.0', '0.1', '0.2']);
    expect(await clusterings(`SELECT c1, c2 ${desc} AND c1 >= 1`)).toEqual(['2.0', '2.1', '2.2', '1.0', '1.1', '1.2']);
    expect(await clusterings(`SELECT c1, c2 ${desc} AND c1 = 1 AND c2 < 2`)).toEqual(['1.0', '1.1']);
    // Mixed orders: (c1 DESC, c2 ASC) > (1, 0) is c1 > 1, or c1 = 1 and c2 > 0.
    expect(await clusterings(`SELECT c1, c2 ${desc} AND (c1, c2) > (1, 0)`)).toEqual(['2.0', '2.1', '2.2', '1.1', '1.2']);
    expect(await clusterings(`SELECT c1, c2 ${desc} AND (c1, c2) > (0, 1) AND (c1, c2) < (2, 1)`)).toEqual(['2.0', '1.0', '1.1', '1.2', '0.2']);
  });

  it('scans token() ranges in token order', async () => {
    const all = (await rowsOf(s.db, 'SELECT DISTINCT k1, k2, token(k1, k2) FROM sr_wide')).map(([k1, k2, t]) => ({ key: `${String(k1)}.${String(k2)}`, token: BigInt(String(t)) }));
    expect(all.map((r) => r.token)).toEqual([...all.map((r) => r.token)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const middle = all[1]!.token;
    expect(await clusterings('SELECT DISTINCT k1, k2 FROM sr_wide WHERE token(k1, k2) > ?', [middle.toString()])).toEqual(all.slice(2).map((r) => r.key));
    expect(await clusterings('SELECT DISTINCT k1, k2 FROM sr_wide WHERE token(k1, k2) >= ? AND token(k1, k2) <= ?', [middle.toString(), all[2]!.token.toString()])).toEqual([all[1]!.key, all[2]!.key]);
    expect(await clusterings("SELECT DISTINCT k1, k2 FROM sr_wide WHERE token(k1, k2) = token(1, 'b')")).toEqual(['1.b']);
    // token() beside = / IN on the partition key filters the keys named.
    const keys = "k1 IN (0, 1) AND k2 IN ('a', 'b')";
    expect(await clusterings(`SELECT DISTINCT k1, k2 FROM sr_wide WHERE ${keys} AND token(k1, k2) > ?`, [middle.toString()])).toEqual(all.slice(2).map((r) => r.key).sort());
  });

  it('filters on regular, static, partition and clustering columns, collections and map entries with ALLOW FILTERING', async () => {
    const wide = "FROM sr_wide WHERE k1 = 0 AND k2 = 'a'";
    expect(await clusterings(`SELECT c1, c2 ${wide} AND v >= 7 ALLOW FILTERING`)).toEqual(['2.1', '2.2']);
    expect(await clusterings(`SELECT c1, c2 ${wide} AND c2 = 2 AND v < 5 ALLOW FILTERING`)).toEqual(['0.2']);
    expect(await clusterings(`SELECT c1, c2 ${wide} AND c1 > 1 AND c2 = 0 ALLOW FILTERING`)).toEqual(['2.0']);
    expect(await clusterings('SELECT DISTINCT k1, k2 FROM sr_wide WHERE s = 12 ALLOW FILTERING')).toEqual(['1.b']);
    // A scan returns partitions in token order: sorted here to compare.
    expect((await clusterings('SELECT k1, k2, c1, c2 FROM sr_wide WHERE k1 > 0 AND c1 = 2 AND c2 = 2 ALLOW FILTERING')).sort()).toEqual(['1.a.2.2', '1.b.2.2']);
    expect((await clusterings("SELECT k1, k2 FROM sr_wide WHERE k2 = 'b' AND c1 = 0 AND c2 = 0 ALLOW FILTERING")).sort()).toEqual(['0.b', '1.b']);
    await s.db.execute('CREATE TABLE sr_collections (k int PRIMARY KEY, tags set<text>, attrs map<text, int>, fl frozen<list<int>>)');
    await s.db.execute("INSERT INTO sr_collections (k, tags, attrs, fl) VALUES (0, {'x', 'y'}, {'a': 1}, [1, 2])");
    await s.db.execute("INSERT INTO sr_collections (k, tags, attrs, fl) VALUES (1, {'y'}, {'b': 1}, [3])");
    const keys = async (where: string): Promise<unknown[]> => (await rowsOf(s.db, `SELECT k FROM sr_collections WHERE ${where} ALLOW FILTERING`)).map((r) => r[0]).sort();
    expect(await keys("tags CONTAINS 'y'")).toEqual([0, 1]);
    expect(await keys("tags CONTAINS 'x'")).toEqual([0]);
    expect(await keys("attrs CONTAINS KEY 'b'")).toEqual([1]);
    expect(await keys('attrs CONTAINS 1')).toEqual([0, 1]);
    expect(await keys("attrs['a'] = 1")).toEqual([0]);
    expect(await keys('fl CONTAINS 3')).toEqual([1]);
    expect(await keys('fl = [1, 2]')).toEqual([0]);
    const refusals: Array<[string, string]> = [
      ['tags = {\'x\'}', "Collection column 'tags' (set<text>) cannot be restricted by a '=' relation"],
      ["attrs['a'] > 0", 'Only EQ relations are supported on map entries'],
      ['fl[0] = 1', 'Indexes on list entries (fl[index] = value) are not currently supported.'],
      ['k CONTAINS 1', 'Cannot use CONTAINS on non-collection column k'],
    ];
    for (const [where, message] of refusals) {
      expect({ where, ...(await failureOf(s.db.execute(`SELECT k FROM sr_collections WHERE ${where} ALLOW FILTERING`))) }).toEqual({ where, code: CqlErrorCode.invalid, message });
    }
  });

  it('refuses what Cassandra refuses, with its messages', async () => {
    const cases: Array<[string, string]> = [
      ['SELECT * FROM sr_wide WHERE v = 1', FILTERING_MESSAGE],
      ['SELECT * FROM sr_wide WHERE k1 = 0', FILTERING_MESSAGE],
      ['SELECT * FROM sr_wide WHERE k1 > 0', FILTERING_MESSAGE],
      ['SELECT * FROM sr_wide WHERE c1 = 0', FILTERING_MESSAGE],
      ["SELECT * FROM sr_wide WHERE k1 = 0 AND k2 = 'a' AND c2 = 1", 'PRIMARY KEY column "c2" cannot be restricted as preceding column "c1" is not restricted'],
      ["SELECT * FROM sr_wide WHERE k1 = 0 AND k2 = 'a' AND c1 > 0 AND c2 = 1", 'Clustering column "c2" cannot be restricted (preceding column "c1" is restricted by a non-EQ relation)'],
      ["SELECT * FROM sr_wide WHERE k1 = 0 AND k2 = 'a' AND c1 = 0 AND c1 > 1", 'c1 cannot be restricted by more than one relation if it includes an Equal'],
      ["SELECT * FROM sr_wide WHERE k1 = 0 AND k2 = 'a' AND c1 > 0 AND c1 > 1", 'More than one restriction was found for the start bound on c1'],
      ["SELECT * FROM sr_wide WHERE k1 = 0 AND k2 = 'a' AND (c2, c1) = (0, 1)", 'Clustering columns must appear in the PRIMARY KEY order in multi-column relations: (c2, c1) = (0, 1)'],
      ["SELECT * FROM sr_wide WHERE k1 = 0 AND k2 = 'a' AND (k1, c1) = (0, 1)", 'Multi-column relations can only be applied to clustering columns but was applied to: k1'],
      ["SELECT * FROM sr_wide WHERE k1 = 0 AND k2 = 'a' AND nope = 1", 'Undefined column name nope'],
      ["SELECT * FROM sr_wide WHERE k1 = 0 AND k2 = 'a' AND v CONTAINS 1 ALLOW FILTERING", 'Cannot use CONTAINS on non-collection column v'],
      ["SELECT * FROM sr_wide WHERE k1 = 0 AND k2 = 'a' AND v CONTAINS KEY 1 ALLOW FILTERING", 'Cannot use CONTAINS KEY on non-map column v'],
      ['SELECT * FROM sr_wide WHERE token(k2, k1) > 0', 'The token function arguments must be in the partition key order: k1, k2'],
    ];
    for (const [cql, message] of cases) expect({ cql, ...(await failureOf(s.db.execute(cql))) }).toEqual({ cql, code: CqlErrorCode.invalid, message });
    expect(await failureOf(s.db.execute('SELECT * FROM sr_wide WHERE k1 = ? AND k2 = ?', [null, 'a']))).toEqual({ code: CqlErrorCode.invalid, message: 'Invalid null value in condition for column k1' });
  });
});
