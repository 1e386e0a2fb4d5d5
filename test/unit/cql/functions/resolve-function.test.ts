import { describe, expect, it } from 'vitest';
import { Literal } from '../../../../src/cql/ast/literal.js';
import type { FunctionArgument } from '../../../../src/cql/functions/function-argument.js';
import { resolveFunction } from '../../../../src/cql/functions/resolve-function.js';
import { listType, nativeCqlType, type CqlType, type NativeCqlTypeKind } from '../../../../src/cql/types/cql-type.js';
import { CqlErrorCode, InvalidRequestError } from '../../../../src/lib/errors.js';

const type = (kind: NativeCqlTypeKind): CqlType => nativeCqlType(kind)!;
const column = (name: string, kind: NativeCqlTypeKind): FunctionArgument => ({ type: type(kind), text: name });
const selector = { receiverType: null, usage: 'selector' } as const;

function select(name: string, ...args: FunctionArgument[]): ReturnType<typeof resolveFunction> {
  return resolveFunction({ keyspace: null, name }, args, selector);
}

function expectInvalid(action: () => unknown, message: string): void {
  let caught: unknown;
  try {
    action();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(InvalidRequestError);
  expect((caught as InvalidRequestError).code).toBe(CqlErrorCode.invalid);
  expect((caught as Error).message).toEqual(message);
}

describe('functions in a selection (SELECT f(c) FROM t)', () => {
  it('picks the overload of the column\'s type', () => {
    const fromTimeuuid = select('totimestamp', column('id', 'timeuuid'));
    const fromDate = select('totimestamp', column('d', 'date'));
    expect(fromTimeuuid.argTypes).toStrictEqual([type('timeuuid')]);
    expect(fromDate.argTypes).toStrictEqual([type('date')]);
    expect(fromDate.returnType).toStrictEqual(type('timestamp'));
    expect(fromDate.columnName(['d'])).toBe('system.totimestamp(d)');
  });

  it('resolves aggregates by argument type, with Cassandra\'s result types', () => {
    expect(select('sum', column('v', 'int')).returnType).toStrictEqual(type('int'));
    expect(select('avg', column('v', 'double')).returnType).toStrictEqual(type('double'));
    expect(select('count', column('v', 'text')).returnType).toStrictEqual(type('bigint'));
    expect(select('max', column('v', 'timeuuid')).returnType).toStrictEqual(type('timeuuid'));
    expect(select('max', column('v', 'counter')).kind).toBe('aggregate');
  });

  it('lets a value-compatible column stand for a parameter (ascii where text is expected)', () => {
    expect(select('textasblob', column('a', 'ascii')).name).toBe('textasblob');
  });

  it('refuses unknown functions and functions of other keyspaces', () => {
    expectInvalid(() => select('nope'), "Unknown function 'nope'");
    expectInvalid(() => resolveFunction({ keyspace: 'ks', name: 'now' }, [], selector), "Unknown function 'ks.now'");
    expect(resolveFunction({ keyspace: 'system', name: 'now' }, [], selector).name).toBe('now');
  });

  it('refuses arguments that fit no overload, listing the signatures', () => {
    expectInvalid(
      () => select('sum', column('v', 'text')),
      expect.stringMatching(/^Invalid call to function sum, none of its type signatures match \(known type signatures: system\.sum : \(tinyint\) -> tinyint, .*system\.sum : \(counter\) -> counter\)$/) as unknown as string,
    );
  });

  it('refuses a wrong argument of a single-signature function, naming the argument', () => {
    expectInvalid(() => select('intasblob', column('t', 'text')), 'Type error: t cannot be passed as argument 0 of function system.intasblob of type int');
    expectInvalid(() => select('uuid', column('t', 'text')), 'Invalid number of arguments in call to function system.uuid: 0 required but 1 provided');
  });

  it('counts a collection through count(blob): blob can hold any value, as in Cassandra 4', () => {
    expect(select('count', { type: listType(type('int')), text: 'l' }).argTypes).toStrictEqual([type('blob')]);
  });

  it('builds toJson for the argument type, and refuses fromJson in a selection', () => {
    const toJson = select('tojson', column('l', 'int'));
    expect(toJson.returnType).toStrictEqual(type('text'));
    expectInvalid(() => select('tojson', column('a', 'int'), column('b', 'int')), 'toJson() only accepts one argument (got 2)');
    expectInvalid(
      () => select('tojson', { term: Literal.create({ type: 'integer', text: '1' }) }),
      'Cannot infer type for term 1 in selection clause (try using a cast to force a type)',
    );
    expectInvalid(() => select('fromjson', column('t', 'text')), 'fromJson() cannot be used in the selection clause of a SELECT statement');
  });

  it('resolves a constant argument by its fit (intAsBlob(1) in a selection)', () => {
    expect(select('intasblob', { term: Literal.create({ type: 'integer', text: '1' }) }).name).toBe('intasblob');
    expectInvalid(
      () => select('intasblob', { term: Literal.create({ type: 'string', text: 'a' }) }),
      "Type error: 'a' cannot be passed as argument 0 of function system.intasblob of type int",
    );
  });
});
