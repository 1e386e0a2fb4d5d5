/**
 * One cell written twice by one statement, or by two statements of one batch at one timestamp:
 * the two versions reconcile as Cassandra's Cells.reconcile does, whatever order they are
 * written in. At one timestamp a tombstone beats a live cell, and of two live cells the one with
 * the greater value bytes wins. (Values here are positive ints and ASCII text, whose bytes
 * compare alike signed or unsigned.)
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rowsOf, useDatabase } from './semantics-db.js';

const s = useDatabase();

/** Rows sorted by their first value (partitions come back in token order). */
async function sortedRowsOf(query: string): Promise<unknown[][]> {
  return (await rowsOf(s.db, query)).sort((a, b) => Number(a[0]) - Number(b[0]));
}

describe('one cell written twice by one statement', () => {
  it('a set element added and removed: the removal wins, in either order', async () => {
    await s.db.execute('CREATE TABLE same_set (k int PRIMARY KEY, s set<int>, v int)');
    await s.db.execute('UPDATE same_set SET s = s + {1}, s = s - {1} WHERE k = 0');
    await s.db.execute('UPDATE same_set SET s = s - {1}, s = s + {1} WHERE k = 1');
    await s.db.execute('UPDATE same_set SET v = 0, s = s + {1, 2}, s = s - {1} WHERE k = 2');
    expect(await sortedRowsOf('SELECT k, s FROM same_set WHERE k IN (0, 1, 2)')).toEqual([[2, [2]]]);
  });

  it('a map entry set twice: the greater value wins, in either order; a removal beats both', async () => {
    await s.db.execute('CREATE TABLE same_map (k int PRIMARY KEY, m map<text, int>, t map<int, text>)');
    await s.db.execute("UPDATE same_map SET m['a'] = 2, m['a'] = 1 WHERE k = 0");
    await s.db.execute("UPDATE same_map SET m['a'] = 1, m['a'] = 2 WHERE k = 1");
    await s.db.execute("UPDATE same_map SET m['a'] = 1, m = m + {'a': 3, 'b': 4}, t[1] = 'x', t[1] = 'y' WHERE k = 2");
    await s.db.execute("UPDATE same_map SET m['a'] = 5, m = m - {'a'}, m['b'] = 6 WHERE k = 3");
    expect(await sortedRowsOf('SELECT k, m, t FROM same_map WHERE k IN (0, 1, 2, 3)')).toEqual([
      [0, { a: 2 }, null],
      [1, { a: 2 }, null],
      [2, { a: 3, b: 4 }, { 1: 'y' }],
      [3, { b: 6 }, null],
    ]);
  });

  it('DELETE naming one element twice, and a static column written with a regular one', async () => {
    await s.db.execute('CREATE TABLE same_del (k int, c int, m map<int, int>, st set<int> static, PRIMARY KEY (k, c))');
    await s.db.execute('UPDATE same_del SET m = {1: 1, 2: 2}, st = {7} WHERE k = 0 AND c = 0');
    await s.db.execute('DELETE m[1], m[1] FROM same_del WHERE k = 0 AND c = 0');
    await s.db.execute('UPDATE same_del SET st = st + {8}, st = st - {8}, m[3] = 3 WHERE k = 0 AND c = 0');
    expect(await rowsOf(s.db, 'SELECT m, st FROM same_del WHERE k = 0')).toEqual([[{ 2: 2, 3: 3 }, [7]]]);
  });

  it('two expiring cells of one TTL: the greater value', async () => {
    await s.db.execute('CREATE TABLE same_ttl (k int PRIMARY KEY, m map<int, int>)');
    await s.db.execute('UPDATE same_ttl USING TIMESTAMP 42 AND TTL 1000 SET m[1] = 9, m[1] = 3 WHERE k = 0');
    expect(await rowsOf(s.db, 'SELECT m FROM same_ttl WHERE k = 0')).toEqual([[{ 1: 9 }]]);
  });
});

describe('one cell written by two statements of one batch at one timestamp', () => {
  it('the greater value, the tombstone over a live cell, in either statement order', async () => {
    await s.db.execute('CREATE TABLE same_batch (k int PRIMARY KEY, v int, s set<int>, m map<text, int>)');
    await s.db.execute('BEGIN BATCH UPDATE same_batch SET v = 2 WHERE k = 0; UPDATE same_batch SET v = 1 WHERE k = 0; APPLY BATCH');
    await s.db.execute('BEGIN BATCH UPDATE same_batch SET v = 1 WHERE k = 1; UPDATE same_batch SET v = 2 WHERE k = 1; APPLY BATCH');
    await s.db.execute('BEGIN BATCH UPDATE same_batch SET s = s + {1}, v = 3 WHERE k = 2; UPDATE same_batch SET s = s - {1} WHERE k = 2; APPLY BATCH');
    await s.db.execute("BEGIN UNLOGGED BATCH UPDATE same_batch SET m['a'] = 1 WHERE k = 3; INSERT INTO same_batch (k, m) VALUES (3, {'a': 2}); APPLY BATCH");
    await s.db.execute('BEGIN BATCH INSERT INTO same_batch (k, v) VALUES (4, 5); DELETE v FROM same_batch WHERE k = 4; APPLY BATCH');
    expect(await sortedRowsOf('SELECT k, v, s, m FROM same_batch WHERE k IN (0, 1, 2, 3, 4)')).toEqual([
      [0, 2, null, null],
      [1, 2, null, null],
      [2, 3, null, null],
      [3, null, null, { a: 2 }],
      [4, null, null, null],
    ]);
  });

  it('any sequence of map entry writes and removals in one statement or one batch reads as the reconciled cells', async () => {
    await s.db.execute('CREATE TABLE same_prop (k int PRIMARY KEY, m map<int, int>)');
    let key = 0;
    const write = fc.record({ entry: fc.integer({ min: 0, max: 2 }), value: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: null }) });
    await fc.assert(
      fc.asyncProperty(fc.array(write, { minLength: 1, maxLength: 6 }), fc.boolean(), async (writes, asBatch) => {
        const k = key++;
        const item = (w: { entry: number; value: number | null }): string => (w.value === null ? `m = m - {${w.entry}}` : `m[${w.entry}] = ${w.value}`);
        if (asBatch) {
          const statements = writes.map((w) => `UPDATE same_prop SET ${item(w)} WHERE k = ${k}`);
          await s.db.execute(`BEGIN BATCH ${statements.join('; ')}; APPLY BATCH`);
        } else {
          await s.db.execute(`UPDATE same_prop SET ${writes.map(item).join(', ')} WHERE k = ${k}`);
        }
        // Reference: per entry, any removal wins; else the greatest value (positive ints order as their bytes).
        const expected = new Map<number, number | null>();
        for (const { entry, value } of writes) {
          const seen = expected.get(entry);
          expected.set(entry, seen === null || value === null ? null : Math.max(seen ?? value, value));
        }
        const live = [...expected].filter(([, v]) => v !== null).sort(([a], [b]) => a - b);
        const rows = await rowsOf(s.db, `SELECT m FROM same_prop WHERE k = ${k}`);
        expect(rows).toEqual(live.length === 0 ? [] : [[Object.fromEntries(live)]]);
      }),
      { numRuns: 40 },
    );
  });
});
