// The NullBackend answers without work but plausibly: USE, system table SELECTs with their
// real columns, Prepared ids that are the same every time, Unprepared for unknown ids.

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { nativeCqlType } from '../../../../src/cql/types/cql-type.js';
import { deserializeValue } from '../../../../src/cql/types/value-codec.js';
import { plainQueryParameters } from '../../../../src/protocol/messages/query-parameters.js';
import type { Result } from '../../../../src/protocol/messages/result.js';
import { scanBindMarkers } from '../../../../src/protocol/server/bind-marker-scan.js';
import { NullBackend } from '../../../../src/protocol/server/null-backend.js';
import type { SessionView } from '../../../../src/protocol/server/protocol-backend.js';
import { UnpreparedError } from '../../../../src/protocol/unprepared-error.js';

const session: SessionView = {
  keyspace: null,
  protocolVersion: 4,
  localAddress: '127.0.0.5',
  localPort: 9042,
  remoteAddress: '127.0.0.1',
  remotePort: 50000,
  clientOptions: new Map(),
};
const parameters = plainQueryParameters('ONE');

function rowsOf(result: Result): { names: string[]; rows: Record<string, unknown>[] } {
  if (result.kind !== 'rows') throw new Error(`expected rows, got ${result.kind}`);
  const columns = result.metadata.columns ?? [];
  return {
    names: columns.map((c) => c.name),
    rows: result.rows.map((row) => Object.fromEntries(columns.map((c, i) => [c.name, row[i] === null ? null : deserializeValue(c.type, row[i]!)]))),
  };
}

describe('NullBackend.query', () => {
  const backend = new NullBackend();

  it('USE: quoted names keep their case, unquoted ones are lower-cased, a trailing ; is fine', () => {
    expect(backend.query('USE "MyKs"', parameters, session)).toEqual({ kind: 'set-keyspace', keyspace: 'MyKs' });
    expect(backend.query('use MyKs;', parameters, session)).toEqual({ kind: 'set-keyspace', keyspace: 'myks' });
  });

  it('system.local: one row describing the node the client reached', () => {
    const { rows, names } = rowsOf(backend.query("select * from system.local where key = 'local'", parameters, session));
    expect(names.slice(0, 3)).toEqual(['key', 'bootstrapped', 'broadcast_address']);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ key: 'local', data_center: 'datacenter1', rack: 'rack1', release_version: '4.1.7', rpc_port: 9042, tokens: ['0'] });
    expect(String(rows[0]!['rpc_address'])).toBe('127.0.0.5');
    expect(String(rows[0]!['host_id'])).toBe('2f9a6b52-5d0e-4c8e-9f0a-3b1c7d4e5f60');
  });

  it('a column list is projected in its order', () => {
    const { names, rows } = rowsOf(backend.query('SELECT schema_version, "key" FROM system.local', parameters, session));
    expect(names).toEqual(['schema_version', 'key']);
    expect(rows[0]!['key']).toBe('local');
  });

  it('peers, peers_v2 and system_schema tables are empty with their columns; virtual schema empty', () => {
    expect(rowsOf(backend.query('SELECT * FROM system.peers', parameters, session))).toMatchObject({ rows: [], names: expect.arrayContaining(['peer', 'rpc_address', 'tokens']) });
    expect(rowsOf(backend.query('SELECT * FROM system.peers_v2', parameters, session)).names).toContain('native_port');
    expect(rowsOf(backend.query('SELECT * FROM system_schema.keyspaces', parameters, session))).toEqual({ rows: [], names: ['keyspace_name', 'durable_writes', 'replication'] });
    expect(rowsOf(backend.query('SELECT * FROM system_schema.functions', parameters, session))).toMatchObject({ rows: [], names: expect.arrayContaining(['function_name', 'argument_types']) });
    expect(rowsOf(backend.query('SELECT * FROM system_schema.aggregates', parameters, session)).names).toContain('state_func');
    expect(rowsOf(backend.query('select * from system_virtual_schema.keyspaces', parameters, session))).toEqual({ rows: [], names: [] });
  });

  it('other SELECTs are empty Rows; everything else is Void', () => {
    expect(rowsOf(backend.query('SELECT * FROM ks.t WHERE k = 1', parameters, session)).rows).toEqual([]);
    expect(backend.query('INSERT INTO ks.t (k) VALUES (1)', parameters, session)).toEqual({ kind: 'void' });
    expect(backend.query('CREATE KEYSPACE k WITH replication = {}', parameters, session)).toEqual({ kind: 'void' });
  });
});

