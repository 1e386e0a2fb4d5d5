import { describe, expect, it } from 'vitest';
import { CreateTableStatement } from '../../../../src/cql/ast/create-table-statement.js';
import { parseStatement } from '../../../../src/cql/parser/parser.js';
import { tableFromCreate } from '../../../../src/cql/schema/table-metadata.js';
import { DEFAULT_TABLE_OPTIONS } from '../../../../src/cql/schema/table-options.js';
import { listType, mapType, nativeCqlType, setType, tupleType, udtType, type CqlType } from '../../../../src/cql/types/cql-type.js';
import { InvalidRequestError } from '../../../../src/lib/errors.js';

const native = (name: string) => nativeCqlType(name)!;
const int = native('int');
const text = native('text');
const address = udtType('ks', 'address', [{ name: 'street', type: text }], false);
const withList = udtType('ks', 'bag', [{ name: 'items', type: listType(int) }], false);
const resolveUserType = (keyspace: string, name: string): CqlType | null =>
  keyspace !== 'ks' ? null : name === 'address' ? address : name === 'bag' ? withList : null;

function table(source: string) {
  const statement = parseStatement(source);
  if (!CreateTableStatement.is(statement)) throw new Error('not CREATE TABLE');
  return tableFromCreate(statement, { keyspace: 'ks', resolveUserType, tableId: 7 });
}

const summary = (columns: readonly { name: string; position: number; columnId: number }[]) =>
  columns.map((c) => [c.name, c.position, c.columnId]);

