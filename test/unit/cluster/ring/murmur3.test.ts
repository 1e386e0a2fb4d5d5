/**
 * Goal: our Murmur3 token equals Cassandra's Murmur3Partitioner token for every key.
 * Method: (1) known token values published by the DataStax drivers, which they check against
 * Cassandra; (2) a differential check against a slow BigInt transcription of
 * org.apache.cassandra.utils.MurmurHash.hash3_x64_128 over seeded random keys of every tail
 * length, with bytes >= 0x80 (the signed-tail quirk) on purpose.
 *
 * Sources of the vectors:
 * - datastax/python-driver, tests/unit/test_metadata.py, Murmur3TokensTest._verify_hash
 *   (commit 01d9a840fcfba6596c35f5de481a801858dc584c).
 * - datastax/nodejs-driver, test/unit/tokenizer-tests.js, "Murmur3Tokenizer #hash()"
 *   (commit 998713b57ecc361e48ae5ca52997b4fef1db4d2a); the DataStax C# driver's TokenTests
 *   carries the same table, marked "inputs and result values from Cassandra".
 */

import { describe, expect, it } from 'vitest';
import {
  murmur3Token,
  murmur3TokenParts,
  murmur3TokenPartsOfRange,
  tokenFromParts,
} from '../../../../src/cluster/ring/murmur3.js';
import { SeededRandom } from '../../../../src/lib/random.js';

const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);
const repeat = (pattern: readonly number[], times: number): Uint8Array =>
  Uint8Array.from(Array.from({ length: times }, () => pattern).flat());

const pythonDriverVectors: ReadonlyArray<readonly [string, Uint8Array, bigint]> = [
  ["'123'", ascii('123'), -7468325962851647638n],
  [
    "'\\x00\\xff\\x10\\xfa\\x99' * 10",
    repeat([0x00, 0xff, 0x10, 0xfa, 0x99], 10),
    5837342703291459765n,
  ],
  ["'\\xfe' * 8", repeat([0xfe], 8), -8927430733708461935n],
  ["'\\x10' * 8", repeat([0x10], 8), 1446172840243228796n],
  ['str(MAX_LONG)', ascii('9223372036854775807'), 7162290910810015547n],
];

const nodejsDriverVectors: ReadonlyArray<readonly [readonly number[], bigint]> = [
  [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16], -5563837382979743776n],
  [[2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17], -1513403162740402161n],
  [Array.from({ length: 16 }, () => 255), -2824192546314762522n],
  [[0, 1, 2, 3, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255], 6463632673159404390n],
  [Array.from({ length: 17 }, () => 254), -1672437813826982685n],
  [[254, 254, 254, 254], 4566408979886474012n],
  [[0, 0, 0, 0], -3485513579396041028n],
  [[0, 1, 127, 127], 6573459401642635627n],
  [[226, 231, 226, 231, 226, 231, 1], 2222373981930033306n],
];

// A direct, slow transcription of Cassandra's MurmurHash.hash3_x64_128 (h1 only) with Java
// long semantics emulated by BigInt.asIntN(64, ...). Used only as a test oracle.
const MASK64 = (1n << 64n) - 1n;
const asLong = (v: bigint): bigint => BigInt.asIntN(64, v);
const rotl64 = (v: bigint, r: bigint): bigint => {
  const u = v & MASK64;
  return asLong((u << r) | (u >> (64n - r)));
};
const fmix = (k0: bigint): bigint => {
  let k = k0;
  k = asLong(k ^ ((k & MASK64) >> 33n));
  k = asLong(k * asLong(0xff51afd7ed558ccdn));
  k = asLong(k ^ ((k & MASK64) >> 33n));
  k = asLong(k * asLong(0xc4ceb9fe1a85ec53n));
  return asLong(k ^ ((k & MASK64) >> 33n));
};
function referenceToken(key: Uint8Array): bigint {
  if (key.length === 0) return -(2n ** 63n);
  const c1 = asLong(0x87c37b91114253d5n);
  const c2 = asLong(0x4cf5ad432745937fn);
  const unsignedLong = (at: number): bigint => {
    let v = 0n;
    for (let i = 7; i >= 0; i--) v = (v << 8n) | BigInt(key[at + i] ?? 0);
    return asLong(v);
  };
  const signedByte = (at: number): bigint => BigInt(((key[at] ?? 0) << 24) >> 24);
  let h1 = 0n;
  let h2 = 0n;
  const nblocks = key.length >> 4;
  for (let i = 0; i < nblocks; i++) {
    let k1 = unsignedLong(i * 16);
    let k2 = unsignedLong(i * 16 + 8);
    k1 = asLong(rotl64(asLong(k1 * c1), 31n) * c2);
    h1 = asLong(asLong(asLong(rotl64(h1 ^ k1, 27n) + h2) * 5n) + 0x52dce729n);
    k2 = asLong(rotl64(asLong(k2 * c2), 33n) * c1);
    h2 = asLong(asLong(asLong(rotl64(h2 ^ k2, 31n) + h1) * 5n) + 0x38495ab5n);
  }
  const base = nblocks * 16;
  const tail = key.length & 15;
  let k1 = 0n;
  let k2 = 0n;
  for (let j = tail - 1; j >= 8; j--) {
    k2 = asLong(k2 ^ (signedByte(base + j) << BigInt((j - 8) * 8)));
  }
  if (tail > 8) h2 ^= asLong(rotl64(asLong(k2 * c2), 33n) * c1);
  for (let j = Math.min(tail, 8) - 1; j >= 0; j--) {
    k1 = asLong(k1 ^ (signedByte(base + j) << BigInt(j * 8)));
  }
  if (tail > 0) h1 ^= asLong(rotl64(asLong(k1 * c1), 31n) * c2);
  h1 ^= BigInt(key.length);
  h2 ^= BigInt(key.length);
  h1 = asLong(h1 + h2);
  h2 = asLong(h2 + h1);
  h1 = fmix(h1);
  h2 = fmix(h2);
  h1 = asLong(h1 + h2);
  return h1 === -(2n ** 63n) ? 2n ** 63n - 1n : h1;
}

