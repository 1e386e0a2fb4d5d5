/**
 * Cassandra's Murmur3Partitioner token, byte-for-byte, in 32-bit JavaScript arithmetic.
 *
 * The token is the first 64-bit half (h1) of MurmurHash3_x64_128 with seed 0, as computed by
 * org.apache.cassandra.utils.MurmurHash.hash3_x64_128, then normalized as
 * Murmur3Partitioner.getToken does (Long.MIN_VALUE is reserved as the ring's minimum token,
 * so a hash of exactly Long.MIN_VALUE becomes Long.MAX_VALUE, and the empty key maps to that
 * minimum without hashing).
 *
 * Cassandra's variant differs from the reference C++ MurmurHash3 in the tail only: the 16-byte
 * body blocks are read as unsigned little-endian longs, but each tail byte is read as a Java
 * `byte` (signed) and widened to `long` before the shift, so a tail byte >= 0x80 XORs ones into
 * every higher bit of k1/k2:
 *
 *   key:   [ block 0: k1 (8 bytes LE) | k2 (8 bytes LE) ] [ block 1 ] ... [ tail: 0-15 bytes ]
 *   tail:  byte j (j < 8) goes to k1, byte j >= 8 to k2, as ((long) signedByte) << (8 * (j % 8))
 *
 * Drivers route by this token, so it must match Cassandra exactly (the tests hold vectors from
 * the DataStax drivers). Every 64-bit value lives in a pair of int32 (hi, lo): Math.imul for the
 * low halves of products and a 16-bit split for the carry, never BigInt in the loop (BigInt
 * costs several µs per key; this costs ~0.3 µs per 10-byte key, PERF-NOTES.md).
 */

import { assert } from '../../lib/assert.js';
import type { Token } from '../../storage/model/token.js';

// 0x87c37b91114253d5 and 0x4cf5ad432745937f: the block-mixing constants.
const C1_HI = 0x87c37b91 | 0;
const C1_LO = 0x114253d5 | 0;
const C2_HI = 0x4cf5ad43 | 0;
const C2_LO = 0x2745937f | 0;
// 0xff51afd7ed558ccd and 0xc4ceb9fe1a85ec53: the finalizer (fmix64) constants.
const F1_HI = 0xff51afd7 | 0;
const F1_LO = 0xed558ccd | 0;
const F2_HI = 0xc4ceb9fe | 0;
const F2_LO = 0x1a85ec53 | 0;

const TWO_POW_32 = 0x1_0000_0000;
const LONG_MIN_HI = 0x80000000 | 0;
const LONG_MAX_HI = 0x7fffffff;

// The result registers of the 64-bit helpers below. Returning two int32 through module state
// instead of an array or object keeps the hash allocation-free; the helpers are small enough for
// V8 to inline, and nothing in them can re-enter.
let outHi = 0;
let outLo = 0;

/** (aHi:aLo) * (bHi:bLo) mod 2^64 into (outHi, outLo). */
function mul64(aHi: number, aLo: number, bHi: number, bLo: number): void {
  // The low 32x32 product needs its high word exactly: split both low words into 16-bit halves
  // so that every partial product stays below 2^32 (exact in a double).
  const a0 = aLo & 0xffff;
  const a1 = aLo >>> 16;
  const b0 = bLo & 0xffff;
  const b1 = bLo >>> 16;
  const p00 = a0 * b0;
  const p01 = a0 * b1;
  const p10 = a1 * b0;
  const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  const carry = a1 * b1 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16);
  outLo = (mid << 16) | (p00 & 0xffff);
  outHi = (carry + Math.imul(aHi, bLo) + Math.imul(aLo, bHi)) | 0;
}

/** (aHi:aLo) + (bHi:bLo) mod 2^64 into (outHi, outLo). */
function add64(aHi: number, aLo: number, bHi: number, bLo: number): void {
  const lo = (aLo >>> 0) + (bLo >>> 0);
  outLo = lo | 0;
  outHi = (aHi + bHi + (lo >= TWO_POW_32 ? 1 : 0)) | 0;
}