describe('tableFromCreate', () => {
  it('builds a simple table with an inline key and default options', () => {
    const t = table('CREATE TABLE users (id uuid PRIMARY KEY, name text, age int)');
    expect(t.keyspace).toBe('ks');
    expect(t.name).toBe('users');
    expect(t.id).toBe(7);
    expect(t.partitionKey).toEqual([{ name: 'id', type: native('uuid'), kind: 'partition_key', position: 0, columnId: 0 }]);
    expect(t.clustering).toEqual([]);
    expect(t.regular).toEqual([
      { name: 'age', type: int, kind: 'regular', position: -1, columnId: 2 },
      { name: 'name', type: text, kind: 'regular', position: -1, columnId: 1 },
    ]);
    expect(t.static).toEqual([]);
    expect(t.isCounter).toBe(false);
    expect(t.options).toEqual(DEFAULT_TABLE_OPTIONS);
    expect(t.options).toMatchObject({ defaultTimeToLive: 0, gcGraceSeconds: 864000, bloomFilterFpChance: 0.01, comment: '' });
    expect(t.options.compaction.class).toBe('SizeTieredCompactionStrategy');
  });

  it('builds composite partition keys and several clustering columns with mixed orders', () => {
    const t = table(
      'CREATE TABLE other.events (v text, a int, b int, c text, d timestamp, PRIMARY KEY ((a, b), c, d)) WITH CLUSTERING ORDER BY (c DESC, d ASC)',
    );
    expect(t.keyspace).toBe('other');
    expect(summary(t.partitionKey)).toEqual([['a', 0, 1], ['b', 1, 2]]);
    expect(t.clustering.map((c) => [c.name, c.position, c.columnId, c.order, c.kind])).toEqual([
      ['c', 0, 3, 'desc', 'clustering'],
      ['d', 1, 4, 'asc', 'clustering'],
    ]);
    expect(summary(t.regular)).toEqual([['v', -1, 0]]);
  });

  it('defaults clustering order to ascending and accepts a prefix directive', () => {
    const t = table('CREATE TABLE t (k int, c1 int, c2 int, PRIMARY KEY (k, c1, c2)) WITH CLUSTERING ORDER BY (c1 DESC)');
    expect(t.clustering.map((c) => c.order)).toEqual(['desc', 'asc']);
  });

  it('keeps static columns apart', () => {
    const t = table('CREATE TABLE t (k int, c int, s text STATIC, v int, PRIMARY KEY (k, c))');
    expect(t.static).toEqual([{ name: 's', type: text, kind: 'static', position: -1, columnId: 2 }]);
    expect(summary(t.regular)).toEqual([['v', -1, 3]]);
  });

  it('resolves collections, frozen collections in keys, tuples and user types', () => {
    const t = table(
      'CREATE TABLE t (k frozen<list<int>>, c frozen<map<text, frozen<set<int>>>>, l list<int>, s set<text>, m map<int, frozen<list<int>>>, ' +
        'tu tuple<int, list<int>>, a address, fa frozen<address>, PRIMARY KEY (k, c))',
    );
    expect(t.partitionKey[0]?.type).toEqual(listType(int, true));
    expect(t.clustering[0]?.type).toEqual(mapType(text, setType(int, true), true));
    const types = Object.fromEntries(t.regular.map((c) => [c.name, c.type]));
    expect(types).toEqual({
      a: address,
      fa: { ...address, frozen: true },
      l: listType(int),
      m: mapType(int, listType(int, true)),
      s: setType(text),
      tu: tupleType([int, listType(int, true)]),
    });
  });

  it('builds counter tables', () => {
    const t = table('CREATE TABLE hits (page text, day date, views counter, clicks counter, PRIMARY KEY (page, day))');
    expect(t.isCounter).toBe(true);
    expect(t.regular.map((c) => c.type)).toEqual([native('counter'), native('counter')]);
  });

  it('reads every option', () => {
    const t = table(
      "CREATE TABLE t (k int PRIMARY KEY) WITH default_time_to_live = 3600 AND gc_grace_seconds = 0 AND bloom_filter_fp_chance = 1 " +
        "AND comment = 'hello' AND compaction = {'class': 'org.apache.cassandra.db.compaction.LeveledCompactionStrategy', 'sstable_size_in_mb': 160}",
    );
    expect(t.options).toEqual({
      defaultTimeToLive: 3600,
      gcGraceSeconds: 0,
      bloomFilterFpChance: 1,
      comment: 'hello',
      compaction: { class: 'LeveledCompactionStrategy', options: new Map([['sstable_size_in_mb', '160']]) },
      caching: new Map([['keys', 'ALL'], ['rows_per_partition', 'NONE']]),
      compression: new Map([['chunk_length_in_kb', '16'], ['class', 'org.apache.cassandra.io.compress.LZ4Compressor']]),
      speculativeRetry: '99p',
    });
    expect(table('CREATE TABLE t (k int PRIMARY KEY) WITH default_time_to_live = 630720000').options.defaultTimeToLive).toBe(630720000);
  });

  it.each([
    ['CREATE TABLE t (k int PRIMARY KEY, k text)', "Duplicate column 'k' declaration for table 't'"],
    ['CREATE TABLE t (k int, v int)', "No PRIMARY KEY specifed for table 't' (exactly one required)"],
    ['CREATE TABLE t (k int PRIMARY KEY, v int, PRIMARY KEY (v))', 'Multiple PRIMARY KEYs specified (exactly one required)'],
    ['CREATE TABLE t (k int PRIMARY KEY, v int PRIMARY KEY)', 'Multiple PRIMARY KEYs specified (exactly one required)'],
    ['CREATE TABLE t (k int, PRIMARY KEY (k, x))', "Unknown column 'x' referenced in PRIMARY KEY for table 't'"],
    ['CREATE TABLE t (k int, c int, PRIMARY KEY (k, c, k))', "Duplicate column 'k' in PRIMARY KEY clause for table 't'"],
    ['CREATE TABLE t (k list<int> PRIMARY KEY)', "Invalid non-frozen collection type list<int> for PRIMARY KEY column 'k'"],
    ['CREATE TABLE t (k int, c address, PRIMARY KEY (k, c))', "Invalid non-frozen user-defined type address for PRIMARY KEY column 'c'"],
    ['CREATE TABLE t (k duration PRIMARY KEY)', "duration type is not supported for PRIMARY KEY column 'k'"],
    ['CREATE TABLE t (k frozen<list<duration>> PRIMARY KEY)', "duration type is not supported for PRIMARY KEY column 'k'"],
    ['CREATE TABLE t (k counter PRIMARY KEY, v counter)', "counter type is not supported for PRIMARY KEY column 'k'"],
    ['CREATE TABLE t (k int, c int STATIC, PRIMARY KEY (k, c))', "Static column 'c' cannot be part of the PRIMARY KEY"],
    ['CREATE TABLE t (k int PRIMARY KEY, s int STATIC)', 'Static columns are only useful (and thus allowed) if the table has at least one clustering column'],
    ['CREATE TABLE t (k int, c int, v int, PRIMARY KEY (k, c)) WITH CLUSTERING ORDER BY (v DESC)', 'Only clustering columns can be defined in CLUSTERING ORDER directive'],
    ['CREATE TABLE t (k int, c int, PRIMARY KEY (k, c)) WITH CLUSTERING ORDER BY (k DESC)', 'Only clustering columns can be defined in CLUSTERING ORDER directive'],
    ['CREATE TABLE t (k int, a int, b int, PRIMARY KEY (k, a, b)) WITH CLUSTERING ORDER BY (b DESC, a ASC)', 'The order of columns in the CLUSTERING ORDER directive must match that of the clustering columns (a must appear before b)'],
    ['CREATE TABLE t (k int, a int, b int, PRIMARY KEY (k, a, b)) WITH CLUSTERING ORDER BY (b DESC)', 'Missing CLUSTERING ORDER for column a'],
    ['CREATE TABLE t (k int, c int, n counter, v int, PRIMARY KEY (k, c))', 'Cannot mix counter and non counter columns in the same table'],
    ['CREATE TABLE t (k int PRIMARY KEY, n counter) WITH default_time_to_live = 5', 'Cannot set default_time_to_live on a table with counters'],
    ['CREATE TABLE t (k int PRIMARY KEY) WITH foo = 1', "Unknown property 'foo'"],
    ['CREATE TABLE t (k int PRIMARY KEY) WITH gc_grace_seconds = -1', 'gc_grace_seconds must be greater than or equal to 0 (got -1)'],
    ['CREATE TABLE t (k int PRIMARY KEY) WITH gc_grace_seconds = 1.5', "Invalid value '1.5' for property 'gc_grace_seconds'"],
    ['CREATE TABLE t (k int PRIMARY KEY) WITH bloom_filter_fp_chance = 0', 'bloom_filter_fp_chance must be larger than 0 and less than or equal to 1.0 (got 0)'],
    ['CREATE TABLE t (k int PRIMARY KEY) WITH bloom_filter_fp_chance = 1.5', 'bloom_filter_fp_chance must be larger than 0 and less than or equal to 1.0 (got 1.5)'],
    ['CREATE TABLE t (k int PRIMARY KEY) WITH default_time_to_live = -1', 'default_time_to_live must be greater than or equal to 0 (got -1)'],
    ['CREATE TABLE t (k int PRIMARY KEY) WITH default_time_to_live = 630720001', 'default_time_to_live must be less than or equal to 630720000 (got 630720001)'],
    ["CREATE TABLE t (k int PRIMARY KEY) WITH compaction = {'min_threshold': 4}", "Missing sub-option 'class' for the 'compaction' option."],
    ["CREATE TABLE t (k int PRIMARY KEY) WITH compaction = {'class': 'Nope'}", "Unable to find compaction strategy class 'Nope'"],
    ['CREATE TABLE t (k int PRIMARY KEY, v frozen<nowhere>)', 'Unknown type ks.nowhere'],
    ['CREATE TABLE t (k int PRIMARY KEY, v other.address)', 'Statement on keyspace ks cannot refer to a user type in keyspace other'],
    ['CREATE TABLE t (k int PRIMARY KEY, v list<list<int>>)', 'Non-frozen collections are not allowed inside collections: list<int>'],
    ['CREATE TABLE t (k int PRIMARY KEY, v list<address>)', 'Non-frozen UDTs are not allowed inside collections: address'],
    ['CREATE TABLE t (k int PRIMARY KEY, v bag)', 'Non-frozen UDTs with nested non-frozen collections are not supported'],
  ])('refuses %s', (source, message) => {
    expect(() => table(source)).toThrow(InvalidRequestError);
    expect(() => table(source)).toThrow(message);
  });
});
