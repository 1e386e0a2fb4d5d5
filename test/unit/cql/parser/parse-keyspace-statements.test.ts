import { describe, expect, it } from 'vitest';
import { parseStatement } from '../../../../src/cql/parser/parser.js';

const str = (value: string) => ({ kind: 'string', value });
const num = (text: string) => ({ kind: 'number', value: Number(text), text });
const prop = (name: string, value: unknown) => ({ kind: 'Property', name, value });

describe('keyspace statements', () => {
  it('parses CREATE KEYSPACE with SimpleStrategy and durable_writes', () => {
    expect(
      parseStatement(
        "CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1} AND durable_writes = true;",
      ),
    ).toEqual({
      kind: 'CreateKeyspaceStatement',
      keyspace: 'ks',
      ifNotExists: false,
      options: [
        prop('replication', {
          kind: 'map',
          entries: [
            { key: 'class', value: str('SimpleStrategy') },
            { key: 'replication_factor', value: num('1') },
          ],
        }),
        prop('durable_writes', { kind: 'boolean', value: true }),
      ],
    });
  });

  it('parses CREATE SCHEMA IF NOT EXISTS with NetworkTopologyStrategy and a quoted name', () => {
    expect(
      parseStatement(
        `create schema if not exists "MyKs" with REPLICATION = {'class' : 'NetworkTopologyStrategy', 'dc1': 3, 'DC2': 2}`,
      ),
    ).toEqual({
      kind: 'CreateKeyspaceStatement',
      keyspace: 'MyKs',
      ifNotExists: true,
      options: [
        prop('replication', {
          kind: 'map',
          entries: [
            { key: 'class', value: str('NetworkTopologyStrategy') },
            { key: 'dc1', value: num('3') },
            { key: 'DC2', value: num('2') },
          ],
        }),
      ],
    });
  });

  it('accepts an empty map, an unreserved keyword as a name and as a value', () => {
    expect(parseStatement("CREATE KEYSPACE keyspaces WITH replication = {} AND \"Odd\" = static")).toEqual({
      kind: 'CreateKeyspaceStatement',
      keyspace: 'keyspaces',
      ifNotExists: false,
      options: [prop('replication', { kind: 'map', entries: [] }), prop('Odd', str('static'))],
    });
  });

  it('parses ALTER KEYSPACE [IF EXISTS]', () => {
    expect(parseStatement('ALTER KEYSPACE ks WITH durable_writes = false')).toEqual({
      kind: 'AlterKeyspaceStatement',
      keyspace: 'ks',
      ifExists: false,
      options: [prop('durable_writes', { kind: 'boolean', value: false })],
    });
    expect(parseStatement('ALTER SCHEMA IF EXISTS ks WITH durable_writes = FALSE;')).toMatchObject({ ifExists: true });
  });

  it('parses DROP KEYSPACE [IF EXISTS] and USE', () => {
    expect(parseStatement('DROP KEYSPACE ks')).toEqual({ kind: 'DropKeyspaceStatement', keyspace: 'ks', ifExists: false });
    expect(parseStatement('drop schema if exists "Ks";')).toEqual({
      kind: 'DropKeyspaceStatement',
      keyspace: 'Ks',
      ifExists: true,
    });
    expect(parseStatement('USE "Ks";')).toEqual({ kind: 'UseStatement', keyspace: 'Ks' });
    expect(parseStatement('use KS')).toEqual({ kind: 'UseStatement', keyspace: 'ks' });
  });
});