/** k1 *= c1; k1 = rotl64(k1, 31); k1 *= c2. */
function mixK1(kHi: number, kLo: number): void {
  mul64(kHi, kLo, C1_HI, C1_LO);
  const hi = (outHi << 31) | (outLo >>> 1);
  const lo = (outLo << 31) | (outHi >>> 1);
  mul64(hi, lo, C2_HI, C2_LO);
}

/** k2 *= c2; k2 = rotl64(k2, 33); k2 *= c1 (a rotation by 33 is a word swap plus 1). */
function mixK2(kHi: number, kLo: number): void {
  mul64(kHi, kLo, C2_HI, C2_LO);
  const hi = (outLo << 1) | (outHi >>> 31);
  const lo = (outHi << 1) | (outLo >>> 31);
  mul64(hi, lo, C1_HI, C1_LO);
}

/** fmix64: k ^= k >>> 33; k *= f1; k ^= k >>> 33; k *= f2; k ^= k >>> 33. */
function fmix64(kHi: number, kLo: number): void {
  mul64(kHi, kLo ^ (kHi >>> 1), F1_HI, F1_LO);
  mul64(outHi, outLo ^ (outHi >>> 1), F2_HI, F2_LO);
  outLo ^= outHi >>> 1;
}

/**
 * Hashes bytes[offset, offset + length) and writes the token's (hi, lo) int32 halves into
 * out[0], out[1]. This is the whole algorithm; the exported functions are views of it.
 */
function hashRange(bytes: Uint8Array, offset: number, length: number, out: Int32Array): void {
  if (length === 0) {
    // Murmur3Partitioner.getToken: the empty key is the ring's minimum token. (CQL refuses
    // empty partition keys; this case serves ring bounds, as it does in Cassandra.)
    out[0] = LONG_MIN_HI;
    out[1] = 0;
    return;
  }
  let h1Hi = 0;
  let h1Lo = 0;
  let h2Hi = 0;
  let h2Lo = 0;
  const blockEnd = offset + (length & ~15);
  // Indexing past the checked range cannot happen (asserted by the callers), hence the `!`:
  // noUncheckedIndexedAccess types every read as possibly undefined.
  for (let p = offset; p < blockEnd; p += 16) {
    mixK1(
      bytes[p + 4]! | (bytes[p + 5]! << 8) | (bytes[p + 6]! << 16) | (bytes[p + 7]! << 24),
      bytes[p]! | (bytes[p + 1]! << 8) | (bytes[p + 2]! << 16) | (bytes[p + 3]! << 24),
    );
    h1Hi ^= outHi;
    h1Lo ^= outLo;
    // h1 = rotl64(h1, 27); h1 += h2; h1 = h1 * 5 + 0x52dce729
    let hi = (h1Hi << 27) | (h1Lo >>> 5);
    let lo = (h1Lo << 27) | (h1Hi >>> 5);
    add64(hi, lo, h2Hi, h2Lo);
    mul64(outHi, outLo, 0, 5);
    add64(outHi, outLo, 0, 0x52dce729);
    h1Hi = outHi;
    h1Lo = outLo;

    mixK2(
      bytes[p + 12]! | (bytes[p + 13]! << 8) | (bytes[p + 14]! << 16) | (bytes[p + 15]! << 24),
      bytes[p + 8]! | (bytes[p + 9]! << 8) | (bytes[p + 10]! << 16) | (bytes[p + 11]! << 24),
    );
    h2Hi ^= outHi;
    h2Lo ^= outLo;
    // h2 = rotl64(h2, 31); h2 += h1; h2 = h2 * 5 + 0x38495ab5
    hi = (h2Hi << 31) | (h2Lo >>> 1);
    lo = (h2Lo << 31) | (h2Hi >>> 1);
    add64(hi, lo, h1Hi, h1Lo);
    mul64(outHi, outLo, 0, 5);
    add64(outHi, outLo, 0, 0x38495ab5);
    h2Hi = outHi;
    h2Lo = outLo;
  }

  // The tail, with Cassandra's sign extension: `(b << 24) >> 24` is the Java byte's value, and
  // its sign fills every bit above the byte (the rest of lo and all of hi when it lands in lo).
  const tailLength = length & 15;
  if (tailLength > 8) {
    let kHi = 0;
    let kLo = 0;
    for (let j = 8; j < tailLength; j++) {
      const b = (bytes[blockEnd + j]! << 24) >> 24;
      const shift = (j - 8) << 3;
      if (shift < 32) {
        kLo ^= b << shift;
        kHi ^= b >> 31;
      } else {
        kHi ^= b << (shift - 32);
      }
    }
    mixK2(kHi, kLo);
    h2Hi ^= outHi;
    h2Lo ^= outLo;
  }
  if (tailLength > 0) {
    let kHi = 0;
    let kLo = 0;
    const k1Bytes = tailLength < 8 ? tailLength : 8;
    for (let j = 0; j < k1Bytes; j++) {
      const b = (bytes[blockEnd + j]! << 24) >> 24;
      const shift = j << 3;
      if (shift < 32) {
        kLo ^= b << shift;
        kHi ^= b >> 31;
      } else {
        kHi ^= b << (shift - 32);
      }
    }
    mixK1(kHi, kLo);
    h1Hi ^= outHi;
    h1Lo ^= outLo;
  }

  // h1 ^= length; h2 ^= length; h1 += h2; h2 += h1; fmix both; h1 += h2.
  h1Lo ^= length;
  h2Lo ^= length;
  add64(h1Hi, h1Lo, h2Hi, h2Lo);
  h1Hi = outHi;
  h1Lo = outLo;
  add64(h2Hi, h2Lo, h1Hi, h1Lo);
  h2Hi = outHi;
  h2Lo = outLo;
  fmix64(h1Hi, h1Lo);
  h1Hi = outHi;
  h1Lo = outLo;
  fmix64(h2Hi, h2Lo);
  add64(h1Hi, h1Lo, outHi, outLo);

  // Murmur3Partitioner.normalize: Long.MIN_VALUE is the ring's minimum, never a key's token.
  if (outHi === LONG_MIN_HI && outLo === 0) {
    out[0] = LONG_MAX_HI;
    out[1] = -1;
  } else {
    out[0] = outHi;
    out[1] = outLo;
  }
}

