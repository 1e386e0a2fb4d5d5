import { describe, expect, it } from 'vitest';
import { parseStatement } from '../../../../src/cql/parser/parser.js';

const native = (kind: string) => ({ kind });
const col = (name: string, type: unknown, isStatic = false, isPrimaryKey = false) => ({
  kind: 'ColumnDefinition',
  name,
  type,
  isStatic,
  isPrimaryKey,
});
const qn = (keyspace: string | null, name: string) => ({ kind: 'QualifiedName', keyspace, name });

describe('CREATE TABLE', () => {
  it('parses an inline primary key', () => {
    expect(parseStatement('CREATE TABLE t (k int PRIMARY KEY, v text)')).toEqual({
      kind: 'CreateTableStatement',
      table: qn(null, 't'),
      ifNotExists: false,
      columns: [col('k', native('int'), false, true), col('v', native('text'))],
      primaryKey: null,
      clusteringOrder: [],
      options: [],
    });
  });

  it('parses composite keys, static columns, clustering order and options', () => {
    expect(
      parseStatement(
        'CREATE TABLE IF NOT EXISTS ks."Events" (pk1 uuid, pk2 int, "Ck1" timestamp, ck2 varchar, s text STATIC, ' +
          'PRIMARY KEY ((pk1, pk2), "Ck1", ck2)) WITH CLUSTERING ORDER BY ("Ck1" DESC, ck2 ASC) ' +
          "AND comment = 'events' AND gc_grace_seconds = 864000;",
      ),
    ).toEqual({
      kind: 'CreateTableStatement',
      table: qn('ks', 'Events'),
      ifNotExists: true,
      columns: [
        col('pk1', native('uuid')),
        col('pk2', native('int')),
        col('Ck1', native('timestamp')),
        col('ck2', native('text')),
        col('s', native('text'), true),
      ],
      primaryKey: { kind: 'PrimaryKey', partitionKey: ['pk1', 'pk2'], clustering: ['Ck1', 'ck2'] },
      clusteringOrder: [
        { kind: 'ClusteringOrder', column: 'Ck1', order: 'desc' },
        { kind: 'ClusteringOrder', column: 'ck2', order: 'asc' },
      ],
      options: [
        { kind: 'Property', name: 'comment', value: { kind: 'string', value: 'events' } },
        { kind: 'Property', name: 'gc_grace_seconds', value: { kind: 'number', value: 864000, text: '864000' } },
      ],
    });
  });

  it('accepts a single partition key, options before the clustering order, COLUMNFAMILY, a trailing comma', () => {
    expect(
      parseStatement('create columnfamily t (k int, c int, primary key (k, c),) with comment = \'\' and clustering order by (c desc)'),
    ).toMatchObject({
      primaryKey: { partitionKey: ['k'], clustering: ['c'] },
      clusteringOrder: [{ column: 'c', order: 'desc' }],
      options: [{ name: 'comment' }],
    });
    expect(parseStatement('CREATE TABLE t (k int, PRIMARY KEY ((k)))')).toMatchObject({
      primaryKey: { partitionKey: ['k'], clustering: [] },
    });
  });

  it('accepts unreserved keywords as column names', () => {
    const statement = parseStatement('CREATE TABLE t (key int PRIMARY KEY, type text, ttl int, timestamp timestamp, "SELECT" int)');
    expect(statement).toMatchObject({
      columns: [{ name: 'key' }, { name: 'type' }, { name: 'ttl' }, { name: 'timestamp', type: { kind: 'timestamp' } }, { name: 'SELECT' }],
    });
  });

  it('parses every collection, frozen, tuple and user type shape', () => {
    const statement = parseStatement(
      'CREATE TABLE t (k int PRIMARY KEY, l list<int>, s set<text>, m map<text, bigint>, ' +
        'fl frozen<list<frozen<set<int>>>>, fm frozen<map<uuid, frozen<tuple<int, text>>>>, tu tuple<int, double, blob>, ' +
        'a address, fa frozen<ks.address>, q frozen<"Addr">, la list<frozen<address>>, k2 frozen<key>)',
    );
    if (statement.kind !== 'CreateTableStatement') throw new Error(statement.kind);
    expect(statement.columns.map((c) => c.type)).toEqual([
      native('int'),
      { kind: 'list', element: native('int'), frozen: false },
      { kind: 'set', element: native('text'), frozen: false },
      { kind: 'map', key: native('text'), value: native('bigint'), frozen: false },
      { kind: 'list', element: { kind: 'set', element: native('int'), frozen: true }, frozen: true },
      {
        kind: 'map',
        key: native('uuid'),
        value: { kind: 'tuple', elements: [native('int'), native('text')], frozen: true },
        frozen: true,
      },
      { kind: 'tuple', elements: [native('int'), native('double'), native('blob')], frozen: false },
      { kind: 'UserTypeReference', keyspace: null, name: 'address', frozen: false },
      { kind: 'UserTypeReference', keyspace: 'ks', name: 'address', frozen: true },
      { kind: 'UserTypeReference', keyspace: null, name: 'Addr', frozen: true },
      { kind: 'list', element: { kind: 'UserTypeReference', keyspace: null, name: 'address', frozen: true }, frozen: false },
      { kind: 'UserTypeReference', keyspace: null, name: 'key', frozen: true },
    ]);
  });

  it('parses every native type', () => {
    const names = ['ascii', 'bigint', 'blob', 'boolean', 'counter', 'date', 'decimal', 'double', 'duration', 'float',
      'inet', 'int', 'smallint', 'text', 'time', 'timestamp', 'timeuuid', 'tinyint', 'uuid', 'varint'];
    const statement = parseStatement(`CREATE TABLE t (k int PRIMARY KEY, ${names.map((n) => `c_${n} ${n.toUpperCase()}`).join(', ')})`);
    if (statement.kind !== 'CreateTableStatement') throw new Error(statement.kind);
    expect(statement.columns.slice(1).map((c) => c.type)).toEqual(names.map(native));
  });
});

