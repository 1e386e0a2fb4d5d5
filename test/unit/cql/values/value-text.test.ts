import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { civilFromDays, daysFromCivil, formatDateText, parseDateText } from '../../../../src/cql/values/date-text.js';
import { formatDurationText, parseDurationText } from '../../../../src/cql/values/duration-text.js';
import { javaBigDecimalToPlainString, javaBigDecimalToString, javaDoubleToString, javaFloatToString } from '../../../../src/cql/values/java-number-text.js';
import { formatTimeText, parseTimeText } from '../../../../src/cql/values/time-text.js';
import { formatTimestampUtc, parseTimestampText } from '../../../../src/cql/values/timestamp-text.js';
import { ManualClock } from '../../../../src/lib/clock.js';

describe('Java\'s number text', () => {
  it.each([
    [0, '0.0'],
    [-0, '-0.0'],
    [1, '1.0'],
    [123123.123123, '123123.123123'],
    [0.001, '0.001'],
    [0.0001, '1.0E-4'],
    [9999999, '9999999.0'],
    [1e7, '1.0E7'],
    [-1.5e300, '-1.5E300'],
    [5e-324, '4.9E-324'],
    [NaN, 'NaN'],
    [-Infinity, '-Infinity'],
  ])('Double.toString(%d) is %s', (value, text) => {
    expect(javaDoubleToString(value)).toBe(text);
  });

  it.each([
    [Math.fround(0.1), '0.1'],
    [Math.fround(123.123), '123.123'],
    [Math.fround(3.4028235e38), '3.4028235E38'],
    [Math.fround(1e-10), '1.0E-10'],
    [16777216, '1.6777216E7'],
  ])('Float.toString(%d) is %s', (value, text) => {
    expect(javaFloatToString(value)).toBe(text);
  });

  it('prints BigDecimal plain or scientific as Java does', () => {
    expect(javaBigDecimalToString(123n, 2)).toBe('1.23');
    expect(javaBigDecimalToString(-123n, 14)).toBe('-1.23E-12');
    expect(javaBigDecimalToString(1n, -3)).toBe('1E+3');
    expect(javaBigDecimalToString(0n, 2)).toBe('0.00');
    expect(javaBigDecimalToString(1n, 6)).toBe('0.000001');
    expect(javaBigDecimalToString(1n, 7)).toBe('1E-7');
    expect(javaBigDecimalToPlainString(1n, -3)).toBe('1000');
    expect(javaBigDecimalToPlainString(-1n, 7)).toBe('-0.0000001');
  });

  it('gives float text that reads back as the same float', () => {
    fc.assert(
      fc.property(fc.float({ noNaN: true, noDefaultInfinity: true }), (value) => {
        expect(Math.fround(Number(javaFloatToString(value)))).toBe(value);
      }),
    );
  });
});

describe('time text', () => {
  it('counts days on the proleptic Gregorian calendar over the whole date range', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), (days) => {
        const { year, month, day } = civilFromDays(days);
        expect(daysFromCivil(year, month, day)).toBe(days);
        expect(parseDateText(formatDateText(days))).toBe(days);
      }),
    );
    expect(formatDateText(0)).toBe('1970-01-01');
    expect(formatDateText(2 ** 31 - 1)).toBe('+5881580-07-11');
  });

  it('refuses dates beyond the type\'s range', () => {
    expect(() => parseDateText('+5881580-07-12')).toThrow('Input date +5881580-07-12 is greater than max supported date +5881580-07-11T00:00Z');
  });

  it('writes times and timestamps as Cassandra does, and reads them back', () => {
    expect(formatTimeText(123n)).toBe('00:00:00.000000123');
    expect(parseTimeText(formatTimeText(86_399_999_999_999n))).toBe(86_399_999_999_999n);
    expect(formatTimestampUtc(0n, ' ')).toBe('1970-01-01 00:00:00.000Z');
    expect(formatTimestampUtc(-62_135_596_800_000n, 'T')).toBe('0001-01-01T00:00:00.000Z');
    fc.assert(
      fc.property(fc.integer({ min: -62_135_596_800_000, max: 253_402_300_799_999 }), (ms) => {
        expect(parseTimestampText(formatTimestampUtc(BigInt(ms), ' '), new ManualClock(0))).toBe(BigInt(ms));
      }),
    );
  });

  it('writes durations as Cassandra\'s Duration.toString and reads them back', () => {
    expect(formatDurationText({ months: 14, days: 3, nanoseconds: 3_600_000_000_001n })).toBe('1y2mo3d1h1ns');
    expect(formatDurationText({ months: 0, days: -2, nanoseconds: 0n })).toBe('-2d');
    expect(formatDurationText({ months: 0, days: 0, nanoseconds: 0n })).toBe('');
    expect(parseDurationText('P0001-02-03T04:05:06')).toStrictEqual({ months: 14, days: 3, nanoseconds: 14_706_000_000_000n });
    expect(parseDurationText('3µs')).toStrictEqual({ months: 0, days: 0, nanoseconds: 3000n });
    expect(() => parseDurationText('2147483648mo')).toThrow('Invalid duration. The total number of months must be less or equal to 2147483647');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.bigInt({ min: 1n, max: 2n ** 63n - 1n }), (months, days, nanoseconds) => {
        expect(parseDurationText(`-${formatDurationText({ months, days, nanoseconds })}`)).toStrictEqual({ months: 0 - months || 0, days: 0 - days || 0, nanoseconds: -nanoseconds });
      }),
    );
  });
});