/**
 * Writes the token of `key` as two int32 halves, out[0] = hi (signed) and out[1] = lo (the low
 * 32 bits, read unsigned with `>>> 0`). Allocates nothing: the ingest hot path orders
 * partitions by (hi, lo) without ever building a bigint.
 */
export function murmur3TokenParts(key: Uint8Array, out: Int32Array): void {
  assert(out.length >= 2, 'murmur3TokenParts needs an output of at least 2 int32');
  hashRange(key, 0, key.length, out);
}

/**
 * As murmur3TokenParts, for a key stored inside a larger buffer at [offset, offset + length),
 * so that batch encoders need not make a subarray view per key.
 */
export function murmur3TokenPartsOfRange(
  bytes: Uint8Array,
  offset: number,
  length: number,
  out: Int32Array,
): void {
  // Messages are built only on failure: a template literal in the call would cost every key.
  if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0) {
    assert(false, `bad key range: offset ${offset}, length ${length}`);
  }
  if (offset + length > bytes.length) assert(false, `key range ends past the buffer (${bytes.length})`);
  assert(out.length >= 2, 'murmur3TokenPartsOfRange needs an output of at least 2 int32');
  hashRange(bytes, offset, length, out);
}

/** Joins the (hi, lo) halves written by murmur3TokenParts into a signed 64-bit Token. */
export function tokenFromParts(hi: number, lo: number): Token {
  return (BigInt(hi | 0) << 32n) | BigInt(lo >>> 0);
}

const scratch = new Int32Array(2);

/** The Murmur3Partitioner token of a partition key (serialized key bytes), as Cassandra's. */
export function murmur3Token(key: Uint8Array): Token {
  hashRange(key, 0, key.length, scratch);
  return tokenFromParts(scratch[0]!, scratch[1]!);
}