describe('NullBackend.prepare / execute / batch', () => {
  it('ids are the MD5 of the text: the same from every instance', () => {
    const a = new NullBackend().prepare({ kind: 'prepare', query: 'SELECT * FROM t', keyspace: null }, session);
    const b = new NullBackend().prepare({ kind: 'prepare', query: 'SELECT * FROM t', keyspace: null }, session);
    const md5 = createHash('md5').update('SELECT * FROM t').digest('hex');
    expect(Buffer.from(a.id).toString('hex')).toBe(md5);
    expect(Buffer.from(b.id).toString('hex')).toBe(md5);
  });

  it('one variable per marker, named after :names, on the statement table; types from markerTypes', () => {
    const int = nativeCqlType('int')!;
    const backend = new NullBackend({ markerTypes: (_q, count) => Array.from({ length: count }, () => int) });
    const prepared = backend.prepare({ kind: 'prepare', query: "UPDATE ks.t SET v = :v, w = '?' WHERE k = ?", keyspace: null }, session);
    expect(prepared.variables).toEqual([
      { keyspace: 'ks', table: 't', name: 'v', type: int },
      { keyspace: 'ks', table: 't', name: '[marker1]', type: int },
    ]);
    expect(prepared.partitionKeyIndexes).toEqual([]);
  });

  it('EXECUTE of an unknown id is Unprepared; of a known one answers as QUERY would', () => {
    const backend = new NullBackend();
    const execute = (id: Uint8Array) => backend.execute({ kind: 'execute', id, resultMetadataId: null, parameters }, session);
    expect(() => execute(new Uint8Array([1]))).toThrow(UnpreparedError);
    const { id } = backend.prepare({ kind: 'prepare', query: 'USE k', keyspace: null }, session);
    expect(execute(id)).toEqual({ kind: 'set-keyspace', keyspace: 'k' });
  });

  it('BATCH checks its prepared ids', () => {
    const backend = new NullBackend();
    const batch = (id: Uint8Array) =>
      backend.batch({ kind: 'batch', batchType: 'LOGGED', statements: [{ kind: 'prepared', id, values: [] }], consistency: 'ONE', serialConsistency: null, defaultTimestamp: null, keyspace: null, nowInSeconds: null });
    expect(() => batch(new Uint8Array([7]))).toThrow(UnpreparedError);
    const { id } = backend.prepare({ kind: 'prepare', query: 'INSERT INTO t (k) VALUES (?)', keyspace: null }, session);
    expect(batch(id)).toEqual({ kind: 'void' });
  });
});

describe('scanBindMarkers', () => {
  it.each([
    ['SELECT * FROM t WHERE k = ? AND c IN (?, ?)', [null, null, null]],
    ['UPDATE t SET v = :v WHERE k = :K', ['v', 'k']],
    ["INSERT INTO t (k, s) VALUES (?, 'what? :no')", [null]],
    ['SELECT "a?b" FROM t WHERE k = ?', [null]],
    ['INSERT INTO t (u) VALUES ({created:now(), n: :n})', ['n']],
    ['SELECT * FROM t -- k = ?\nWHERE k = ? /* ? */', [null]],
    ["SELECT * FROM t WHERE k = 'it''s ?'", []],
    ['CREATE FUNCTION f() RETURNS NULL ON NULL INPUT RETURNS int LANGUAGE java AS $$ return ?; $$', []],
  ])('%s', (query, expected) => {
    expect(scanBindMarkers(query)).toEqual(expected);
  });
});
