import cassandra from 'cassandra-driver';
import { describe, expect, it } from 'vitest';
import { nativeCqlType } from '../../../../src/cql/types/cql-type.js';
import { varintBytes, varintFromBytes } from '../../../../src/cql/types/varint-codec.js';
import { deserializeValue, serializeValue } from '../../../../src/cql/types/value-codec.js';
import { expectMatchesDriver, hex } from './driver-golden.js';

const { Integer } = cassandra.types;
const varint = nativeCqlType('varint')!;

const texts = [
  '0',
  '1',
  '-1',
  '127',
  '128',
  '-128',
  '-129',
  '255',
  '256',
  '65535',
  '-65536',
  '2147483647',
  '-2147483648',
  '4294967296',
  '-4294967296',
  '9223372036854775808',
  '-9223372036854775809',
  '123456789012345678901234567890123456789012345678901234567890',
  '-98765432109876543210987654321098765432109876543210',
];

describe('varint', () => {
  it.each(texts)('Integer %s matches the driver', (text) => {
    const decoded = expectMatchesDriver(varint, Integer.fromString(text));
    expect(String(decoded)).toBe(text);
  });

  it.each([0, 1, -1, 300, -300, 2 ** 53 - 1, -(2 ** 40)])('number %d matches the driver', (value) => {
    expectMatchesDriver(varint, value);
  });

  it('accepts JS bigints, giving the same bytes as the equal Integer', () => {
    for (const text of texts) {
      expect(hex(serializeValue(varint, BigInt(text)))).toBe(hex(serializeValue(varint, Integer.fromString(text))));
    }
  });

  it('writes the shortest two-complement form', () => {
    expect(hex(varintBytes(0n))).toBe('00');
    expect(hex(varintBytes(128n))).toBe('0080');
    expect(hex(varintBytes(-128n))).toBe('80');
    expect(hex(varintBytes(-129n))).toBe('ff7f');
  });

  it('reads non-minimal encodings too', () => {
    expect(varintFromBytes(Buffer.from('000001', 'hex'))).toBe(1n);
    expect(varintFromBytes(Buffer.from('ffffff', 'hex'))).toBe(-1n);
    expect(String(deserializeValue(varint, Buffer.from('00ff', 'hex')))).toBe('255');
  });

  it.each([1.5, Number.NaN, Number.POSITIVE_INFINITY, '12', null])('rejects %s', (value) => {
    expect(() => serializeValue(varint, value)).toThrow(/Invalid value for CQL type varint/);
  });
});
