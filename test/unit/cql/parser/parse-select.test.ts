import { describe, expect, it } from 'vitest';
import type { SelectStatement } from '../../../../src/cql/ast/select-statement.js';
import { parseStatement } from '../../../../src/cql/parser/parser.js';
import { InvalidRequestError } from '../../../../src/lib/errors.js';

function select(source: string): SelectStatement {
  const statement = parseStatement(source);
  if (statement.kind !== 'SelectStatement') throw new Error(statement.kind);
  return statement;
}

const literal = (type: string, text: string) => ({ kind: 'Literal', type, text });
const marker = (index: number, name: string | null = null) => ({ kind: 'BindMarker', index, name });
const column = (name: string) => ({ kind: 'ColumnSelector', name });
const item = (expression: object, alias: string | null = null) => ({ kind: 'Selector', expression, alias });

describe('SELECT clauses', () => {
  it('SELECT * with no other clause', () => {
    expect(select('SELECT * FROM ks.t;')).toEqual({
      kind: 'SelectStatement',
      table: { kind: 'QualifiedName', keyspace: 'ks', name: 't' },
      json: false,
      distinct: false,
      selectors: null,
      where: [],
      groupBy: [],
      orderBy: [],
      perPartitionLimit: null,
      limit: null,
      allowFiltering: false,
    });
  });

  it('every clause, in order', () => {
    const statement = select(
      'SELECT JSON DISTINCT k FROM t WHERE k = 1 GROUP BY k, c ORDER BY c DESC, d ASC, e PER PARTITION LIMIT 2 LIMIT -1 ALLOW FILTERING',
    );
    expect(statement).toMatchObject({
      json: true,
      distinct: true,
      selectors: [item(column('k'))],
      groupBy: ['k', 'c'],
      orderBy: [{ column: 'c', order: 'DESC' }, { column: 'd', order: 'ASC' }, { column: 'e', order: 'ASC' }],
      perPartitionLimit: literal('integer', '2'),
      limit: literal('integer', '-1'),
      allowFiltering: true,
    });
  });

  it('limits may be markers', () => {
    expect(select('SELECT * FROM t PER PARTITION LIMIT ? LIMIT :n')).toMatchObject({ perPartitionLimit: marker(0), limit: marker(1, 'n') });
  });

  it('json and distinct are columns unless a selection follows them', () => {
    expect(select('SELECT json FROM t')).toMatchObject({ json: false, selectors: [item(column('json'))] });
    expect(select('SELECT distinct, json FROM t')).toMatchObject({ distinct: false, json: false, selectors: [item(column('distinct')), item(column('json'))] });
    expect(select('SELECT json AS j FROM t')).toMatchObject({ json: false, selectors: [item(column('json'), 'j')] });
    expect(select('SELECT JSON json FROM t')).toMatchObject({ json: true, selectors: [item(column('json'))] });
    expect(select('SELECT JSON * FROM t')).toMatchObject({ json: true, selectors: null });
    expect(select('SELECT DISTINCT distinct FROM t')).toMatchObject({ distinct: true, selectors: [item(column('distinct'))] });
  });
});

