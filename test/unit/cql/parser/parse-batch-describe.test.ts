import { describe, expect, it } from 'vitest';
import type { BatchStatement } from '../../../../src/cql/ast/batch-statement.js';
import { parseStatement } from '../../../../src/cql/parser/parser.js';
import { InvalidRequestError } from '../../../../src/lib/errors.js';

function batch(source: string): BatchStatement {
  const statement = parseStatement(source);
  if (statement.kind !== 'BatchStatement') throw new Error(statement.kind);
  return statement;
}

describe('BATCH', () => {
  it('logged by default, children with or without semicolons', () => {
    const statement = batch(
      "BEGIN BATCH INSERT INTO t (k) VALUES (1); UPDATE t SET v = 2 WHERE k = 1 DELETE FROM t WHERE k = 3; APPLY BATCH;",
    );
    expect(statement.type).toBe('LOGGED');
    expect(statement.using).toEqual({ kind: 'UsingClause', ttl: null, timestamp: null });
    expect(statement.statements.map((s) => s.kind)).toEqual(['InsertStatement', 'UpdateStatement', 'DeleteStatement']);
  });

  it('UNLOGGED and COUNTER, USING TIMESTAMP, empty', () => {
    expect(batch('BEGIN UNLOGGED BATCH USING TIMESTAMP 42 APPLY BATCH')).toEqual({
      kind: 'BatchStatement',
      type: 'UNLOGGED',
      using: { kind: 'UsingClause', ttl: null, timestamp: { kind: 'Literal', type: 'integer', text: '42' } },
      statements: [],
    });
    expect(batch('begin counter batch update c set n = n + 1 where k = 0 apply batch').type).toBe('COUNTER');
  });

  it('numbers bind markers across its children', () => {
    const statement = batch(
      'BEGIN BATCH USING TIMESTAMP ? INSERT INTO t (k, v) VALUES (?, :v) USING TTL ?; UPDATE t USING TTL ? SET v = ? WHERE k = ? APPLY BATCH',
    );
    expect(statement.using.timestamp).toEqual({ kind: 'BindMarker', index: 0, name: null });
    expect(statement.statements[0]).toMatchObject({
      values: [{ index: 1 }, { index: 2, name: 'v' }],
      using: { ttl: { index: 3 } },
    });
    expect(statement.statements[1]).toMatchObject({
      using: { ttl: { index: 4 } },
      assignments: [{ operation: { value: { index: 5 } } }],
      where: [{ value: { index: 6 } }],
    });
  });

  it('refuses a global TTL, other statements, a missing APPLY', () => {
    expect(() => batch('BEGIN BATCH USING TTL 1 APPLY BATCH')).toThrow(new InvalidRequestError('Global TTL on the BATCH statement is not supported.'));
    expect(() => batch('BEGIN BATCH SELECT * FROM t APPLY BATCH')).toThrow("line 1:13 mismatched input 'SELECT' expecting INSERT, UPDATE, DELETE or APPLY");
    expect(() => batch('BEGIN BATCH BEGIN BATCH APPLY BATCH APPLY BATCH')).toThrow("line 1:13 mismatched input 'BEGIN'");
    expect(() => batch('BEGIN BATCH DELETE FROM t WHERE k = 1')).toThrow("line 1:38 mismatched input '<EOF>' expecting INSERT, UPDATE, DELETE or APPLY");
    expect(() => batch('BEGIN LOGGED BATCH APPLY BATCH')).toThrow("line 1:7 mismatched input 'LOGGED' expecting BATCH");
  });
});

describe('DESCRIBE', () => {
  it.each([
    ['DESCRIBE CLUSTER', 'cluster', null, null],
    ['DESC SCHEMA', 'schema', null, null],
    ['describe full schema', 'full-schema', null, null],
    ['DESCRIBE KEYSPACES', 'keyspaces', null, null],
    ['DESCRIBE KEYSPACE', 'keyspace', null, null],
    ['DESCRIBE KEYSPACE "Ks";', 'keyspace', 'Ks', null],
    ['DESCRIBE TABLES', 'tables', null, null],
    ['DESCRIBE TABLE t', 'table', null, 't'],
    ['DESCRIBE COLUMNFAMILY ks.t', 'table', 'ks', 't'],
    ['DESCRIBE TYPES', 'types', null, null],
    ['DESCRIBE TYPE ks.addr', 'type', 'ks', 'addr'],
    ['DESCRIBE TYPE addr', 'type', null, 'addr'],
    ['DESCRIBE type', 'name', null, 'type'],
    ['DESCRIBE ks', 'name', null, 'ks'],
    ['DESC ks.t', 'name', 'ks', 't'],
    ['DESCRIBE function', 'name', null, 'function'],
  ])('%s', (source, target, keyspace, name) => {
    expect(parseStatement(source)).toEqual({ kind: 'DescribeStatement', target, keyspace, name });
  });

  it.each([
    'DESCRIBE ONLY KEYSPACE ks',
    'DESCRIBE INDEX i',
    'DESCRIBE MATERIALIZED VIEW v',
    'DESCRIBE FUNCTIONS',
    'DESCRIBE FUNCTION f',
    'DESCRIBE AGGREGATES',
    'DESCRIBE KEYSPACE ks WITH INTERNALS',
  ])('valid CQL not built yet is InvalidRequest: %s', (source) => {
    expect(() => parseStatement(source)).toThrow(InvalidRequestError);
  });

  it('refuses what is not a name', () => {
    expect(() => parseStatement('DESCRIBE')).toThrow("line 1:9 mismatched input '<EOF>' expecting a keyspace, table or type name");
    expect(() => parseStatement('DESCRIBE TABLE')).toThrow("line 1:15 mismatched input '<EOF>' expecting a table name");
    expect(() => parseStatement('DESC SCHEMA ks')).toThrow("line 1:13 mismatched input 'ks' expecting <EOF>");
    expect(() => parseStatement('DESCRIBE FULL KEYSPACE')).toThrow("line 1:15 mismatched input 'KEYSPACE' expecting SCHEMA");
  });
});
