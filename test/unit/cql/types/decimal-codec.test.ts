import cassandra from 'cassandra-driver';
import { describe, expect, it } from 'vitest';
import { nativeCqlType } from '../../../../src/cql/types/cql-type.js';
import { deserializeValue, serializeValue } from '../../../../src/cql/types/value-codec.js';
import { InvalidRequestError } from '../../../../src/lib/errors.js';
import { expectMatchesDriver, hex } from './driver-golden.js';

const { BigDecimal } = cassandra.types;
const decimal = nativeCqlType('decimal')!;

describe('decimal', () => {
  it.each([
    '0',
    '1',
    '-1',
    '0.1',
    '-0.001',
    '1.00',
    '123456789.987654321',
    '-99999999999999999999999999999999.99999999999999999999',
    '0.000000000000000000000000000001',
    '170141183460469231731687303715884105728',
  ])('BigDecimal %s matches the driver', (text) => {
    const decoded = expectMatchesDriver(decimal, BigDecimal.fromString(text));
    expect(String(decoded)).toBe(text);
  });

  it.each([0, -0, 1, -1, 0.1, 3.14159, -2.5, 1234567.891, 2 ** 53])('number %d matches the driver', (value) => {
    expectMatchesDriver(decimal, value);
  });

  it('reads numbers JS prints with an exponent exactly (the driver pads these to scale 20)', () => {
    expect(String(deserializeValue(decimal, serializeValue(decimal, 1e-7)))).toBe('0.0000001');
    expect(String(deserializeValue(decimal, serializeValue(decimal, -1.5e-10)))).toBe('-0.00000000015');
    expect(String(deserializeValue(decimal, serializeValue(decimal, 1e21)))).toBe('1000000000000000000000');
  });

  it('writes [int scale][varint unscaled]', () => {
    expect(hex(serializeValue(decimal, BigDecimal.fromString('-1.29')))).toBe('00000002ff7f');
  });

  it('decodes negative scales', () => {
    const decoded = deserializeValue(decimal, Buffer.from('fffffffe05', 'hex')) as InstanceType<typeof BigDecimal>;
    expect(decoded.equals(BigDecimal.fromString('500'))).toBe(true);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, '1.5', 1n])('rejects %s', (value) => {
    expect(() => serializeValue(decimal, value)).toThrow(/Invalid value for CQL type decimal/);
  });

  it('rejects bytes too short for a scale and a value', () => {
    expect(() => deserializeValue(decimal, new Uint8Array(4))).toThrow(InvalidRequestError);
    expect(() => deserializeValue(decimal, new Uint8Array(2))).toThrow('Expected 0 or at least 5 bytes for a decimal (2)');
  });
});
