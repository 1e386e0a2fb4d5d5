/**
 * User types whose names need quotes ("select", "Int", "int", "my type") survive a restart: the
 * catalog stores each column's type as text and parses it back at start-up, so the text must
 * name the same type. system_schema shows the names quoted as Cassandra's CQL3Type.toString does.
 */

import { describe, expect, it } from 'vitest';
import { rowsOf, useDatabase } from './semantics-db.js';

const s = useDatabase();

describe('user type names that need quoting', () => {
  it('are stored quoted, and tables using them load again after a restart', async () => {
    await s.db.execute('CREATE TYPE "select" (a int)');
    await s.db.execute('CREATE TYPE "int" (b text)');
    await s.db.execute('CREATE TYPE "My Type" (c int)');
    await s.db.execute('CREATE TABLE utn (k int PRIMARY KEY, s frozen<"select">, i "int", l list<frozen<"My Type">>)');
    await s.db.execute("INSERT INTO utn (k, s, i, l) VALUES (0, {a: 1}, {b: 'x'}, [{c: 2}])");
    const types = "SELECT column_name, type FROM system_schema.columns WHERE keyspace_name = 'ks' AND table_name = 'utn'";
    const expected = [['i', '"int"'], ['k', 'int'], ['l', 'list<frozen<"My Type">>'], ['s', 'frozen<"select">']];
    expect(await rowsOf(s.db, types)).toEqual(expected);
    await s.reopen();
    expect(await rowsOf(s.db, types)).toEqual(expected);
    expect(await rowsOf(s.db, 'SELECT s, i, l FROM ks.utn WHERE k = 0')).toEqual([[{ a: 1 }, { b: 'x' }, [{ c: 2 }]]]);
  });
});
