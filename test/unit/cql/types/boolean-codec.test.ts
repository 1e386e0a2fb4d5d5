import { describe, expect, it } from 'vitest';
import { nativeCqlType } from '../../../../src/cql/types/cql-type.js';
import { deserializeValue, serializeValue } from '../../../../src/cql/types/value-codec.js';
import { expectMatchesDriver } from './driver-golden.js';

const boolean = nativeCqlType('boolean')!;

describe('boolean', () => {
  it.each([true, false])('%s matches the driver', (value) => {
    expect(expectMatchesDriver(boolean, value)).toBe(value);
  });

  it('reads any non-zero byte as true', () => {
    expect(deserializeValue(boolean, Buffer.from([2]))).toBe(true);
  });

  it.each([1, 0, 'true', {}])('rejects the non-boolean %s (the driver would take its truthiness)', (value) => {
    expect(() => serializeValue(boolean, value)).toThrow(/Invalid value for CQL type boolean/);
  });

  it('rejects bytes of the wrong length', () => {
    expect(() => deserializeValue(boolean, new Uint8Array(2))).toThrow('Expected 1 or 0 byte value for a boolean (2)');
  });
});