describe('ALTER, DROP, TRUNCATE TABLE', () => {
  it('parses ADD of one column and of a list', () => {
    expect(parseStatement('ALTER TABLE ks.t ADD v map<int, text>')).toEqual({
      kind: 'AlterTableStatement',
      table: qn('ks', 't'),
      ifExists: false,
      action: {
        kind: 'AddColumnsAction',
        ifNotExists: false,
        columns: [col('v', { kind: 'map', key: native('int'), value: native('text'), frozen: false })],
      },
    });
    expect(parseStatement('ALTER COLUMNFAMILY IF EXISTS t ADD IF NOT EXISTS (a int, "B" text static);')).toEqual({
      kind: 'AlterTableStatement',
      table: qn(null, 't'),
      ifExists: true,
      action: { kind: 'AddColumnsAction', ifNotExists: true, columns: [col('a', native('int')), col('B', native('text'), true)] },
    });
  });

  it('parses DROP of one column and of a list, and WITH', () => {
    expect(parseStatement('ALTER TABLE t DROP v')).toMatchObject({
      action: { kind: 'DropColumnsAction', ifExists: false, columns: ['v'] },
    });
    expect(parseStatement('ALTER TABLE t DROP IF EXISTS (a, "B", ttl)')).toMatchObject({
      action: { kind: 'DropColumnsAction', ifExists: true, columns: ['a', 'B', 'ttl'] },
    });
    expect(parseStatement("ALTER TABLE t WITH comment = 'x' AND default_time_to_live = 60")).toEqual({
      kind: 'AlterTableStatement',
      table: qn(null, 't'),
      ifExists: false,
      action: {
        kind: 'AlterOptionsAction',
        options: [
          { kind: 'Property', name: 'comment', value: { kind: 'string', value: 'x' } },
          { kind: 'Property', name: 'default_time_to_live', value: { kind: 'number', value: 60, text: '60' } },
        ],
      },
    });
  });

  it('parses DROP TABLE and TRUNCATE', () => {
    expect(parseStatement('DROP TABLE IF EXISTS ks."T"')).toEqual({ kind: 'DropTableStatement', table: qn('ks', 'T'), ifExists: true });
    expect(parseStatement('drop columnfamily t;')).toEqual({ kind: 'DropTableStatement', table: qn(null, 't'), ifExists: false });
    expect(parseStatement('TRUNCATE t')).toEqual({ kind: 'TruncateStatement', table: qn(null, 't') });
    expect(parseStatement('TRUNCATE TABLE ks.t;')).toEqual({ kind: 'TruncateStatement', table: qn('ks', 't') });
    expect(parseStatement('TRUNCATE COLUMNFAMILY "Ks".t')).toEqual({ kind: 'TruncateStatement', table: qn('Ks', 't') });
  });
});
