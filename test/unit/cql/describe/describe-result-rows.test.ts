import { describe, expect, it } from 'vitest';
import { DescribeStatement, type DescribeTarget } from '../../../../src/cql/ast/describe-statement.js';
import type { DescribeCatalog } from '../../../../src/cql/describe/describe-catalog.js';
import { describeResultRows } from '../../../../src/cql/describe/describe-result-rows.js';
import type { KeyspaceMetadata } from '../../../../src/cql/schema/keyspace-metadata.js';
import type { UdtCqlType } from '../../../../src/cql/types/cql-type.js';
import { CqlErrorCode, InvalidRequestError } from '../../../../src/lib/errors.js';
import { keyspaceFrom, tableFrom, typeFrom } from './describe-helpers.js';

const system: KeyspaceMetadata = { name: 'system', replication: { class: 'LocalStrategy' }, durableWrites: true };
const ks = keyspaceFrom("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
const other = keyspaceFrom("CREATE KEYSPACE \"Other\" WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
const point = typeFrom('CREATE TYPE point (x int, y int)');
const shape = typeFrom('CREATE TYPE shape (corner frozen<point>)', [point]);
const users = tableFrom('CREATE TABLE ks.users (id int PRIMARY KEY, name text)');
const events = tableFrom('CREATE TABLE ks."Events" (id int, at timestamp, PRIMARY KEY (id, at))');
const local = tableFrom('CREATE TABLE system.local (key text PRIMARY KEY)');

const catalog: DescribeCatalog = {
  keyspaces: () => [system, ks, other],
  tables: (keyspace) => ({ ks: [users, events], system: [local] })[keyspace] ?? [],
  types: (keyspace): readonly UdtCqlType[] => (keyspace === 'ks' ? [shape, point] : []),
  cluster: () => ({ clusterName: 'Test Cluster', partitioner: 'Murmur3Partitioner', snitch: 'SimpleSnitch' }),
  rangeOwnership: () => new Map([['-3074457345618258603', ['127.0.0.1']], ['3074457345618258602', ['127.0.0.1']]]),
};

const run = (target: DescribeTarget, keyspace: string | null, name: string | null, session: string | null = null) =>
  describeResultRows(DescribeStatement.create({ target, keyspace, name }), catalog, session);
const identities = (rows: readonly Readonly<Record<string, unknown>>[]) => rows.map((r) => `${String(r['keyspace_name'])} ${String(r['type'])} ${String(r['name'])}`);

describe('describeResultRows', () => {
  it('lists keyspaces by name ignoring case, with the three listing columns', () => {
    const result = run('keyspaces', null, null);
    expect(result.columns.map((c) => c.name)).toEqual(['keyspace_name', 'type', 'name']);
    expect(identities(result.rows)).toEqual(['ks keyspace ks', '"Other" keyspace "Other"', 'system keyspace system']);
  });

  it('lists the tables of every keyspace, or of the session keyspace alone', () => {
    expect(identities(run('tables', null, null).rows)).toEqual(['ks table "Events"', 'ks table users', 'system table local']);
    expect(identities(run('tables', null, null, 'ks').rows)).toEqual(['ks table "Events"', 'ks table users']);
    expect(identities(run('types', null, null, 'ks').rows)).toEqual(['ks type point', 'ks type shape']);
  });

  it('describes a keyspace: keyspace, types with dependencies first, tables, each with its CREATE statement', () => {
    const result = run('keyspace', 'ks', null);
    expect(result.columns.map((c) => c.name)).toEqual(['keyspace_name', 'type', 'name', 'create_statement']);
    expect(identities(result.rows)).toEqual(['ks keyspace ks', 'ks type point', 'ks type shape', 'ks table "Events"', 'ks table users']);
    expect(result.rows[0]!['create_statement']).toBe(
      "CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': '1'}  AND durable_writes = true;",
    );
    expect(result.rows[2]!['create_statement']).toBe('CREATE TYPE ks.shape (\n    corner frozen<point>\n);');
    expect(identities(run('keyspace', null, null, 'ks').rows)).toHaveLength(5);
  });

  it('describes the schema without system keyspaces, the full schema with them', () => {
    expect(identities(run('schema', null, null).rows)).toEqual([
      'ks keyspace ks', 'ks type point', 'ks type shape', 'ks table "Events"', 'ks table users', '"Other" keyspace "Other"',
    ]);
    expect(identities(run('full-schema', null, null).rows).slice(-2)).toEqual(['system keyspace system', 'system table local']);
  });

  it('describes one table or type, in the written or the session keyspace', () => {
    const table = run('table', null, 'users', 'ks');
    expect(identities(table.rows)).toEqual(['ks table users']);
    expect(table.rows[0]!['create_statement']).toMatch(/^CREATE TABLE ks\.users \(\n {4}id int PRIMARY KEY,/);
    expect(identities(run('table', 'ks', 'Events').rows)).toEqual(['ks table "Events"']);
    expect(identities(run('type', 'ks', 'point').rows)).toEqual(['ks type point']);
  });

  it('resolves a bare name to a keyspace first, then to a table', () => {
    expect(identities(run('name', null, 'ks').rows)).toHaveLength(5);
    expect(identities(run('name', null, 'users', 'ks').rows)).toEqual(['ks table users']);
    expect(identities(run('name', 'ks', 'users').rows)).toEqual(['ks table users']);
  });

  it('describes the cluster, with range ownership only in a user keyspace', () => {
    const plain = run('cluster', null, null);
    expect(plain.columns.map((c) => c.name)).toEqual(['cluster', 'partitioner', 'snitch']);
    expect(plain.rows).toEqual([{ cluster: 'Test Cluster', partitioner: 'Murmur3Partitioner', snitch: 'SimpleSnitch' }]);
    expect(run('cluster', null, null, 'system').columns).toHaveLength(3);
    const inKeyspace = run('cluster', null, null, 'ks');
    expect(inKeyspace.columns.map((c) => c.name)).toEqual(['cluster', 'partitioner', 'snitch', 'range_ownership']);
    expect(inKeyspace.rows[0]!['range_ownership']).toEqual({ '-3074457345618258603': ['127.0.0.1'], '3074457345618258602': ['127.0.0.1'] });
  });

  it.each([
    ['keyspace', 'nope', null, null, "'nope' not found in keyspaces"],
    ['keyspace', null, null, null, 'No keyspace specified and no current keyspace'],
    ['table', 'ks', 'nope', null, "Table 'nope' not found in keyspace 'ks'"],
    ['table', null, 'users', null, 'No keyspace specified and no current keyspace'],
    ['table', 'nope', 'users', null, "'nope' not found in keyspaces"],
    ['type', 'ks', 'nope', null, "User defined type 'nope' not found in 'ks'"],
    ['name', null, 'nope', 'ks', "'nope' not found in keyspace 'ks'"],
    ['name', null, 'nope', null, "'nope' not found in keyspaces"],
    ['tables', null, null, 'gone', "'gone' not found in keyspaces"],
  ] as const)('refuses DESCRIBE %s %s.%s (session %s): %s', (target, keyspace, name, session, message) => {
    let thrown: unknown;
    try {
      run(target, keyspace, name, session);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidRequestError);
    expect((thrown as InvalidRequestError).message).toBe(message);
    expect((thrown as InvalidRequestError).code).toBe(CqlErrorCode.invalid);
  });
});
