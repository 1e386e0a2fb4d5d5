import { describe, expect, it } from 'vitest';
import { createKeyspaceCql } from '../../../../src/cql/describe/create-keyspace-cql.js';
import { createTableCql } from '../../../../src/cql/describe/create-table-cql.js';
import { createTypeCql } from '../../../../src/cql/describe/create-type-cql.js';
import { cqlStringLiteral, quoteIdentifierIfNeeded } from '../../../../src/cql/describe/cql-identifier.js';
import { describeKeyspace } from '../../../../src/cql/describe/describe-keyspace.js';
import { javaDoubleText } from '../../../../src/cql/describe/java-double-text.js';
import { keyspaceFrom, tableFrom, typeFrom } from './describe-helpers.js';

const DEFAULT_OPTIONS = [
  '    AND bloom_filter_fp_chance = 0.01',
  "    AND caching = {'keys': 'ALL', 'rows_per_partition': 'NONE'}",
  "    AND comment = ''",
  "    AND compaction = {'class': 'org.apache.cassandra.db.compaction.SizeTieredCompactionStrategy', 'max_threshold': '32', 'min_threshold': '4'}",
  "    AND compression = {'chunk_length_in_kb': '16', 'class': 'org.apache.cassandra.io.compress.LZ4Compressor'}",
  '    AND default_time_to_live = 0',
  '    AND gc_grace_seconds = 864000',
  "    AND speculative_retry = '99p';",
];

describe('createKeyspaceCql', () => {
  it('prints SimpleStrategy as Cassandra 4 does, two spaces before AND', () => {
    const ks = keyspaceFrom("CREATE KEYSPACE ks WITH replication = {'class': 'org.apache.cassandra.locator.SimpleStrategy', 'replication_factor': 3}");
    expect(createKeyspaceCql(ks)).toBe(
      "CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': '3'}  AND durable_writes = true;",
    );
  });

  it('sorts NetworkTopologyStrategy datacenters with class by Java string order and quotes names', () => {
    const ks = keyspaceFrom(
      "CREATE KEYSPACE \"Sales\" WITH replication = {'class': 'NetworkTopologyStrategy', 'dc2': 2, 'DC1': 1, 'a''b': 0} AND durable_writes = false",
    );
    expect(createKeyspaceCql(ks)).toBe(
      "CREATE KEYSPACE \"Sales\" WITH replication = {'DC1': '1', 'a''b': '0', 'class': 'NetworkTopologyStrategy', 'dc2': '2'}  AND durable_writes = false;",
    );
  });

  it('prints LocalStrategy for system keyspaces', () => {
    expect(createKeyspaceCql({ name: 'system', replication: { class: 'LocalStrategy' }, durableWrites: true })).toBe(
      "CREATE KEYSPACE system WITH replication = {'class': 'LocalStrategy'}  AND durable_writes = true;",
    );
  });
});