describe('selectors', () => {
  it('columns, aliases, keyword-named columns', () => {
    expect(select('SELECT a AS x, "B", key, ttl, count FROM t').selectors).toEqual([
      item(column('a'), 'x'), item(column('B')), item(column('key')), item(column('ttl')), item(column('count')),
    ]);
  });

  it('count(*) and count(1) count rows; count(c) is a function', () => {
    expect(select('SELECT count(*), COUNT(1) AS n, count(c) FROM t').selectors).toEqual([
      item({ kind: 'CountRowsSelector' }),
      item({ kind: 'CountRowsSelector' }, 'n'),
      item({ kind: 'FunctionSelector', keyspace: null, name: 'count', args: [column('c')] }),
    ]);
  });

  it('writetime, maxwritetime, ttl, token and functions', () => {
    expect(select('SELECT writetime(v), MAXWRITETIME(v), ttl(v), token(a, b), ks.f(), toJson(m), max(x) FROM t').selectors).toEqual([
      item({ kind: 'FunctionSelector', keyspace: null, name: 'writetime', args: [column('v')] }),
      item({ kind: 'FunctionSelector', keyspace: null, name: 'maxwritetime', args: [column('v')] }),
      item({ kind: 'FunctionSelector', keyspace: null, name: 'ttl', args: [column('v')] }),
      item({ kind: 'FunctionSelector', keyspace: null, name: 'token', args: [column('a'), column('b')] }),
      item({ kind: 'FunctionSelector', keyspace: 'ks', name: 'f', args: [] }),
      item({ kind: 'FunctionSelector', keyspace: null, name: 'tojson', args: [column('m')] }),
      item({ kind: 'FunctionSelector', keyspace: null, name: 'max', args: [column('x')] }),
    ]);
  });

  it('CAST to a native type', () => {
    expect(select('SELECT CAST(v AS text), cast(count(*) AS varchar) FROM t').selectors).toEqual([
      item({ kind: 'CastSelector', value: column('v'), type: { kind: 'text' } }),
      item({ kind: 'CastSelector', value: { kind: 'CountRowsSelector' }, type: { kind: 'text' } }),
    ]);
    expect(() => select('SELECT CAST(v AS list<int>) FROM t')).toThrow("mismatched input 'list' expecting a native type");
  });

  it('terms: constants, markers, type hints, function arguments', () => {
    expect(select("SELECT 1, -2.5, 'x', NULL, ?, (int) :v, f(c, 'y') FROM t").selectors).toEqual([
      item({ kind: 'TermSelector', term: literal('integer', '1') }),
      item({ kind: 'TermSelector', term: literal('float', '-2.5') }),
      item({ kind: 'TermSelector', term: literal('string', 'x') }),
      item({ kind: 'TermSelector', term: literal('null', 'null') }),
      item({ kind: 'TermSelector', term: marker(0) }),
      item({ kind: 'TermSelector', term: { kind: 'TypeHint', type: { kind: 'int' }, value: marker(1, 'v') } }),
      item({ kind: 'FunctionSelector', keyspace: null, name: 'f', args: [column('c'), { kind: 'TermSelector', term: literal('string', 'y') }] }),
    ]);
  });

  it.each([
    ['SELECT u.f FROM t'],
    ["SELECT m['k'] FROM t"],
    ['SELECT a + 1 FROM t'],
    ['SELECT (a, b) FROM t'],
    ['SELECT (int) a FROM t'],
    ['SELECT writetime(u.f) FROM t'],
  ])('valid CQL without a node yet is InvalidRequest: %s', (source) => {
    expect(() => parseStatement(source)).toThrow(InvalidRequestError);
    expect(() => parseStatement(source)).toThrow(/not supported yet/);
  });
});

