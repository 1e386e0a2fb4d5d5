import { describe, expect, it } from 'vitest';
import cassandra from 'cassandra-driver';
import { castFunction, resolveAggregate, resolveScalarFunction } from '../../../../src/cql/functions/function-registry.js';
import { nativeCqlType, type CqlType, type NativeCqlTypeKind } from '../../../../src/cql/types/cql-type.js';
import { AssertionError } from '../../../../src/lib/assert.js';
import { ManualClock } from '../../../../src/lib/clock.js';
import { InvalidRequestError } from '../../../../src/lib/errors.js';

const { Long, TimeUuid } = cassandra.types;
const type = (kind: NativeCqlTypeKind): CqlType => nativeCqlType(kind)!;

describe('the selection API for the executor', () => {
  it('resolves a scalar function by argument types and applies it to values', () => {
    const fn = resolveScalarFunction('blobasint', [type('blob')]);
    expect(fn.returnType).toStrictEqual(type('int'));
    expect(fn.columnName(['b'])).toBe('system.blobasint(b)');
    expect(fn.apply([Buffer.from('00000007', 'hex')])).toBe(7);
  });

  it('runs now() with the execution\'s clock, and refuses to guess one', () => {
    const withClock = resolveScalarFunction('now', [], { context: { clock: new ManualClock(86_400_000) } });
    const value = withClock.apply([]) as InstanceType<typeof TimeUuid>;
    expect(value.getDate().getTime()).toBe(86_400_000);
    expect(() => resolveScalarFunction('now', []).apply([])).toThrow(AssertionError);
  });

  it('names the arguments given in its errors', () => {
    expect(() => resolveScalarFunction('intasblob', [type('text')], { argNames: ['name'] })).toThrow(
      'Type error: name cannot be passed as argument 0 of function system.intasblob of type int',
    );
  });

  it('gives aggregates a fresh state per group', () => {
    const sum = resolveAggregate('sum', type('bigint'));
    const group = sum.create();
    group.add(Long.fromNumber(2));
    group.add(null);
    group.add(Long.fromNumber(3));
    expect(group.result()).toStrictEqual(Long.fromNumber(5));
    expect(sum.create().result()).toStrictEqual(Long.ZERO);
    expect(sum.columnName(['v'])).toBe('system.sum(v)');
    expect(() => resolveAggregate('now', type('int'))).toThrow(InvalidRequestError);
  });

  it('casts, keeping a value cast to its own type, and refuses targets no cast reaches', () => {
    expect(castFunction(type('int'), type('text'))(12)).toBe('12');
    expect(castFunction(type('int'), type('int'))(12)).toBe(12);
    expect(() => castFunction(type('int'), type('blob'), 'v')).toThrow('v cannot be cast to blob');
  });
});
