import { describe, expect, it } from 'vitest';
import type { DeleteStatement } from '../../../../src/cql/ast/delete-statement.js';
import type { InsertStatement } from '../../../../src/cql/ast/insert-statement.js';
import type { UpdateStatement } from '../../../../src/cql/ast/update-statement.js';
import { CqlSyntaxError } from '../../../../src/cql/cql-syntax-error.js';
import { parseStatement } from '../../../../src/cql/parser/parser.js';
import { InvalidRequestError } from '../../../../src/lib/errors.js';

const literal = (type: string, text: string) => ({ kind: 'Literal', type, text });
const int = (text: string) => literal('integer', text);
const marker = (index: number, name: string | null = null) => ({ kind: 'BindMarker', index, name });
const using = (ttl: object | null, timestamp: object | null) => ({ kind: 'UsingClause', ttl, timestamp });
const table = (name: string, keyspace: string | null = null) => ({ kind: 'QualifiedName', keyspace, name });
const equals = (column: string, value: object) => ({
  kind: 'SingleColumnRelation', column, operator: '=', value, inValues: null, mapKey: null,
});

function parseAs<K extends string>(kind: K, source: string) {
  const statement = parseStatement(source);
  expect(statement.kind).toBe(kind);
  return statement;
}

describe('INSERT', () => {
  const insert = (source: string) => parseAs('InsertStatement', source) as InsertStatement;

  it('names form', () => {
    expect(insert("INSERT INTO ks.t (k, \"V\") VALUES (1, 'a')")).toEqual({
      kind: 'InsertStatement',
      table: table('t', 'ks'),
      columns: ['k', 'V'],
      values: [int('1'), literal('string', 'a')],
      json: null,
      defaultUnset: false,
      ifNotExists: false,
      using: using(null, null),
    });
  });

  it('IF NOT EXISTS and USING TTL / TIMESTAMP in either order', () => {
    expect(insert('INSERT INTO t (k) VALUES (?) IF NOT EXISTS USING TTL 10 AND TIMESTAMP ?')).toMatchObject({
      values: [marker(0)], ifNotExists: true, using: using(int('10'), marker(1)),
    });
    expect(insert('INSERT INTO t (k) VALUES (1) USING TIMESTAMP -5 AND TTL :t')).toMatchObject({
      ifNotExists: false, using: using(marker(0, 't'), int('-5')),
    });
  });

  it('JSON form with DEFAULT NULL / UNSET', () => {
    expect(insert('INSERT INTO t JSON \'{"k": 1}\'')).toEqual({
      kind: 'InsertStatement',
      table: table('t'),
      columns: [],
      values: [],
      json: literal('string', '{"k": 1}'),
      defaultUnset: false,
      ifNotExists: false,
      using: using(null, null),
    });
    expect(insert('INSERT INTO t JSON ? DEFAULT UNSET IF NOT EXISTS USING TTL 1')).toMatchObject({
      json: marker(0), defaultUnset: true, ifNotExists: true, using: using(int('1'), null),
    });
    expect(insert("INSERT INTO t JSON :j DEFAULT NULL")).toMatchObject({ json: marker(0, 'j'), defaultUnset: false });
  });

  it('refuses what Cassandra refuses', () => {
    expect(() => insert('INSERT INTO t (a, b) VALUES (1)')).toThrow(new InvalidRequestError('Unmatched column names/values'));
    expect(() => insert('INSERT INTO t JSON 1')).toThrow("line 1:20 mismatched input '1' expecting a string literal or a bind marker");
    expect(() => insert("INSERT INTO t JSON '{}' DEFAULT 1")).toThrow("mismatched input '1' expecting NULL or UNSET");
    expect(() => insert('INSERT INTO t (k) VALUES (1) USING TTL 1.5')).toThrow("mismatched input '1.5' expecting an integer or a bind marker");
    expect(() => insert('INSERT INTO t (k) VALUES (1) USING TTL 1 AND LIMIT 2')).toThrow("mismatched input 'LIMIT' expecting TTL or TIMESTAMP");
    expect(() => insert('INSERT t (k) VALUES (1)')).toThrow("line 1:8 mismatched input 't' expecting INTO");
  });
});

