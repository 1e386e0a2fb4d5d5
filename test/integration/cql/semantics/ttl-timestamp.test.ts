/**
 * TTL and write timestamps as Cassandra documents them (dml.adoc "Update parameters", TTLTest):
 * cells and row markers that expire, ttl() counting down, default_time_to_live, the higher
 * timestamp winning whatever the order of arrival (ties: a tombstone, then the greater value),
 * and USING TIMESTAMP on deletions. One shared 2.2 s wait covers every expiry (1 s and 2 s TTLs).
 */

import { describe, expect, it } from 'vitest';
import { CqlErrorCode } from '../../../../src/lib/errors.js';
import { driverTypes } from '../../../../src/cql/types/driver-values.js';
import { failureOf, rowsOf, sleep, useDatabase } from './semantics-db.js';

const s = useDatabase();

describe('TTL and timestamps', () => {
  it('expires rows, cells and default TTLs, and counts ttl() down', async () => {
    await s.db.execute('CREATE TABLE ttl_expiry (k int, c int, v int, w int, l list<int>, PRIMARY KEY (k, c))');
    await s.db.execute('CREATE TABLE ttl_default (k int PRIMARY KEY, v int) WITH default_time_to_live = 2');
    // Row 0: everything expires. Row 1: its key and v expire, w (written without TTL) keeps the row.
    await s.db.execute('INSERT INTO ttl_expiry (k, c, v) VALUES (0, 0, 0) USING TTL 1');
    await s.db.execute('INSERT INTO ttl_expiry (k, c, v) VALUES (0, 1, 1) USING TTL 1');
    await s.db.execute('UPDATE ttl_expiry SET w = 1 WHERE k = 0 AND c = 1');
    // Row 2: a cell overwritten with a TTL (the older value does not come back) and one list element expire.
    await s.db.execute('INSERT INTO ttl_expiry (k, c, v, w, l) VALUES (0, 2, 2, 2, [1])');
    await s.db.execute('UPDATE ttl_expiry USING TTL 1 SET v = 20, l = l + [2] WHERE k = 0 AND c = 2');
    // Row 3: ttl() counts down from 100.
    await s.db.execute('INSERT INTO ttl_expiry (k, c, v) VALUES (0, 3, 3) USING TTL 100');
    await s.db.execute('INSERT INTO ttl_default (k, v) VALUES (0, 0)');
    await s.db.execute('INSERT INTO ttl_default (k, v) VALUES (1, 1) USING TTL 0');
    await s.db.execute('INSERT INTO ttl_default (k, v) VALUES (2, 2) USING TTL ?', [driverTypes.unset]);
    const [[before]] = (await rowsOf(s.db, 'SELECT ttl(v) FROM ttl_expiry WHERE k = 0 AND c = 3')) as [[number]];
    expect(before).toBeGreaterThanOrEqual(99);
    expect(before).toBeLessThanOrEqual(100);
    // Expiry is kept in whole seconds (as Cassandra does), so a 2 s default TTL reads 2, or 1 once the clock's
    // second has turned; a 1 s one could already be gone on a loaded machine.
    const defaults = (await rowsOf(s.db, 'SELECT k, ttl(v) FROM ttl_default WHERE k IN (0, 1, 2)')) as [number, number | null][];
    expect(defaults.map(([k, ttl]) => [k, ttl === null ? null : ttl >= 1 && ttl <= 2])).toEqual([
      [0, true],
      [1, null],
      [2, true],
    ]);
    await sleep(2200);
    expect(await rowsOf(s.db, 'SELECT c, v, w, l FROM ttl_expiry WHERE k = 0')).toEqual([
      [1, null, 1, null],
      [2, null, 2, [1]],
      [3, 3, null, null],
    ]);
    const [[after]] = (await rowsOf(s.db, 'SELECT ttl(v) FROM ttl_expiry WHERE k = 0 AND c = 3')) as [[number]];
    expect(after).toBeLessThanOrEqual(before - 2);
    expect(await rowsOf(s.db, 'SELECT k, v FROM ttl_default')).toEqual([[1, 1]]);
  });

  it('keeps the value with the higher timestamp, whatever the order writes arrive in', async () => {
    await s.db.execute('CREATE TABLE ts_order (k int PRIMARY KEY, v text)');
    await s.db.execute("INSERT INTO ts_order (k, v) VALUES (0, 'new') USING TIMESTAMP 2000");
    await s.db.execute("INSERT INTO ts_order (k, v) VALUES (0, 'old') USING TIMESTAMP 1000");
    await s.db.execute("UPDATE ts_order USING TIMESTAMP 1500 SET v = 'older' WHERE k = 0");
    expect(await rowsOf(s.db, 'SELECT v, writetime(v) FROM ts_order WHERE k = 0')).toEqual([['new', '2000']]);
    // Equal timestamps: the greater value wins, and a tombstone beats any value.
    await s.db.execute("INSERT INTO ts_order (k, v) VALUES (1, 'b') USING TIMESTAMP 5000");
    await s.db.execute("INSERT INTO ts_order (k, v) VALUES (1, 'a') USING TIMESTAMP 5000");
    expect(await rowsOf(s.db, 'SELECT v FROM ts_order WHERE k = 1')).toEqual([['b']]);
    await s.db.execute('DELETE v FROM ts_order USING TIMESTAMP 5000 WHERE k = 1');
    expect(await rowsOf(s.db, 'SELECT k, v FROM ts_order WHERE k = 1')).toEqual([[1, null]]);
    await s.db.execute('DELETE FROM ts_order USING TIMESTAMP 5000 WHERE k = 1');
    expect(await rowsOf(s.db, 'SELECT k, v FROM ts_order WHERE k = 1')).toEqual([]);
    // A partition deletion shadows older writes that arrive after it, and not newer ones.
    await s.db.execute('DELETE FROM ts_order USING TIMESTAMP 9000 WHERE k = 2');
    await s.db.execute("INSERT INTO ts_order (k, v) VALUES (2, 'late but old') USING TIMESTAMP 8999");
    expect(await rowsOf(s.db, 'SELECT * FROM ts_order WHERE k = 2')).toEqual([]);
    await s.db.execute("INSERT INTO ts_order (k, v) VALUES (2, 'newer') USING TIMESTAMP 9001");
    expect(await rowsOf(s.db, 'SELECT * FROM ts_order WHERE k = 2')).toEqual([[2, 'newer']]);
  });

  it('reports writetime() and ttl() per cell, null for missing cells, and takes TTL and TIMESTAMP together and bound', async () => {
    await s.db.execute('CREATE TABLE ts_functions (k int PRIMARY KEY, a int, b int)');
    await s.db.execute('INSERT INTO ts_functions (k, a) VALUES (0, 1) USING TTL 500 AND TIMESTAMP 42');
    await s.db.execute('UPDATE ts_functions USING TIMESTAMP ? AND TTL ? SET b = 2 WHERE k = 0', [driverTypes.Long.fromNumber(43), 600]);
    const [[wa, wb, ta, tb]] = (await rowsOf(s.db, 'SELECT writetime(a), writetime(b), ttl(a), ttl(b) FROM ts_functions WHERE k = 0')) as [[string, string, number, number]];
    expect([wa, wb]).toEqual(['42', '43']);
    expect(ta).toBeGreaterThan(490);
    expect(tb).toBeGreaterThan(590);
    await s.db.execute('INSERT INTO ts_functions (k) VALUES (1)');
    expect(await rowsOf(s.db, 'SELECT writetime(a), ttl(a) FROM ts_functions WHERE k = 1')).toEqual([[null, null]]);
  });

  it('refuses bad TTLs and timestamps with Cassandra messages', async () => {
    await s.db.execute('CREATE TABLE ts_refusals (k int PRIMARY KEY, v int)');
    const cases: Array<[string, unknown[], string]> = [
      ['INSERT INTO ts_refusals (k, v) VALUES (0, 0) USING TTL -1', [], 'A TTL must be greater or equal to 0, but was given as -1'],
      ['INSERT INTO ts_refusals (k, v) VALUES (0, 0) USING TTL 630720001', [], 'ttl is too large. requested (630720001) maximum (630720000)'],
      ['INSERT INTO ts_refusals (k, v) VALUES (0, 0) USING TTL ?', [null], 'Invalid null value of TTL'],
      ['INSERT INTO ts_refusals (k, v) VALUES (0, 0) USING TIMESTAMP ?', [null], 'Invalid null value of timestamp'],
      ['SELECT writetime(k) FROM ts_refusals', [], 'Cannot use selection function writeTime on PRIMARY KEY part k'],
      ['SELECT ttl(k) FROM ts_refusals', [], 'Cannot use selection function ttl on PRIMARY KEY part k'],
    ];
    for (const [cql, params, message] of cases) {
      expect({ cql, ...(await failureOf(s.db.execute(cql, params))) }).toEqual({ cql, code: CqlErrorCode.invalid, message });
    }
    expect(await rowsOf(s.db, 'SELECT * FROM ts_refusals')).toEqual([]);
  });
});
