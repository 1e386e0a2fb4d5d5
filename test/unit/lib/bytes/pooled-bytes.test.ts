// Pooled byte arrays: each its own bytes, aligned, and the large ones apart from the pool.

import { describe, expect, it } from 'vitest';
import { pooledBytes, pooledCopy } from '../../../../src/lib/bytes/pooled-bytes.js';

describe('pooledBytes', () => {
  it('hands out arrays of the asked length that never overlap, 8-byte aligned', () => {
    const arrays = Array.from({ length: 200 }, (_, i) => pooledBytes(1 + ((i * 37) % 900)));
    arrays.forEach((bytes, i) => bytes.fill(i & 0xff));
    arrays.forEach((bytes, i) => {
      expect(bytes.length).toBe(1 + ((i * 37) % 900));
      expect(bytes.byteOffset % 8).toBe(0);
      expect(bytes.every((b) => b === (i & 0xff))).toBe(true);
    });
  });

  it('shares a slab between small arrays and gives a large one memory of its own', () => {
    const [a, b, c] = [pooledBytes(16), pooledBytes(16), pooledBytes(16)];
    const large = pooledBytes(64 * 1024);
    // A slab may end between two of the three, not twice.
    expect(a.buffer === b.buffer || b.buffer === c.buffer).toBe(true);
    expect(large.buffer).not.toBe(a.buffer);
    expect(large.byteLength).toBe(64 * 1024);
  });

  it('pooledCopy copies: the copy does not follow the original', () => {
    const original = new Uint8Array([1, 2, 3]);
    const copy = pooledCopy(original);
    original[0] = 9;
    expect([...copy]).toEqual([1, 2, 3]);
  });
});
