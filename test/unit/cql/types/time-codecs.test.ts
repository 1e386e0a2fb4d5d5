import cassandra from 'cassandra-driver';
import { describe, expect, it } from 'vitest';
import { nativeCqlType } from '../../../../src/cql/types/cql-type.js';
import { deserializeValue, serializeValue } from '../../../../src/cql/types/value-codec.js';
import { expectMatchesDriver, hex } from './driver-golden.js';

const { Long, LocalDate, LocalTime } = cassandra.types;
const timestamp = nativeCqlType('timestamp')!;
const date = nativeCqlType('date')!;
const time = nativeCqlType('time')!;

describe('timestamp', () => {
  const dates = [
    new Date(0),
    new Date(Date.UTC(2024, 1, 29, 23, 59, 59, 999)),
    new Date(Date.UTC(1969, 11, 31, 23, 59, 59, 999)),
    new Date(Date.UTC(1, 0, 1)),
    new Date(Date.UTC(9999, 11, 31)),
    new Date(8.64e15),
    new Date(-8.64e15),
  ];

  it.each(dates)('Date %s matches the driver', (value) => {
    const decoded = expectMatchesDriver(timestamp, value);
    expect((decoded as Date).getTime()).toBe(value.getTime());
  });

  it.each([0, 1_700_000_000_000, -1])('milliseconds %d match the driver', (value) => {
    expectMatchesDriver(timestamp, value);
    expectMatchesDriver(timestamp, Long.fromNumber(value));
  });

  it('accepts JS bigints', () => {
    expect(hex(serializeValue(timestamp, 1_700_000_000_000n))).toBe(hex(serializeValue(timestamp, 1_700_000_000_000)));
  });

  it('decodes milliseconds beyond the Date range to an Invalid Date, as the driver does', () => {
    const decoded = expectMatchesDriver(timestamp, Long.MAX_VALUE) as Date;
    expect(Number.isNaN(decoded.getTime())).toBe(true);
  });

  it.each([new Date(Number.NaN), '2024-01-01', 1.5, true])('rejects %s', (value) => {
    expect(() => serializeValue(timestamp, value)).toThrow(/Invalid value for CQL type timestamp/);
  });

  it('rejects bytes of the wrong length', () => {
    expect(() => deserializeValue(timestamp, new Uint8Array(4))).toThrow('Expected 8 or 0 byte long for date (4)');
  });
});

describe('date', () => {
  const texts = ['1970-01-01', '2024-02-29', '1969-12-31', '1582-10-15', '0001-01-01', '-0044-03-15', '9999-12-31', '275760-09-13'];

  it.each(texts)('LocalDate %s matches the driver', (text) => {
    const decoded = expectMatchesDriver(date, LocalDate.fromString(text));
    expect(decoded).toBeInstanceOf(LocalDate);
    expect(String(decoded)).toBe(text);
  });

  it.each(texts)('string %s matches the driver', (text) => {
    expectMatchesDriver(date, text);
  });

  it('covers the whole 32-bit day range, beyond what a JS Date can hold', () => {
    for (const days of [2 ** 31 - 1, -(2 ** 31), 100_000_001, -100_000_001]) {
      const decoded = expectMatchesDriver(date, new LocalDate(days as unknown as number, undefined as unknown as number, undefined as unknown as number));
      expect(String(decoded)).toBe(String(days));
    }
    expect(hex(serializeValue(date, '1970-01-01'))).toBe('80000000');
  });

  it('takes the calendar day of a JS Date in local time, as the driver does', () => {
    expectMatchesDriver(date, new Date(2024, 5, 30, 23, 30));
    expectMatchesDriver(date, new Date(1900, 0, 1, 0, 10));
  });

  it.each(['2023-02-29', '2024-13-01', '2024-1-1', '20240101', '2024-01-01T00:00', '12345', new Date(Number.NaN), 19000])('rejects %s', (value) => {
    expect(() => serializeValue(date, value)).toThrow(/Invalid value for CQL type date/);
  });

  it('rejects bytes of the wrong length', () => {
    expect(() => deserializeValue(date, new Uint8Array(8))).toThrow('Expected 4 byte long for date (8)');
  });
});

describe('time', () => {
  const texts = ['00:00:00', '23:59:59.999999999', '12:34:56.789', '01:02:03.000000001', '13:00:00'];

  it.each(texts)('LocalTime %s matches the driver', (text) => {
    const decoded = expectMatchesDriver(time, LocalTime.fromString(text));
    expect(decoded).toBeInstanceOf(LocalTime);
    expect((decoded as InstanceType<typeof LocalTime>).equals(LocalTime.fromString(text))).toBe(true);
  });

  it.each(texts)('string %s matches the driver', (text) => {
    expectMatchesDriver(time, text);
  });

  it('accepts nanoseconds as a bigint or Long', () => {
    const expected = hex(serializeValue(time, '12:34:56.789'));
    expect(hex(serializeValue(time, 45_296_789_000_000n))).toBe(expected);
    expect(hex(serializeValue(time, Long.fromString('45296789000000')))).toBe(expected);
  });

  it.each(['24:00:00', '12:60:00', '12:00', '1:2:3', '12:00:00.1234567890', -1n, 86_400_000_000_000n, 5])('rejects %s', (value) => {
    expect(() => serializeValue(time, value)).toThrow(/Invalid value for CQL type time/);
  });

  it('rejects bytes of the wrong length or out of the day', () => {
    expect(() => deserializeValue(time, new Uint8Array(4))).toThrow('Expected 8 byte long for time (4)');
    expect(() => deserializeValue(time, Buffer.from('ffffffffffffffff', 'hex'))).toThrow('Time nanoseconds out of range: -1');
  });
});
