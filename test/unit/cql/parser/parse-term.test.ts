import { describe, expect, it } from 'vitest';
import type { InsertStatement } from '../../../../src/cql/ast/insert-statement.js';
import type { Term } from '../../../../src/cql/ast/term.js';
import { CqlSyntaxError } from '../../../../src/cql/cql-syntax-error.js';
import { parseStatement } from '../../../../src/cql/parser/parser.js';

/** The term written as the value of an INSERT. */
function term(text: string): Term {
  const statement = parseStatement(`INSERT INTO t (v) VALUES (${text})`) as InsertStatement;
  expect(statement.values).toHaveLength(1);
  return statement.values[0]!;
}

const literal = (type: string, text: string) => ({ kind: 'Literal', type, text });
const marker = (index: number, name: string | null = null) => ({ kind: 'BindMarker', index, name });

describe('literals keep their source text', () => {
  it.each([
    ["'it''s'", literal('string', "it's")],
    ['$$a$$', literal('string', 'a')],
    ["''", literal('string', '')],
    ['42', literal('integer', '42')],
    ['-42', literal('integer', '-42')],
    ['- 7', literal('integer', '-7')],
    ['1.5e3', literal('float', '1.5e3')],
    ['-1.5E-3', literal('float', '-1.5E-3')],
    ['NaN', literal('float', 'NaN')],
    ['-nan', literal('float', 'NaN')],
    ['Infinity', literal('float', 'Infinity')],
    ['-infinity', literal('float', '-Infinity')],
    ['TRUE', literal('boolean', 'true')],
    ['false', literal('boolean', 'false')],
    ['123E4567-E89B-12D3-A456-426614174000', literal('uuid', '123e4567-e89b-12d3-a456-426614174000')],
    ['0xCAFE', literal('blob', '0xcafe')],
    ['0x', literal('blob', '0x')],
    ['1h30m', literal('duration', '1h30m')],
    ['-2d', literal('duration', '-2d')],
    ['P1Y2M', literal('duration', 'P1Y2M')],
    ['NULL', literal('null', 'null')],
  ])('%s', (text, expected) => {
    expect(term(text)).toEqual(expected);
  });

  it('refuses a minus before anything but a number or a duration', () => {
    expect(() => term("-'x'")).toThrow("line 1:28 mismatched input ''x'' expecting a number");
    expect(() => term('-true')).toThrow(CqlSyntaxError);
    expect(() => term('-?')).toThrow(CqlSyntaxError);
  });
});

describe('bind markers', () => {
  it('numbers positional and named markers in textual order', () => {
    const statement = parseStatement('INSERT INTO t (a, b, c, d) VALUES (?, :x, ?, :"Y")') as InsertStatement;
    expect(statement.values).toEqual([marker(0), marker(1, 'x'), marker(2), marker(3, 'Y')]);
  });

  it('takes an unreserved keyword as a name and lower-cases unquoted names', () => {
    expect(term(':TTL')).toEqual(marker(0, 'ttl'));
    expect(term(':Key')).toEqual(marker(0, 'key'));
  });

  it('refuses a reserved word as a name', () => {
    expect(() => term(':from')).toThrow("mismatched input 'from' expecting a bind marker name");
  });
});

