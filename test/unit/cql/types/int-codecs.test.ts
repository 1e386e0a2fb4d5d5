import cassandra from 'cassandra-driver';
import { describe, expect, it } from 'vitest';
import { nativeCqlType, type CqlType } from '../../../../src/cql/types/cql-type.js';
import { deserializeValue, serializeValue } from '../../../../src/cql/types/value-codec.js';
import { InvalidRequestError } from '../../../../src/lib/errors.js';
import { expectMatchesDriver } from './driver-golden.js';

const { Long } = cassandra.types;
const type = (name: string): CqlType => nativeCqlType(name)!;

describe('int, smallint, tinyint', () => {
  it.each([0, 1, -1, 42, -0, 2 ** 31 - 1, -(2 ** 31), 65535, -32769])('int %d matches the driver', (value) => {
    const decoded = expectMatchesDriver(type('int'), value);
    expect(decoded).toBe(value === 0 ? 0 : value);
  });

  it.each([0, 1, -1, 32767, -32768, 255])('smallint %d matches the driver', (value) => {
    expect(expectMatchesDriver(type('smallint'), value)).toBe(value);
  });

  it.each([0, 1, -1, 127, -128])('tinyint %d matches the driver', (value) => {
    expect(expectMatchesDriver(type('tinyint'), value)).toBe(value);
  });

  it('writes big-endian two-complement bytes', () => {
    expect(Buffer.from(serializeValue(type('int'), -2)).toString('hex')).toBe('fffffffe');
    expect(Buffer.from(serializeValue(type('smallint'), 258)).toString('hex')).toBe('0102');
    expect(Buffer.from(serializeValue(type('tinyint'), -128)).toString('hex')).toBe('80');
  });

  it.each([
    ['int', 2 ** 31],
    ['int', -(2 ** 31) - 1],
    ['int', 1.5],
    ['int', Number.NaN],
    ['int', '12'],
    ['int', 12n],
    ['smallint', 32768],
    ['tinyint', 128],
    ['tinyint', -129],
  ])('%s rejects %s', (name, value) => {
    expect(() => serializeValue(type(name), value)).toThrow(InvalidRequestError);
  });

  it('names the CQL type and the value in the error', () => {
    expect(() => serializeValue(type('int'), 'abc')).toThrow(/^Invalid value for CQL type int: 'abc'/);
  });

  it('rejects bytes of the wrong length with Cassandra\'s message', () => {
    expect(() => deserializeValue(type('int'), new Uint8Array(3))).toThrow('Expected 4 or 0 byte int (3)');
    expect(() => deserializeValue(type('int'), new Uint8Array(5))).toThrow(InvalidRequestError);
    expect(() => deserializeValue(type('smallint'), new Uint8Array(1))).toThrow('Expected 2 bytes for a smallint (1)');
    expect(() => deserializeValue(type('tinyint'), new Uint8Array(2))).toThrow('Expected 1 byte for a tinyint (2)');
  });
});

describe('bigint and counter', () => {
  const values = [
    Long.ZERO,
    Long.ONE,
    Long.NEG_ONE,
    Long.MAX_VALUE,
    Long.MIN_VALUE,
    Long.fromString('1234567890123456789'),
    Long.fromString('-987654321987654321'),
  ];

  it.each(values.map((v) => [v.toString(), v] as const))('bigint Long %s matches the driver', (_, value) => {
    const decoded = expectMatchesDriver(type('bigint'), value);
    expect(decoded).toBeInstanceOf(Long);
    expect((decoded as InstanceType<typeof Long>).equals(value)).toBe(true);
  });

  it.each(values.map((v) => [v.toString(), v] as const))('counter Long %s matches the driver', (_, value) => {
    expectMatchesDriver(type('counter'), value);
  });

  it.each([0, 1, -1, 2 ** 53 - 1, -(2 ** 53) + 1, 2 ** 60, -(2 ** 62)])('bigint number %d matches the driver', (value) => {
    expectMatchesDriver(type('bigint'), value);
  });

  it('accepts JS bigints over the whole 64-bit range', () => {
    for (const value of [0n, -1n, 2n ** 63n - 1n, -(2n ** 63n), 123456789012345678n]) {
      const decoded = deserializeValue(type('bigint'), serializeValue(type('bigint'), value));
      expect(String(decoded)).toBe(value.toString());
      expect(Buffer.from(serializeValue(type('bigint'), value)).equals(serializeValue(type('bigint'), Long.fromString(value.toString())))).toBe(true);
    }
  });

  it.each([2n ** 63n, -(2n ** 63n) - 1n, 1.5, 2 ** 63, '1', Number.POSITIVE_INFINITY])('rejects %s', (value) => {
    expect(() => serializeValue(type('bigint'), value)).toThrow(/Invalid value for CQL type bigint/);
  });

  it('rejects bytes of the wrong length', () => {
    expect(() => deserializeValue(type('bigint'), new Uint8Array(7))).toThrow('Expected 8 or 0 byte long (7)');
    expect(() => deserializeValue(type('counter'), new Uint8Array(9))).toThrow(InvalidRequestError);
  });
});