describe('createTableCql', () => {
  it('writes a lone partition key inline and no CLUSTERING ORDER', () => {
    const t = tableFrom('CREATE TABLE ks.users (id uuid PRIMARY KEY, name text, age int)');
    expect(createTableCql(t)).toBe(
      ['CREATE TABLE ks.users (', '    id uuid PRIMARY KEY,', '    age int,', '    name text', ') WITH bloom_filter_fp_chance = 0.01', ...DEFAULT_OPTIONS.slice(1)].join('\n'),
    );
  });

  it('writes composite keys, clustering order, statics before regulars, single-cell before multi-cell', () => {
    const t = tableFrom(
      'CREATE TABLE ks.events (b int, a int, c text, d timestamp, tags set<text>, z int, s2 list<int> static, s1 text static, ' +
        'fl frozen<list<int>>, PRIMARY KEY ((a, b), c, d)) WITH CLUSTERING ORDER BY (c DESC, d ASC)',
    );
    expect(createTableCql(t)).toBe(
      [
        'CREATE TABLE ks.events (',
        '    a int,',
        '    b int,',
        '    c text,',
        '    d timestamp,',
        '    s1 text static,',
        '    s2 list<int> static,',
        '    fl frozen<list<int>>,',
        '    z int,',
        '    tags set<text>,',
        '    PRIMARY KEY ((a, b), c, d)',
        ') WITH CLUSTERING ORDER BY (c DESC, d ASC)',
        ...DEFAULT_OPTIONS,
      ].join('\n'),
    );
  });

  it('always writes CLUSTERING ORDER BY when there are clustering columns', () => {
    const t = tableFrom('CREATE TABLE ks.t (k int, c int, PRIMARY KEY (k, c))');
    expect(createTableCql(t)).toContain('    PRIMARY KEY (k, c)\n) WITH CLUSTERING ORDER BY (c ASC)\n    AND bloom_filter_fp_chance = 0.01');
  });

  it('quotes names that need it and escapes the comment', () => {
    const address = typeFrom('CREATE TYPE "My KS"."int" (street text)');
    const t = tableFrom(
      'CREATE TABLE "My KS"."Select" ("Key" int, "select" int, "a""b" frozen<"int">, "true" int, key int, ' +
        "PRIMARY KEY (\"Key\", \"select\")) WITH comment = 'it''s' AND default_time_to_live = 60 AND bloom_filter_fp_chance = 0.0001 " +
        "AND compaction = {'class': 'LeveledCompactionStrategy', 'sstable_size_in_mb': '160'} AND caching = {'keys': 'none', 'rows_per_partition': 100} " +
        "AND compression = {'class': 'ZstdCompressor', 'compression_level': '3', 'chunk_length_in_kb': 64} AND speculative_retry = '95PERCENTILE'",
      [address],
    );
    expect(createTableCql(t)).toBe(
      [
        'CREATE TABLE "My KS"."Select" (',
        '    "Key" int,',
        '    "select" int,',
        '    "a""b" frozen<"int">,',
        '    key int,',
        '    "true" int,',
        '    PRIMARY KEY ("Key", "select")',
        ') WITH CLUSTERING ORDER BY ("select" ASC)',
        '    AND bloom_filter_fp_chance = 1.0E-4',
        "    AND caching = {'keys': 'NONE', 'rows_per_partition': '100'}",
        "    AND comment = 'it''s'",
        "    AND compaction = {'class': 'org.apache.cassandra.db.compaction.LeveledCompactionStrategy', 'sstable_size_in_mb': '160'}",
        "    AND compression = {'chunk_length_in_kb': '64', 'class': 'org.apache.cassandra.io.compress.ZstdCompressor', 'compression_level': '3'}",
        '    AND default_time_to_live = 60',
        '    AND gc_grace_seconds = 864000',
        "    AND speculative_retry = '95p';",
      ].join('\n'),
    );
  });

  it('writes counters, tuples and nested frozen collections as Cassandra types', () => {
    const t = tableFrom('CREATE TABLE ks.c (k frozen<map<text, frozen<set<int>>>> PRIMARY KEY, n counter)');
    expect(createTableCql(t)).toContain('    k frozen<map<text, frozen<set<int>>>> PRIMARY KEY,\n    n counter\n)');
    const u = tableFrom('CREATE TABLE ks.u (k int PRIMARY KEY, t tuple<int, list<text>>)');
    expect(createTableCql(u)).toContain('    t frozen<tuple<int, frozen<list<text>>>>\n)');
  });
});

describe('createTypeCql', () => {
  it('prints one field a line', () => {
    const phone = typeFrom('CREATE TYPE phone (number text)');
    const type = typeFrom('CREATE TYPE address (street text, "Zip" int, phones list<frozen<phone>>)', [phone]);
    expect(createTypeCql(type)).toBe('CREATE TYPE ks.address (\n    street text,\n    "Zip" int,\n    phones list<frozen<phone>>\n);');
  });
});

describe('describeKeyspace', () => {
  it('prints the keyspace, types with dependencies first, then tables by name ignoring case', () => {
    const ks = keyspaceFrom("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
    const a = typeFrom('CREATE TYPE a_leaf (x int)');
    const z = typeFrom('CREATE TYPE z_leaf (y int)');
    const m = typeFrom('CREATE TYPE b_uses_z (z frozen<z_leaf>, a frozen<a_leaf>)', [a, z]);
    const tables = [tableFrom('CREATE TABLE ks.Zeta (k int PRIMARY KEY)'), tableFrom('CREATE TABLE ks."Alpha" (k int PRIMARY KEY)'), tableFrom('CREATE TABLE ks.beta (k int PRIMARY KEY)')];
    const text = describeKeyspace(ks, tables, [m, z, a]);
    const heads = text.split('\n\n').map((statement) => statement.split(' (')[0]!.split(' WITH')[0]);
    expect(heads).toEqual(['CREATE KEYSPACE ks', 'CREATE TYPE ks.a_leaf', 'CREATE TYPE ks.z_leaf', 'CREATE TYPE ks.b_uses_z', 'CREATE TABLE ks."Alpha"', 'CREATE TABLE ks.beta', 'CREATE TABLE ks.zeta']);
  });
});

describe('names and literals', () => {
  it.each([
    ['abc_1', 'abc_1'],
    ['Abc', '"Abc"'],
    ['1a', '"1a"'],
    ['select', '"select"'],
    ['key', 'key'],
    ['nan', '"nan"'],
    ['false', '"false"'],
    ['say "hi"', '"say ""hi"""'],
    ['é', '"é"'],
  ])('quotes %s as %s', (name, quoted) => expect(quoteIdentifierIfNeeded(name)).toBe(quoted));

  it('doubles quotes in string literals', () => expect(cqlStringLiteral("it's ''")).toBe("'it''s '''''"));

  it.each([
    [0.01, '0.01'],
    [1, '1.0'],
    [0.1, '0.1'],
    [1e-4, '1.0E-4'],
    [1.25e-5, '1.25E-5'],
    [0.001, '0.001'],
    [1e7, '1.0E7'],
    [1234567.5, '1234567.5'],
    [-2.5e10, '-2.5E10'],
  ])('prints the double %d as Java does: %s', (value, text) => expect(javaDoubleText(value)).toBe(text));
});
