import { describe, expect, it } from 'vitest';
import cassandra from 'cassandra-driver';
import fc from 'fast-check';
import { countRowsFunction } from '../../../../src/cql/functions/aggregate-functions.js';
import type { AggregateFunction } from '../../../../src/cql/functions/native-function.js';
import { resolveFunction } from '../../../../src/cql/functions/resolve-function.js';
import { nativeCqlType, type NativeCqlTypeKind } from '../../../../src/cql/types/cql-type.js';
import { bigDecimalOf } from '../../../../src/cql/types/driver-values.js';

const { Long, Integer, BigDecimal } = cassandra.types;

function aggregate(name: string, kind: NativeCqlTypeKind, values: readonly unknown[]): unknown {
  const fn = resolveFunction({ keyspace: null, name }, [{ type: nativeCqlType(kind)!, text: 'v' }], { receiverType: null, usage: 'selector' });
  expect(fn.kind).toBe('aggregate');
  const state = (fn as AggregateFunction).newAggregate();
  for (const value of values) state.add(value);
  return state.result();
}

describe('aggregates over a group of rows (SELECT count(*), sum(v), avg(v), min(v), max(v))', () => {
  it('count(*) counts rows, count(v) non-null values, as bigint', () => {
    const rows = countRowsFunction.newAggregate();
    rows.add(undefined);
    rows.add(undefined);
    expect(rows.result()).toStrictEqual(Long.fromNumber(2));
    expect(countRowsFunction.columnName([])).toBe('count');
    expect(aggregate('count', 'int', [1, null, 3])).toStrictEqual(Long.fromNumber(2));
    expect(aggregate('count', 'int', [])).toStrictEqual(Long.ZERO);
  });

  it('sums in the argument type, wrapping as Java does', () => {
    expect(aggregate('sum', 'int', [2147483647, 1])).toBe(-2147483648);
    expect(aggregate('sum', 'tinyint', [100, 100])).toBe(-56);
    expect(aggregate('sum', 'smallint', [1, null, 2])).toBe(3);
    expect(aggregate('sum', 'bigint', [Long.MAX_VALUE, Long.ONE])).toStrictEqual(Long.MIN_VALUE);
    expect(aggregate('sum', 'counter', [Long.fromNumber(5), Long.fromNumber(-7)])).toStrictEqual(Long.fromNumber(-2));
    expect(String(aggregate('sum', 'varint', [Integer.fromString('99999999999999999999'), Integer.ONE]))).toBe('100000000000000000000');
    expect(String(aggregate('sum', 'decimal', [bigDecimalOf(15n, 1), bigDecimalOf(25n, 2)]))).toBe(String(bigDecimalOf(175n, 2)));
    expect(aggregate('sum', 'double', [0.1, 0.2, 0.3])).toBe(0.6);
    expect(aggregate('sum', 'float', [Math.fround(0.1), Math.fround(0.2)])).toBe(Math.fround(0.30000000447034836));
  });

  it('averages integers without overflow, truncating toward zero, 0 for no rows', () => {
    expect(aggregate('avg', 'int', [2147483647, 2147483647])).toBe(2147483647);
    expect(aggregate('avg', 'int', [-3, -4])).toBe(-3);
    expect(aggregate('avg', 'int', [])).toBe(0);
    expect(aggregate('avg', 'bigint', [Long.MAX_VALUE, Long.MAX_VALUE])).toStrictEqual(Long.MAX_VALUE);
    expect(String(aggregate('avg', 'varint', [Integer.fromNumber(7), Integer.fromNumber(2)]))).toBe('4');
  });

  it('averages decimals as a running mean rounded half-even, and doubles through a decimal sum on overflow', () => {
    // Cassandra's running mean keeps the scale of the values: 1 + (2 - 1) / 2 rounds to 1 + 0.
    const avg = aggregate('avg', 'decimal', [bigDecimalOf(1n, 0), bigDecimalOf(2n, 0)]) as InstanceType<typeof BigDecimal>;
    expect(avg.toString()).toBe('1');
    expect(String(aggregate('avg', 'decimal', [bigDecimalOf(10n, 1), bigDecimalOf(20n, 1)]))).toBe('1.5');
    expect(aggregate('avg', 'double', [Number.MAX_VALUE, Number.MAX_VALUE])).toBe(Number.MAX_VALUE);
    expect(aggregate('avg', 'double', [])).toBe(0);
    expect(aggregate('sum', 'double', [Infinity, Infinity])).toBe(Infinity);
  });

  it('min and max follow the type\'s order and ignore nulls', () => {
    expect(aggregate('max', 'int', [3, null, -1, 7])).toBe(7);
    expect(aggregate('min', 'text', ['b', 'a', 'é'])).toBe('a');
    expect(aggregate('max', 'text', ['b', 'a', 'é'])).toBe('é');
    expect(aggregate('min', 'int', [null])).toBeNull();
    expect(aggregate('max', 'double', [1, NaN, -0])).toBeNaN();
  });

  it('sum of ints matches 32-bit wrapping arithmetic for any input', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })), (values) => {
        const expected = values.reduce((sum, value) => (sum + value) | 0, 0);
        expect(aggregate('sum', 'int', values)).toBe(expected);
      }),
    );
  });
});
