import cassandra from 'cassandra-driver';
import { describe, expect, it } from 'vitest';
import {
  bigDecimalOf,
  bigDecimalParts,
  integerFromBigInt,
  integerToBigInt,
  localDateFromDays,
  longFromBigInt,
  longToBigInt,
} from '../../../../src/cql/types/driver-values.js';

const { Long, Integer, BigDecimal, LocalDate } = cassandra.types;
const edges = [0n, 1n, -1n, 2n ** 31n - 1n, -(2n ** 31n), 2n ** 32n, -(2n ** 32n), 2n ** 63n - 1n, -(2n ** 63n)];

describe('driver value helpers', () => {
  it.each(edges)('Long round-trips %s', (value) => {
    const long = longFromBigInt(value);
    expect(long).toBeInstanceOf(Long);
    expect(long.toString()).toBe(value.toString());
    expect(longToBigInt(long)).toBe(value);
  });

  it.each([...edges, 2n ** 200n + 12345n, -(2n ** 200n) - 1n, 2n ** 95n, -(2n ** 96n)])('Integer round-trips %s', (value) => {
    const integer = integerFromBigInt(value);
    expect(integer).toBeInstanceOf(Integer);
    expect(integer.toString()).toBe(value.toString());
    expect(integer.equals(Integer.fromString(value.toString()))).toBe(true);
    expect(integerToBigInt(integer)).toBe(value);
  });

  it('builds and takes apart a BigDecimal', () => {
    const decimal = bigDecimalOf(-12345n, 3);
    expect(decimal).toBeInstanceOf(BigDecimal);
    expect(decimal.toString()).toBe('-12.345');
    expect(bigDecimalParts(BigDecimal.fromString('0.0100'))).toEqual({ unscaled: 100n, scale: 4 });
  });

  it('builds a LocalDate from days since the epoch', () => {
    expect(localDateFromDays(0).toString()).toBe('1970-01-01');
    expect(localDateFromDays(-1).equals(new LocalDate(1969, 12, 31))).toBe(true);
    expect(localDateFromDays(2 ** 31 - 1).toString()).toBe(String(2 ** 31 - 1));
  });
});
