/**
 * Collections and user types as Cassandra documents them (types.adoc "Collections", "User-Defined
 * Types"; CollectionsTest): every UPDATE operation on lists, sets and maps, non-frozen UDT fields,
 * frozen values as single cells, empty collections read as null, and the refusals.
 */

import { describe, expect, it } from 'vitest';
import { CqlErrorCode } from '../../../../src/lib/errors.js';
import { failureOf, rowsOf, useDatabase } from './semantics-db.js';

const s = useDatabase();

async function valueOf(table: string, column: string, k = 0): Promise<unknown> {
  return (await rowsOf(s.db, `SELECT ${column} FROM ${table} WHERE k = ?`, [k]))[0]?.[0];
}

describe('Collections', () => {
  it('lists: append, prepend (order kept), set and delete by index, remove every occurrence by value', async () => {
    await s.db.execute('CREATE TABLE coll_list (k int PRIMARY KEY, l list<text>)');
    await s.db.execute("INSERT INTO coll_list (k, l) VALUES (0, ['b', 'c'])");
    await s.db.execute("UPDATE coll_list SET l = l + ['d', 'b'] WHERE k = 0");
    await s.db.execute("UPDATE coll_list SET l = ['x', 'a'] + l WHERE k = 0");
    expect(await valueOf('coll_list', 'l')).toEqual(['x', 'a', 'b', 'c', 'd', 'b']);
    await s.db.execute("UPDATE coll_list SET l[2] = 'B' WHERE k = 0");
    await s.db.execute('DELETE l[0] FROM coll_list WHERE k = 0');
    expect(await valueOf('coll_list', 'l')).toEqual(['a', 'B', 'c', 'd', 'b']);
    await s.db.execute("UPDATE coll_list SET l = l - ['b', 'c', 'nothing'] WHERE k = 0");
    expect(await valueOf('coll_list', 'l')).toEqual(['a', 'B', 'd']);
    await s.db.execute('UPDATE coll_list SET l[1] = null WHERE k = 0');
    expect(await valueOf('coll_list', 'l')).toEqual(['a', 'd']);
    await s.db.execute('UPDATE coll_list SET l += ? WHERE k = 0', [['e']]);
    await s.db.execute('UPDATE coll_list SET l -= ? WHERE k = 0', [['a']]);
    expect(await valueOf('coll_list', 'l')).toEqual(['d', 'e']);
    expect(await failureOf(s.db.execute("UPDATE coll_list SET l[7] = 'x' WHERE k = 0"))).toEqual({ code: CqlErrorCode.invalid, message: 'List index 7 out of bound, list has size 2' });
    expect(await failureOf(s.db.execute("UPDATE coll_list SET l[0] = 'x' WHERE k = 1"))).toEqual({
      code: CqlErrorCode.invalid,
      message: 'Attempted to set an element on a list which is null',
    });
    await s.db.execute("UPDATE coll_list SET l = l - ['d', 'e'] WHERE k = 0");
    expect(await rowsOf(s.db, 'SELECT * FROM coll_list')).toEqual([[0, null]]);
  });

  it('sets: add, remove, overwrite, kept in element order and without duplicates', async () => {
    await s.db.execute('CREATE TABLE coll_set (k int PRIMARY KEY, st set<int>)');
    await s.db.execute('INSERT INTO coll_set (k, st) VALUES (0, {3, 1, 2, 1})');
    await s.db.execute('UPDATE coll_set SET st = st + {-5, 2, 10} WHERE k = 0');
    expect(await valueOf('coll_set', 'st')).toEqual([-5, 1, 2, 3, 10]);
    await s.db.execute('UPDATE coll_set SET st = st - {1, 10, 99} WHERE k = 0');
    expect(await valueOf('coll_set', 'st')).toEqual([-5, 2, 3]);
    await s.db.execute('UPDATE coll_set SET st = {7} WHERE k = 0');
    expect(await valueOf('coll_set', 'st')).toEqual([7]);
    await s.db.execute('UPDATE coll_set SET st = {} WHERE k = 0');
    expect(await valueOf('coll_set', 'st')).toBeNull();
  });

  it('maps: put, set and delete by key (null deletes), remove keys, overwrite', async () => {
    await s.db.execute('CREATE TABLE coll_map (k int PRIMARY KEY, m map<text, int>)');
    await s.db.execute("INSERT INTO coll_map (k, m) VALUES (0, {'b': 2, 'a': 1})");
    await s.db.execute("UPDATE coll_map SET m = m + {'c': 3, 'a': 10} WHERE k = 0");
    await s.db.execute("UPDATE coll_map SET m['d'] = 4 WHERE k = 0");
    expect(await valueOf('coll_map', 'm')).toEqual({ a: 10, b: 2, c: 3, d: 4 });
    await s.db.execute("UPDATE coll_map SET m['b'] = null WHERE k = 0");
    await s.db.execute("UPDATE coll_map SET m = m - {'c', 'zz'} WHERE k = 0");
    await s.db.execute("DELETE m['d'] FROM coll_map WHERE k = 0");
    expect(await valueOf('coll_map', 'm')).toEqual({ a: 10 });
    await s.db.execute("UPDATE coll_map SET m = {'only': 1} WHERE k = 0");
    expect(await valueOf('coll_map', 'm')).toEqual({ only: 1 });
    await s.db.execute('UPDATE coll_map SET m = m + ? WHERE k = 0', [{ bound: 2 }]);
    expect(await valueOf('coll_map', 'm')).toEqual({ bound: 2, only: 1 });
  });

  it('non-frozen UDTs: set and delete single fields, a whole value replaces every field', async () => {
    await s.db.execute('CREATE TYPE coll_address (street text, zip int, city text)');
    await s.db.execute('CREATE TABLE coll_udt (k int PRIMARY KEY, a coll_address)');
    await s.db.execute("INSERT INTO coll_udt (k, a) VALUES (0, {street: 'Main', zip: 1000})");
    expect(await valueOf('coll_udt', 'a')).toEqual({ street: 'Main', zip: 1000, city: null });
    await s.db.execute("UPDATE coll_udt SET a.city = 'Paris' WHERE k = 0");
    await s.db.execute('DELETE a.zip FROM coll_udt WHERE k = 0');
    expect(await valueOf('coll_udt', 'a')).toEqual({ street: 'Main', zip: null, city: 'Paris' });
    // Field selection in a SELECT clause is a parser gap, refused clearly.
    expect(await failureOf(s.db.execute('SELECT a.city FROM coll_udt WHERE k = 0'))).toMatchObject({ code: CqlErrorCode.invalid, message: expect.stringContaining('not supported yet') as unknown });
    await s.db.execute("UPDATE coll_udt SET a = {city: 'Lyon'} WHERE k = 0");
    expect(await valueOf('coll_udt', 'a')).toEqual({ street: null, zip: null, city: 'Lyon' });
    await s.db.execute('UPDATE coll_udt SET a.zip = 75 WHERE k = 1');
    expect(await valueOf('coll_udt', 'a', 1)).toEqual({ street: null, zip: 75, city: null });
    expect(await failureOf(s.db.execute('UPDATE coll_udt SET a.nope = 1 WHERE k = 0'))).toEqual({ code: CqlErrorCode.invalid, message: 'UDT column a does not have a field named nope' });
    expect(await failureOf(s.db.execute('DELETE a.nope FROM coll_udt WHERE k = 0'))).toEqual({ code: CqlErrorCode.invalid, message: 'UDT column a does not have a field named nope' });
  });

  it('frozen collections and UDTs are single values: replaced whole, refused element operations', async () => {
    await s.db.execute('CREATE TYPE coll_pair (x int, y int)');
    await s.db.execute('CREATE TABLE coll_frozen (k int PRIMARY KEY, fl frozen<list<int>>, fs frozen<set<text>>, fm frozen<map<int, text>>, fp frozen<coll_pair>, nested map<text, frozen<list<int>>>, tup tuple<int, text>)');
    await s.db.execute("INSERT INTO coll_frozen (k, fl, fs, fm, fp, nested, tup) VALUES (0, [3, 1, 3], {'b', 'a'}, {2: 'two', 1: 'one'}, {x: 1, y: 2}, {'n': [1, 2]}, (1, 'one'))");
    expect(await rowsOf(s.db, 'SELECT fl, fs, fm, fp, nested, tup FROM coll_frozen WHERE k = 0')).toEqual([
      [[3, 1, 3], ['a', 'b'], { 1: 'one', 2: 'two' }, { x: 1, y: 2 }, { n: [1, 2] }, [1, 'one']],
    ]);
    await s.db.execute('UPDATE coll_frozen SET fl = [9], fp = {x: 5} WHERE k = 0');
    await s.db.execute("UPDATE coll_frozen SET nested['m'] = [4] WHERE k = 0");
    expect(await rowsOf(s.db, 'SELECT fl, fp, nested FROM coll_frozen WHERE k = 0')).toEqual([[[9], { x: 5, y: null }, { m: [4], n: [1, 2] }]]);
    const refusals: Array<[string, string]> = [
      ['UPDATE coll_frozen SET fl = fl + [1] WHERE k = 0', 'Invalid operation (fl = fl + [1]) for frozen collection column fl'],
      ["UPDATE coll_frozen SET fs = fs - {'a'} WHERE k = 0", "Invalid operation (fs = fs - {'a'}) for frozen collection column fs"],
      ['UPDATE coll_frozen SET fl = [0] + fl WHERE k = 0', 'Invalid operation (fl = [0] + fl) for frozen list column fl'],
      ['UPDATE coll_frozen SET fl[0] = 1 WHERE k = 0', 'Invalid operation (fl[0] = 1) for frozen collection column fl'],
      ["UPDATE coll_frozen SET fm[1] = 'x' WHERE k = 0", "Invalid operation (fm[1] = 'x') for frozen collection column fm"],
      ['UPDATE coll_frozen SET fp.x = 1 WHERE k = 0', 'Invalid operation (fp.x = 1) for frozen UDT column fp'],
      ['DELETE fl[0] FROM coll_frozen WHERE k = 0', 'Invalid deletion operation for frozen collection column fl'],
      ['DELETE fp.x FROM coll_frozen WHERE k = 0', 'Frozen UDT column fp does not support field deletions'],
      ['UPDATE coll_frozen SET tup = tup + (1, 2) WHERE k = 0', 'Invalid operation (tup = tup + (1, 2)) for tuple column tup'],
    ];
    for (const [cql, message] of refusals) expect({ cql, ...(await failureOf(s.db.execute(cql))) }).toEqual({ cql, code: CqlErrorCode.invalid, message });
  });

  it('reads an empty collection as null, refuses nulls inside one, and refuses operations that do not fit the type', async () => {
    await s.db.execute('CREATE TABLE coll_edges (k int PRIMARY KEY, l list<int>, st set<int>, m map<int, int>, v int)');
    await s.db.execute('INSERT INTO coll_edges (k, l, st, m) VALUES (0, [], {}, {})');
    expect(await rowsOf(s.db, 'SELECT l, st, m FROM coll_edges WHERE k = 0')).toEqual([[null, null, null]]);
    expect(await failureOf(s.db.execute('INSERT INTO coll_edges (k, l) VALUES (1, [1, null])'))).toEqual({ code: CqlErrorCode.invalid, message: 'null is not supported inside collections' });
    expect(await failureOf(s.db.execute('INSERT INTO coll_edges (k, l) VALUES (1, ?)', [[1, null]]))).toMatchObject({ code: CqlErrorCode.invalid });
    const refusals: Array<[string, string]> = [
      ['UPDATE coll_edges SET st = [1] + st WHERE k = 0', 'Invalid operation (st = [1] + st) for non list column st'],
      ['UPDATE coll_edges SET st[0] = 1 WHERE k = 0', 'Invalid operation (st[0] = 1) for set column st'],
      ['UPDATE coll_edges SET v = v + 1 WHERE k = 0', 'Invalid operation (v = v + 1) for non counter column v'],
      ['UPDATE coll_edges SET v[?] = 1 WHERE k = 0', 'Invalid operation (v[?] = 1) for non collection column v'],
      ['DELETE v[0] FROM coll_edges WHERE k = 0', 'Invalid deletion operation for non collection column v'],
      ['DELETE v.x FROM coll_edges WHERE k = 0', 'Invalid field deletion operation for non-UDT column v'],
    ];
    for (const [cql, message] of refusals) expect({ cql, ...(await failureOf(s.db.execute(cql, cql.includes('?') ? [0] : []))) }).toEqual({ cql, code: CqlErrorCode.invalid, message });
    expect(await rowsOf(s.db, 'SELECT * FROM coll_edges')).toEqual([[0, null, null, null, null]]);
  });
});
