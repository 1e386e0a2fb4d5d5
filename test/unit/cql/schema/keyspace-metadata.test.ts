import { describe, expect, it } from 'vitest';
import { CreateKeyspaceStatement } from '../../../../src/cql/ast/create-keyspace-statement.js';
import { parseStatement } from '../../../../src/cql/parser/parser.js';
import { keyspaceFromCreate } from '../../../../src/cql/schema/keyspace-metadata.js';
import { InvalidRequestError } from '../../../../src/lib/errors.js';

function keyspace(source: string) {
  const statement = parseStatement(source);
  if (!CreateKeyspaceStatement.is(statement)) throw new Error('not CREATE KEYSPACE');
  return keyspaceFromCreate(statement);
}

describe('keyspaceFromCreate', () => {
  it('builds SimpleStrategy, short and fully qualified, durable by default', () => {
    const ks = keyspace("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}");
    expect(ks).toEqual({ name: 'ks', replication: { class: 'SimpleStrategy', replicationFactor: 3 }, durableWrites: true });
    const qualified = keyspace(
      "CREATE KEYSPACE ks WITH replication = {'class': 'org.apache.cassandra.locator.SimpleStrategy', 'replication_factor': '0'} AND durable_writes = false",
    );
    expect(qualified.replication).toEqual({ class: 'SimpleStrategy', replicationFactor: 0 });
    expect(qualified.durableWrites).toBe(false);
  });

  it('builds NetworkTopologyStrategy with several datacenters', () => {
    const ks = keyspace("CREATE KEYSPACE ks WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 3, 'dc2': '2', 'dc3': 0}");
    expect(ks.replication).toEqual({
      class: 'NetworkTopologyStrategy',
      datacenters: new Map([
        ['dc1', 3],
        ['dc2', 2],
        ['dc3', 0],
      ]),
    });
  });

  it.each([
    ["CREATE KEYSPACE ks WITH durable_writes = true", "Missing mandatory option 'replication'"],
    ["CREATE KEYSPACE ks WITH replication = {'replication_factor': 1}", 'Missing mandatory replication strategy class'],
    ["CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy'}", 'SimpleStrategy requires a replication_factor strategy option.'],
    ["CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': -1}", 'Replication factor must be non-negative; found -1'],
    ["CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1.5}", 'Replication factor must be numeric; found 1.5'],
    ["CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1, 'dc1': 2}", 'Unrecognized strategy option {dc1} passed to SimpleStrategy for keyspace ks'],
    ["CREATE KEYSPACE ks WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 'x'}", 'Replication factor must be numeric; found x'],
    ["CREATE KEYSPACE ks WITH replication = {'class': 'FooStrategy'}", "Unable to find replication strategy class 'FooStrategy'"],
    ["CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1} AND foo = 1", "Unknown property 'foo'"],
    ["CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1} AND durable_writes = 'maybe'", "Invalid boolean value maybe for 'durable_writes'"],
  ])('refuses %s', (source, message) => {
    expect(() => keyspace(source)).toThrow(InvalidRequestError);
    expect(() => keyspace(source)).toThrow(message);
  });
});
