import { describe, expect, it } from 'vitest';
import { nativeCqlType } from '../../../../src/cql/types/cql-type.js';
import { deserializeValue, serializeValue } from '../../../../src/cql/types/value-codec.js';
import { expectMatchesDriver } from './driver-golden.js';

const blob = nativeCqlType('blob')!;

describe('blob', () => {
  it.each([Buffer.from([0]), Buffer.from('cafebabe', 'hex'), Buffer.alloc(70_000, 0xab)])('%#: matches the driver', (value) => {
    const decoded = expectMatchesDriver(blob, value);
    expect(Buffer.isBuffer(decoded)).toBe(true);
  });

  it('accepts a plain Uint8Array', () => {
    expect(Buffer.from(serializeValue(blob, new Uint8Array([1, 2, 3]))).toString('hex')).toBe('010203');
  });

  it('decodes empty bytes to an empty Buffer', () => {
    const decoded = deserializeValue(blob, new Uint8Array(0));
    expect(Buffer.isBuffer(decoded) && decoded.length === 0).toBe(true);
  });

  it('copies in both directions', () => {
    const input = Buffer.from([1, 2]);
    const bytes = serializeValue(blob, input);
    input[0] = 9;
    expect(bytes[0]).toBe(1);
    const decoded = deserializeValue(blob, bytes) as Buffer;
    (bytes as Buffer)[1] = 9;
    expect(decoded[1]).toBe(2);
  });

  it.each(['abc', [1, 2], new ArrayBuffer(2)])('rejects %s', (value) => {
    expect(() => serializeValue(blob, value)).toThrow(/Invalid value for CQL type blob/);
  });
});