describe('collections, tuples and user type values', () => {
  it('lists', () => {
    expect(term('[]')).toEqual({ kind: 'ListLiteral', elements: [] });
    expect(term('[1, ?, [2]]')).toEqual({
      kind: 'ListLiteral',
      elements: [literal('integer', '1'), marker(0), { kind: 'ListLiteral', elements: [literal('integer', '2')] }],
    });
  });

  it('an empty {} is an empty map', () => {
    expect(term('{}')).toEqual({ kind: 'MapLiteral', entries: [] });
  });

  it('sets', () => {
    expect(term("{'a', 'b'}")).toEqual({ kind: 'SetLiteral', elements: [literal('string', 'a'), literal('string', 'b')] });
    expect(term('{?}')).toEqual({ kind: 'SetLiteral', elements: [marker(0)] });
  });

  it('maps have constant (or marker, function) keys', () => {
    expect(term("{'a': 1, ?: -2, now(): {}}")).toEqual({
      kind: 'MapLiteral',
      entries: [
        { key: literal('string', 'a'), value: literal('integer', '1') },
        { key: marker(0), value: literal('integer', '-2') },
        { key: { kind: 'FunctionCall', keyspace: null, name: 'now', args: [] }, value: { kind: 'MapLiteral', entries: [] } },
      ],
    });
  });

  it('user type values have identifier keys', () => {
    expect(term('{street: \'x\', "Zip": 1, key: {n: ?}}')).toEqual({
      kind: 'UserTypeLiteral',
      fields: [
        { name: 'street', value: literal('string', 'x') },
        { name: 'Zip', value: literal('integer', '1') },
        { name: 'key', value: { kind: 'UserTypeLiteral', fields: [{ name: 'n', value: marker(0) }] } },
      ],
    });
  });

  it('does not mix identifier and constant keys', () => {
    expect(() => term("{a: 1, 'b': 2}")).toThrow("mismatched input ''b'' expecting a field name");
    expect(() => term("{'a': 1, b: 2}")).toThrow("mismatched input 'b' expecting a term");
    expect(() => term("{'a': 1, 'b'}")).toThrow("mismatched input '}' expecting ':'");
  });

  it('tuples, including one element (a tuple<int>)', () => {
    expect(term("(1, 'a', ?)")).toEqual({ kind: 'TupleLiteral', elements: [literal('integer', '1'), literal('string', 'a'), marker(0)] });
    expect(term('(1)')).toEqual({ kind: 'TupleLiteral', elements: [literal('integer', '1')] });
    expect(() => term('()')).toThrow("mismatched input ')' expecting a term");
  });
});

describe('function calls and type hints', () => {
  it('function calls, names lower-cased unless quoted, keyspace kept', () => {
    expect(term('toTimestamp(NOW())')).toEqual({
      kind: 'FunctionCall', keyspace: null, name: 'totimestamp', args: [{ kind: 'FunctionCall', keyspace: null, name: 'now', args: [] }],
    });
    expect(term('"myKs"."F"(1, ?)')).toEqual({ kind: 'FunctionCall', keyspace: 'myKs', name: 'F', args: [literal('integer', '1'), marker(0)] });
    expect(term('token(1)')).toMatchObject({ kind: 'FunctionCall', name: 'token' });
    expect(term('blob(1)')).toMatchObject({ kind: 'FunctionCall', name: 'blob' });
  });

  it('ttl, writetime, key, cast are not function names', () => {
    expect(() => term('ttl(1)')).toThrow("mismatched input 'ttl' expecting a term");
    expect(() => term('now')).toThrow("mismatched input 'now' expecting a term");
  });

  it('type hints', () => {
    expect(term('(int) ?')).toEqual({ kind: 'TypeHint', type: { kind: 'int' }, value: marker(0) });
    expect(term('(frozen<list<text>>) [\'a\']')).toEqual({
      kind: 'TypeHint',
      type: { kind: 'list', element: { kind: 'text' }, frozen: true },
      value: { kind: 'ListLiteral', elements: [literal('string', 'a')] },
    });
    expect(term('(ks.addr) {a: 1}')).toMatchObject({ kind: 'TypeHint', type: { kind: 'UserTypeReference', keyspace: 'ks', name: 'addr' } });
    // A name that opens a call is a function inside a tuple, not a type.
    expect(term('(now(), 1)')).toMatchObject({ kind: 'TupleLiteral' });
  });
});

describe('limits', () => {
  it('refuses terms nested deeper than 64 levels with a syntax error, not a stack overflow', () => {
    const deep = `${'['.repeat(100_000)}1${']'.repeat(100_000)}`;
    expect(() => term(deep)).toThrow('term nested deeper than 64 levels');
    expect(term(`${'['.repeat(63)}1${']'.repeat(63)}`)).toMatchObject({ kind: 'ListLiteral' });
  });
});

describe('AST nodes are frozen', () => {
  it('freezes nodes, their lists and nested entries', () => {
    const map = term("{'a': [1]}");
    expect(Object.isFrozen(map)).toBe(true);
    if (map.kind !== 'MapLiteral') throw new Error(map.kind);
    expect(Object.isFrozen(map.entries)).toBe(true);
    expect(Object.isFrozen(map.entries[0])).toBe(true);
    expect(Object.isFrozen(map.entries[0]!.value)).toBe(true);
  });
});