describe('murmur3Token', () => {
  it.each(pythonDriverVectors)('matches the python driver for %s', (_name, key, token) => {
    expect(murmur3Token(key)).toBe(token);
  });

  it.each(nodejsDriverVectors)('matches the nodejs driver for %j', (bytes, token) => {
    expect(murmur3Token(Uint8Array.from(bytes))).toBe(token);
  });

  it('gives the empty key the minimum token, as Murmur3Partitioner.getToken does', () => {
    expect(murmur3Token(new Uint8Array(0))).toBe(-(2n ** 63n));
  });

  it('equals the BigInt transcription of Cassandra for random keys of every tail length', () => {
    // The oracle itself is pinned by the published vectors first.
    for (const [bytes, token] of nodejsDriverVectors) {
      expect(referenceToken(Uint8Array.from(bytes))).toBe(token);
    }
    const random = new SeededRandom(20240531);
    for (let length = 0; length <= 49; length++) {
      for (let trial = 0; trial < 40; trial++) {
        const key = new Uint8Array(length);
        // Half the keys lean on high bytes so the sign-extended tail path is well covered.
        const high = trial % 2 === 0 ? 0x80 : 0;
        for (let i = 0; i < length; i++) key[i] = random.int(256) | high;
        expect(murmur3Token(key), `key ${Buffer.from(key).toString('hex')}`).toBe(
          referenceToken(key),
        );
      }
    }
  });
});

describe('murmur3TokenParts', () => {
  it('writes the same token as (hi, lo) int32 halves', () => {
    const out = new Int32Array(2);
    for (const [bytes, token] of nodejsDriverVectors) {
      murmur3TokenParts(Uint8Array.from(bytes), out);
      expect(tokenFromParts(out[0]!, out[1]!)).toBe(token);
      expect(out[0]).toBe(Number(BigInt.asIntN(32, token >> 32n)));
    }
  });

  it('hashes a key inside a larger buffer without a subarray', () => {
    const out = new Int32Array(2);
    const buffer = Uint8Array.from([9, 9, 9, 0, 1, 127, 127, 9, 9]);
    murmur3TokenPartsOfRange(buffer, 3, 4, out);
    expect(tokenFromParts(out[0]!, out[1]!)).toBe(6573459401642635627n);
  });

  it('refuses a key range that runs past the buffer', () => {
    expect(() => murmur3TokenPartsOfRange(new Uint8Array(4), 2, 3, new Int32Array(2))).toThrow(
      /past the buffer/,
    );
  });

  it('orders tokens by (signed hi, unsigned lo) the same way as by bigint', () => {
    const out = new Int32Array(2);
    const random = new SeededRandom(7);
    const parts: Array<{ hi: number; lo: number; token: bigint }> = [];
    for (let i = 0; i < 200; i++) {
      const key = Uint8Array.from({ length: 10 }, () => random.int(256));
      murmur3TokenParts(key, out);
      parts.push({ hi: out[0]!, lo: out[1]! >>> 0, token: murmur3Token(key) });
    }
    const byParts = [...parts].sort((a, b) => a.hi - b.hi || a.lo - b.lo).map((p) => p.token);
    const byToken = [...parts].sort((a, b) => (a.token < b.token ? -1 : 1)).map((p) => p.token);
    expect(byParts).toEqual(byToken);
  });
});

describe('tokenFromParts', () => {
  it('joins the halves as a signed 64-bit value', () => {
    expect(tokenFromParts(0x7fffffff, -1)).toBe(2n ** 63n - 1n);
    expect(tokenFromParts(-0x80000000, 0)).toBe(-(2n ** 63n));
    expect(tokenFromParts(-1, -1)).toBe(-1n);
    expect(tokenFromParts(0, -1)).toBe(0xffffffffn);
  });
});
