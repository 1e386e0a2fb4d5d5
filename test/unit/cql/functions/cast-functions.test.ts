import { describe, expect, it } from 'vitest';
import cassandra from 'cassandra-driver';
import { castFunctionName } from '../../../../src/cql/functions/cast-functions.js';
import type { ScalarFunction } from '../../../../src/cql/functions/native-function.js';
import { resolveFunction } from '../../../../src/cql/functions/resolve-function.js';
import { nativeCqlType, type NativeCqlTypeKind } from '../../../../src/cql/types/cql-type.js';
import { bigDecimalOf, integerFromBigInt, localDateFromDays } from '../../../../src/cql/types/driver-values.js';
import { InvalidRequestError } from '../../../../src/lib/errors.js';

const { Long, LocalDate, InetAddress, Uuid } = cassandra.types;

function cast(from: NativeCqlTypeKind, to: NativeCqlTypeKind, value: unknown): unknown {
  const target = nativeCqlType(to)!;
  const fn = resolveFunction({ keyspace: null, name: castFunctionName(target) }, [{ type: nativeCqlType(from)!, text: 'c' }], {
    receiverType: null,
    usage: 'selector',
  }) as ScalarFunction;
  expect(fn.returnType).toStrictEqual(target);
  return fn.apply([value], undefined as never);
}

describe('CAST(c AS type)', () => {
  it('is named castAs<Type> and shows as cast(c as type)', () => {
    expect(castFunctionName(nativeCqlType('int')!)).toBe('castAsInt');
    const fn = resolveFunction({ keyspace: null, name: 'castAsText' }, [{ type: nativeCqlType('int')!, text: 'c' }], { receiverType: null, usage: 'selector' });
    expect(fn.columnName(['c'])).toBe('cast(c as text)');
  });

  it('narrows integers by keeping the low bits, as Java does', () => {
    expect(cast('int', 'tinyint', 300)).toBe(44);
    expect(cast('bigint', 'int', Long.fromString('4294967297'))).toBe(1);
    expect(cast('varint', 'smallint', integerFromBigInt(65537n))).toBe(1);
    expect(cast('int', 'bigint', -5)).toStrictEqual(Long.fromNumber(-5));
    expect(cast('counter', 'int', Long.fromNumber(7))).toBe(7);
  });

  it('truncates floating point toward zero, saturating at the range', () => {
    expect(cast('double', 'int', -1.9)).toBe(-1);
    expect(cast('double', 'int', 1e20)).toBe(2147483647);
    expect(cast('double', 'bigint', NaN)).toStrictEqual(Long.ZERO);
    expect(cast('double', 'tinyint', 300.5)).toBe(44);
    expect(cast('decimal', 'int', bigDecimalOf(-199n, 2))).toBe(-1);
  });

  it('converts to float, double, decimal and varint as Cassandra 4 does', () => {
    expect(cast('int', 'float', 16777217)).toBe(16777216);
    expect(cast('decimal', 'double', bigDecimalOf(15n, 1))).toBe(1.5);
    expect(String(cast('double', 'decimal', 0.1))).toBe(String(bigDecimalOf(1n, 1)));
    // Cassandra 4 widens a float to double before BigDecimal.valueOf (CASSANDRA-18647).
    expect(String(cast('float', 'decimal', Math.fround(5.2)))).toBe(String(bigDecimalOf(5199999809265137n, 15)));
    expect(String(cast('bigint', 'decimal', Long.fromNumber(42)))).toBe('42');
    expect(String(cast('decimal', 'varint', bigDecimalOf(-2599n, 2)))).toBe('-25');
  });

  it('prints values as text the way Cassandra does', () => {
    expect(cast('int', 'text', 5)).toBe('5');
    expect(cast('double', 'text', 1e10)).toBe('1.0E10');
    expect(cast('float', 'ascii', 30)).toBe('30.0');
    expect(cast('decimal', 'text', bigDecimalOf(-123n, 14))).toBe('-0.00000000000123');
    expect(cast('timestamp', 'text', new Date(Date.UTC(2024, 0, 2, 3, 4, 5)))).toBe('2024-01-02T03:04:05.000Z');
    expect(cast('date', 'text', LocalDate.fromString('2024-01-02'))).toBe('2024-01-02');
    expect(cast('inet', 'text', InetAddress.fromString('::1'))).toBe('0:0:0:0:0:0:0:1');
    expect(cast('boolean', 'text', true)).toBe('true');
    expect(cast('uuid', 'text', Uuid.fromString('6bddc89a-5644-41e4-97fc-56847afe9799'))).toBe('6bddc89a-5644-41e4-97fc-56847afe9799');
  });

  it('converts between time types', () => {
    expect(cast('timestamp', 'date', new Date(Date.UTC(2024, 0, 2, 23, 59)))).toStrictEqual(localDateFromDays(19724));
    expect(cast('date', 'timestamp', LocalDate.fromString('2024-01-02'))).toStrictEqual(new Date(Date.UTC(2024, 0, 2)));
  });

  it('refuses casts Cassandra does not declare', () => {
    expect(() => cast('text', 'int', 'x')).toThrow(InvalidRequestError);
    expect(() => cast('text', 'int', 'x')).toThrow(/^Invalid call to function castAsInt, none of its type signatures match \(known type signatures: system."castAsInt" : \(tinyint\) -> int/);
  });
});
