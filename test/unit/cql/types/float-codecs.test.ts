import { describe, expect, it } from 'vitest';
import { nativeCqlType } from '../../../../src/cql/types/cql-type.js';
import { deserializeValue, serializeValue } from '../../../../src/cql/types/value-codec.js';
import { expectMatchesDriver } from './driver-golden.js';

const float = nativeCqlType('float')!;
const double = nativeCqlType('double')!;
const specials = [0, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];

describe('float', () => {
  it.each([...specials, 1, -1.5, 0.1, 3.4028234663852886e38, -3.4028234663852886e38, 1.401298464324817e-45, 123456789])(
    '%d matches the driver',
    (value) => {
      const decoded = expectMatchesDriver(float, value);
      expect(Object.is(decoded, Math.fround(value))).toBe(true);
    },
  );

  it('rejects finite numbers beyond the float range, and non-numbers', () => {
    expect(() => serializeValue(float, 1e39)).toThrow(/Invalid value for CQL type float: 1e\+39/);
    expect(() => serializeValue(float, '1')).toThrow(/Invalid value for CQL type float/);
  });

  it('rejects bytes of the wrong length', () => {
    expect(() => deserializeValue(float, new Uint8Array(8))).toThrow('Expected 4 or 0 byte value for a float (8)');
  });
});

describe('double', () => {
  it.each([...specials, 1, -1.5, 0.1, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, Number.EPSILON, 2 ** 53 + 2])(
    '%d matches the driver',
    (value) => {
      expect(Object.is(expectMatchesDriver(double, value), value)).toBe(true);
    },
  );

  it('rejects non-numbers and bytes of the wrong length', () => {
    expect(() => serializeValue(double, 1n)).toThrow(/Invalid value for CQL type double: 1n/);
    expect(() => deserializeValue(double, new Uint8Array(4))).toThrow('Expected 8 or 0 byte value for a double (4)');
  });
});
