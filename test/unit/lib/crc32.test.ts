import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32 } from '../../../src/lib/bytes/crc32.js';
import { SeededRandom } from '../../../src/lib/random.js';

describe('crc32', () => {
  const random = new SeededRandom(7);
  const bytes = new Uint8Array(4096);
  for (let i = 0; i < bytes.length; i++) bytes[i] = random.int(256);

  it('equals zlib.crc32 for every length up to and past the short-range cut (512), at any offset', () => {
    for (let length = 0; length <= 600; length++) {
      for (const from of [0, 1, 3, 7, 1000]) {
        expect(crc32(bytes, from, from + length)).toBe(zlib.crc32(bytes.subarray(from, from + length)));
      }
    }
  });

  it('equals zlib.crc32 on long ranges and on the check value of "123456789"', () => {
    expect(crc32(bytes, 5, 4096)).toBe(zlib.crc32(bytes.subarray(5)));
    expect(crc32(new TextEncoder().encode('123456789'), 0, 9)).toBe(0xcbf43926);
  });

  it('changes when any single bit of the range flips', () => {
    const copy = bytes.slice(0, 200);
    const clean = crc32(copy, 0, 200);
    for (let bit = 0; bit < 200 * 8; bit += 37) {
      copy[bit >> 3]! ^= 1 << (bit & 7);
      expect(crc32(copy, 0, 200)).not.toBe(clean);
      copy[bit >> 3]! ^= 1 << (bit & 7);
    }
  });
});
