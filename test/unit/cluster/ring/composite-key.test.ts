/**
 * Goal: multi-column partition keys serialize to the exact bytes drivers route by.
 * Method: byte vectors from datastax/nodejs-driver test/unit/encoder-tests.js
 * ("#setRoutingKey ... should concat Array of buffers in the correct format") and
 * test/unit/client-tests.js (two int columns 1 and 2), then the token of a composite key
 * against the BigInt-free hash, and the length limits Cassandra enforces.
 */

import { describe, expect, it } from 'vitest';
import {
  serializeCompositeKey,
  serializePartitionKey,
} from '../../../../src/cluster/ring/composite-key.js';
import { murmur3Token } from '../../../../src/cluster/ring/murmur3.js';
import { InvalidRequestError } from '../../../../src/lib/errors.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const int32 = (value: number): Uint8Array => {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setInt32(0, value);
  return out;
};

describe('serializeCompositeKey', () => {
  it('writes u16 length, bytes and a 0x00 end-of-component per component', () => {
    const key = serializeCompositeKey([
      Uint8Array.from([1]),
      Uint8Array.from([2]),
      Uint8Array.from([3, 3]),
    ]);
    expect(hex(key)).toBe('00010100' + '00010200' + '0002030300');
  });

  it('serializes two int columns as the nodejs driver routes them', () => {
    expect(hex(serializeCompositeKey([int32(1), int32(2)]))).toBe(
      '00040000000100' + '00040000000200',
    );
  });

  it('keeps empty components and components of 256+ bytes (big-endian length)', () => {
    const long = new Uint8Array(300).fill(0xab);
    const key = serializeCompositeKey([new Uint8Array(0), long]);
    expect(key.length).toBe(3 + 2 + 300 + 1);
    expect(hex(key.subarray(0, 5))).toBe('000000' + '012c');
    expect(key[key.length - 1]).toBe(0);
  });

  it('refuses a key longer than 65,535 bytes with InvalidRequestError', () => {
    const half = new Uint8Array(40_000);
    expect(() => serializeCompositeKey([half, half])).toThrow(InvalidRequestError);
    expect(() => serializeCompositeKey([half, half])).toThrow(/Key length of 80006/);
    expect(() => serializeCompositeKey([new Uint8Array(70_000)])).toThrow(InvalidRequestError);
  });
});

describe('serializePartitionKey', () => {
  it('leaves a single-column key as it is, as the drivers do', () => {
    const only = Uint8Array.from([1]);
    expect(hex(serializePartitionKey([only]))).toBe('01');
  });

  it('uses the composite form from two columns on (its token is not the raw concat\'s)', () => {
    const a = Uint8Array.from([1]);
    const b = Uint8Array.from([2]);
    const composite = serializePartitionKey([a, b]);
    expect(hex(composite)).toBe('0001010000010200');
    expect(murmur3Token(composite)).not.toBe(murmur3Token(Uint8Array.from([1, 2])));
  });
});
