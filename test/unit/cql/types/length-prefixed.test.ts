import { describe, expect, it } from 'vitest';
import { joinLengthPrefixed, LengthPrefixedReader } from '../../../../src/cql/types/length-prefixed.js';

describe('length-prefixed values', () => {
  it('join with an optional count and -1 for null', () => {
    expect(Buffer.from(joinLengthPrefixed(2, [Uint8Array.of(7), new Uint8Array(0)])).toString('hex')).toBe('00000002' + '0000000107' + '00000000');
    expect(Buffer.from(joinLengthPrefixed(null, [null])).toString('hex')).toBe('ffffffff');
  });

  it('read back what was joined, null for a negative length', () => {
    const reader = new LengthPrefixedReader(joinLengthPrefixed(null, [Uint8Array.of(1, 2), null]), 'test value');
    expect([...reader.value()!]).toEqual([1, 2]);
    expect(reader.value()).toBeNull();
    expect(reader.atEnd()).toBe(true);
    reader.expectEnd();
  });

  it('refuse to read past the end', () => {
    expect(() => new LengthPrefixedReader(Uint8Array.of(0, 0, 0, 5, 1), 'test value').value()).toThrow('Not enough bytes to read a test value');
    expect(() => new LengthPrefixedReader(Uint8Array.of(0, 0), 'test value').int()).toThrow('Not enough bytes to read a test value');
  });
});