describe('UPDATE', () => {
  const update = (source: string) => parseAs('UpdateStatement', source) as UpdateStatement;
  const operations = (set: string) =>
    update(`UPDATE t SET ${set} WHERE k = 0`).assignments.map((a) => ({ column: a.column, ...a.operation }));

  it('USING before SET, WHERE, no IF', () => {
    expect(update('UPDATE ks.t USING TTL ? AND TIMESTAMP 5 SET v = ? WHERE k = ?')).toEqual({
      kind: 'UpdateStatement',
      table: table('t', 'ks'),
      using: using(marker(0), int('5')),
      assignments: [{ kind: 'Assignment', column: 'v', operation: { op: 'set', value: marker(1) } }],
      where: [equals('k', marker(2))],
      ifExists: false,
      conditions: [],
    });
  });

  it('every assignment form', () => {
    expect(operations("a = 1, b = b + 2, c = c - ?, d += {'x'}, e -= [1], f = [0] + f, m['k'] = 'v', l[2] = ?, u.street = 'x', n = n -1")).toEqual([
      { column: 'a', op: 'set', value: int('1') },
      { column: 'b', op: 'add', value: int('2') },
      { column: 'c', op: 'subtract', value: marker(0) },
      { column: 'd', op: 'add', value: { kind: 'SetLiteral', elements: [literal('string', 'x')] } },
      { column: 'e', op: 'subtract', value: { kind: 'ListLiteral', elements: [int('1')] } },
      { column: 'f', op: 'prepend', value: { kind: 'ListLiteral', elements: [int('0')] } },
      { column: 'm', op: 'setElement', key: literal('string', 'k'), value: literal('string', 'v') },
      { column: 'l', op: 'setElement', key: int('2'), value: marker(1) },
      { column: 'u', op: 'setField', field: 'street', value: literal('string', 'x') },
      { column: 'n', op: 'subtract', value: int('1') },
    ]);
  });

  it('a function call after = is a value, not the column', () => {
    expect(operations('t = now(), u = ks.f(1)')).toEqual([
      { column: 't', op: 'set', value: { kind: 'FunctionCall', keyspace: null, name: 'now', args: [] } },
      { column: 'u', op: 'set', value: { kind: 'FunctionCall', keyspace: 'ks', name: 'f', args: [int('1')] } },
    ]);
  });

  it('refuses operations on another column, worded as Cassandra', () => {
    expect(() => operations('a = b + 1')).toThrow('line 1:18 Only expressions of the form X = X +<value> are supported.');
    expect(() => operations('a = b - 1')).toThrow('Only expressions of the form X = X -<value> are supported.');
    expect(() => operations('a = [1] + b')).toThrow('line 1:24 Only expressions of the form X = <value> + X are supported.');
    expect(() => operations('a = a')).toThrow("mismatched input 'WHERE' expecting '+' or '-'");
  });

  it('IF EXISTS and IF conditions', () => {
    expect(update('UPDATE t SET v = 1 WHERE k = 0 IF EXISTS')).toMatchObject({ ifExists: true, conditions: [] });
    const statement = update("UPDATE t SET v = 1 WHERE k = 0 IF v = 1 AND w != ? AND m['k'] > 2 AND s CONTAINS 3 AND s CONTAINS KEY 4 AND x IN (1, 2) AND l[0] IN ? AND exists = 5");
    expect(statement.ifExists).toBe(false);
    const condition = (column: string, operator: string, value: object | null, inValues: unknown = null, elementKey: object | null = null) => ({
      kind: 'Condition', column, operator, value, inValues, elementKey,
    });
    expect(statement.conditions).toEqual([
      condition('v', '=', int('1')),
      condition('w', '!=', marker(0)),
      condition('m', '>', int('2'), null, literal('string', 'k')),
      condition('s', 'CONTAINS', int('3')),
      condition('s', 'CONTAINS KEY', int('4')),
      condition('x', 'IN', null, [int('1'), int('2')]),
      condition('l', 'IN', null, marker(1), int('0')),
      condition('exists', '=', int('5')),
    ]);
  });

  it('requires SET and WHERE', () => {
    expect(() => update('UPDATE t WHERE k = 0')).toThrow("line 1:10 mismatched input 'WHERE' expecting SET");
    expect(() => update('UPDATE t SET v = 1')).toThrow("line 1:19 mismatched input '<EOF>' expecting WHERE");
    expect(() => update('UPDATE t SET v = 1 WHERE k = 0 IF u.f = 1')).toThrow(InvalidRequestError);
  });
});

describe('DELETE', () => {
  const del = (source: string) => parseAs('DeleteStatement', source) as DeleteStatement;

  it('whole rows', () => {
    expect(del('DELETE FROM ks.t WHERE k = 1')).toEqual({
      kind: 'DeleteStatement',
      table: table('t', 'ks'),
      targets: [],
      using: using(null, null),
      where: [equals('k', int('1'))],
      ifExists: false,
      conditions: [],
    });
  });

  it('columns, elements, fields, USING TIMESTAMP, IF', () => {
    expect(del("DELETE a, m['k'], l[?], u.f FROM t USING TIMESTAMP ? WHERE k = ? IF EXISTS")).toEqual({
      kind: 'DeleteStatement',
      table: table('t'),
      targets: [
        { kind: 'DeleteTarget', column: 'a', elementKey: null, field: null },
        { kind: 'DeleteTarget', column: 'm', elementKey: literal('string', 'k'), field: null },
        { kind: 'DeleteTarget', column: 'l', elementKey: marker(0), field: null },
        { kind: 'DeleteTarget', column: 'u', elementKey: null, field: 'f' },
      ],
      using: using(null, marker(1)),
      where: [equals('k', marker(2))],
      ifExists: true,
      conditions: [],
    });
    expect(del('DELETE FROM t WHERE k = 1 IF v = 2').conditions).toHaveLength(1);
  });

  it('takes only a timestamp and needs WHERE', () => {
    expect(() => del('DELETE FROM t USING TTL 1 WHERE k = 1')).toThrow("line 1:21 mismatched input 'TTL' expecting TIMESTAMP");
    expect(() => del('DELETE FROM t')).toThrow(CqlSyntaxError);
    expect(() => del('DELETE a b FROM t WHERE k = 1')).toThrow("line 1:10 mismatched input 'b' expecting FROM");
  });
});