describe('WHERE relations', () => {
  const where = (text: string) => select(`SELECT * FROM t WHERE ${text}`).where;
  const single = (columnName: string, operator: string, value: object) => ({
    kind: 'SingleColumnRelation', column: columnName, operator, value, inValues: null, mapKey: null,
  });

  it('comparisons, LIKE, CONTAINS, CONTAINS KEY', () => {
    expect(where("a = 1 AND b < 2 AND c <= 3 AND d > 4 AND e >= 5 AND f != 6 AND g LIKE 'x%' AND h CONTAINS ? AND i CONTAINS KEY 'k'")).toEqual([
      single('a', '=', literal('integer', '1')),
      single('b', '<', literal('integer', '2')),
      single('c', '<=', literal('integer', '3')),
      single('d', '>', literal('integer', '4')),
      single('e', '>=', literal('integer', '5')),
      single('f', '!=', literal('integer', '6')),
      single('g', 'LIKE', literal('string', 'x%')),
      single('h', 'CONTAINS', marker(0)),
      single('i', 'CONTAINS KEY', literal('string', 'k')),
    ]);
  });

  it('IN lists and IN markers', () => {
    expect(where('a IN (1, ?) AND b IN ? AND c IN :l AND d IN ()')).toEqual([
      { kind: 'SingleColumnRelation', column: 'a', operator: 'IN', value: null, inValues: [literal('integer', '1'), marker(0)], mapKey: null },
      { kind: 'SingleColumnRelation', column: 'b', operator: 'IN', value: null, inValues: marker(1), mapKey: null },
      { kind: 'SingleColumnRelation', column: 'c', operator: 'IN', value: null, inValues: marker(2, 'l'), mapKey: null },
      { kind: 'SingleColumnRelation', column: 'd', operator: 'IN', value: null, inValues: [], mapKey: null },
    ]);
  });

  it('map elements', () => {
    expect(where("m['k'] = 'v' AND m[?] > 1")).toEqual([
      { kind: 'SingleColumnRelation', column: 'm', operator: '=', value: literal('string', 'v'), inValues: null, mapKey: literal('string', 'k') },
      { kind: 'SingleColumnRelation', column: 'm', operator: '>', value: literal('integer', '1'), inValues: null, mapKey: marker(0) },
    ]);
  });

  it('token relations', () => {
    expect(where('token(a, b) > ? AND TOKEN(a, b) <= -9223372036854775808 AND token(k) = token(1)')).toEqual([
      { kind: 'TokenRelation', columns: ['a', 'b'], operator: '>', value: marker(0) },
      { kind: 'TokenRelation', columns: ['a', 'b'], operator: '<=', value: literal('integer', '-9223372036854775808') },
      { kind: 'TokenRelation', columns: ['k'], operator: '=', value: { kind: 'FunctionCall', keyspace: null, name: 'token', args: [literal('integer', '1')] } },
    ]);
  });

  it('multi-column relations', () => {
    const tuple = (...elements: object[]) => ({ kind: 'TupleLiteral', elements });
    expect(where('(a, b) > (1, ?) AND (a, b) <= ? AND (c) = (1) AND (a, b) IN ((1, 2), ?, (3, 4)) AND (a, b) IN ? AND (a, b) IN ()')).toEqual([
      { kind: 'MultiColumnRelation', columns: ['a', 'b'], operator: '>', value: tuple(literal('integer', '1'), marker(0)), inValues: null },
      { kind: 'MultiColumnRelation', columns: ['a', 'b'], operator: '<=', value: marker(1), inValues: null },
      { kind: 'MultiColumnRelation', columns: ['c'], operator: '=', value: tuple(literal('integer', '1')), inValues: null },
      {
        kind: 'MultiColumnRelation', columns: ['a', 'b'], operator: 'IN', value: null,
        inValues: [tuple(literal('integer', '1'), literal('integer', '2')), marker(2), tuple(literal('integer', '3'), literal('integer', '4'))],
      },
      { kind: 'MultiColumnRelation', columns: ['a', 'b'], operator: 'IN', value: null, inValues: marker(3) },
      { kind: 'MultiColumnRelation', columns: ['a', 'b'], operator: 'IN', value: null, inValues: [] },
    ]);
  });

  it('a relation in parentheses', () => {
    expect(where('(a = 1) AND ((token(k) > 0))')).toEqual([
      single('a', '=', literal('integer', '1')),
      { kind: 'TokenRelation', columns: ['k'], operator: '>', value: literal('integer', '0') },
    ]);
  });

  it.each([
    ['a IS NOT NULL', 'IS NOT NULL relations are not supported yet'],
    ['a BETWEEN 1 AND 2', 'BETWEEN relations are not supported yet'],
    ['a NOT IN (1)', 'NOT IN relations are not supported yet'],
    ['a NOT CONTAINS 1', 'NOT CONTAINS relations are not supported yet'],
    ['token(a) != 1', '!= on token() is not supported yet'],
  ])('valid CQL without a node yet is InvalidRequest: %s', (text, message) => {
    expect(() => where(text)).toThrow(InvalidRequestError);
    expect(() => where(text)).toThrow(message);
  });
});
