import { describe, expect, it } from 'vitest';
import cassandra from 'cassandra-driver';
import { listType, mapType, setType, tupleType, udtType } from '../../../../src/cql/types/cql-type.js';
import { CqlErrorCode, InvalidRequestError } from '../../../../src/lib/errors.js';
import { UNSET_VALUE } from '../../../../src/cql/values/unset-value.js';
import { evaluate, hex, marker, type } from './term-fixtures.js';

const { Long, LocalDate, Tuple, Integer, BigDecimal } = cassandra.types;

function bound(value: unknown, columnType = type('int')): unknown {
  return evaluate(marker(0), columnType, [value]);
}

function expectRefused(value: unknown, columnType = type('int')): void {
  let caught: unknown;
  try {
    bound(value, columnType);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(InvalidRequestError);
  expect((caught as InvalidRequestError).code).toBe(CqlErrorCode.invalid);
}

describe('bound values (INSERT ... VALUES (?) with the application\'s value)', () => {
  it('returns unset for undefined and the driver\'s unset, null for null', () => {
    expect(bound(undefined)).toBe(UNSET_VALUE);
    expect(bound(cassandra.types.unset)).toBe(UNSET_VALUE);
    expect(bound(null)).toBeNull();
  });

  it('accepts what the value codecs accept and returns the driver\'s own classes', () => {
    expect(bound(5)).toBe(5);
    expect(bound(5, type('bigint'))).toStrictEqual(Long.fromNumber(5));
    expect(bound(5n, type('bigint'))).toStrictEqual(Long.fromNumber(5));
    expect(bound(Long.fromNumber(-1), type('bigint'))).toStrictEqual(Long.fromNumber(-1));
    expect(bound('2024-01-02', type('date'))).toStrictEqual(LocalDate.fromString('2024-01-02'));
    expect(bound(0.5, type('decimal'))).toBeInstanceOf(BigDecimal);
    expect(bound(12, type('varint'))).toStrictEqual(Integer.fromNumber(12));
    expect(bound(new Date(0), type('timestamp'))).toStrictEqual(new Date(0));
    expect(bound(1000, type('timestamp'))).toStrictEqual(new Date(1000));
  });

  it('refuses values of the wrong type instead of storing them', () => {
    expectRefused('abc');
    expectRefused(1.5);
    expectRefused(2 ** 31);
    expectRefused('1.5abc', type('double'));
    expectRefused('now', type('timestamp'));
    expectRefused(1, type('text'));
    expectRefused('not-a-uuid', type('uuid'));
    expectRefused('1.2.3', type('inet'));
    expectRefused([1, 'a'], listType(type('int')));
    expectRefused([1, null], listType(type('int')));
    expectRefused({ zip: 1, city: 'x' }, udtType('ks', 'a', [{ name: 'zip', type: type('int') }]));
  });

  it('takes numbers and timestamps as strings too, as the driver does, read by Cassandra\'s rules', () => {
    expect(bound('12', type('bigint'))).toStrictEqual(Long.fromNumber(12));
    expect(bound('-7')).toBe(-7);
    expect(bound('1.5', type('double'))).toBe(1.5);
    expect(bound('2024-01-02 03:04:05+0000', type('timestamp'))).toStrictEqual(new Date(Date.UTC(2024, 0, 2, 3, 4, 5)));
    expect(() => bound('abc')).toThrow("Unable to make int from 'abc'");
    expect(() => bound('2147483648')).toThrow("Unable to make int from '2147483648'");
  });

  it('normalizes sets (sorted, deduplicated) and maps (a Map in key order)', () => {
    expect(bound([3, 1, 3], setType(type('int')))).toStrictEqual([1, 3]);
    expect(bound(new Set([2, 1]), setType(type('int')))).toStrictEqual([1, 2]);
    const value = bound({ b: 2, a: 1 }, mapType(type('text'), type('int'))) as Map<unknown, unknown>;
    expect([...value]).toStrictEqual([
      ['a', 1],
      ['b', 2],
    ]);
  });

  it('reads plain-object keys as the key type, as the driver coerces them', () => {
    const value = bound({ 10: 'ten', 2: 'two' }, mapType(type('int'), type('text'))) as Map<unknown, unknown>;
    expect([...value]).toStrictEqual([
      [2, 'two'],
      [10, 'ten'],
    ]);
    const byDate = bound({ '2024-01-02': 1 }, mapType(type('date'), type('int'))) as Map<unknown, unknown>;
    expect(String([...byDate.keys()][0])).toBe('2024-01-02');
    expectRefused({ x: 'no' }, mapType(type('int'), type('text')));
  });

  it('fills tuples and UDTs to their full shape', () => {
    expect(bound([1], tupleType([type('int'), type('text')]))).toStrictEqual(Tuple.fromArray([1, null]));
    expect(bound({ zip: 1 }, udtType('ks', 'a', [{ name: 'street', type: type('text') }, { name: 'zip', type: type('int') }]))).toStrictEqual({
      street: null,
      zip: 1,
    });
  });

  it('gives bytes equal to the codec\'s for the value given', () => {
    expect(hex(type('int'), bound(258))).toBe('00000102');
  });
});
