/**
 * The Filter component: a bloom filter over (token, key), sized and stored by the
 * `bloom-filters` package (BloomFilter.create picks the bit count and hash count for the false-
 * positive chance; its BitSet holds the bits).
 *
 * Hashing. The package hashes with xxhashjs's 64-bit xxHash, emulated with 16-bit limbs in
 * JavaScript: 10-20 us per add() or has() on an 18-byte Buffer (measured on our 2-vCPU
 * machine). Filters are now built with `token` hashing: the partition's Murmur3 token already
 * is a 64-bit hash of its key (Cassandra's filters reuse that hash in the same way), so one
 * 32-bit MurmurHash3 of the key seeded with the token's low word, and a mix of it with the
 * high word, give the two hashes of Kirsch-Mitzenmacher double hashing: bit i is
 * (h1 + i * h2) mod m. About 0.1 us per add or test, 1-2 us less than the package's own
 * `getIndexes` path, which `murmur3` (a 32-bit MurmurHash3 per seed through Hashing.serialize,
 * the package's documented override point) still reads, as it does `xxhash64`, the default.
 *
 *   Payload  u8 hashFunction (1 xxhash64, 2 murmur3, 3 token) | u32 sizeBits | u32 hashCount
 *            | f64 seed | u32 byteLength | bits (the package's BitSet bytes)
 */

import { createRequire } from 'node:module';
import type BloomFilterModule from 'bloom-filters/dist/bloom/bloom-filter.js';
import type HashingModule from 'bloom-filters/dist/hashing/hashing.js';
import { assert } from '../../lib/assert.js';
import type { ByteReader } from '../../lib/bytes/byte-reader.js';
import type { ByteWriter } from '../../lib/bytes/byte-writer.js';
import { tokenHigh, tokenLow } from '../memtable/token-words.js';

// The two classes by their own files: the package's index loads every sketch it has (~90 ms
// of CPU per thread that imports it, against ~50 ms for these two). Required, because an
// ESM default import of these CommonJS files differs between Node and the test runner.
const requireCommonJs = createRequire(import.meta.url);
const BloomFilter = (requireCommonJs('bloom-filters/dist/bloom/bloom-filter.js') as typeof BloomFilterModule).default;
const Hashing = (requireCommonJs('bloom-filters/dist/hashing/hashing.js') as typeof HashingModule).default;
type PackageBloomFilter = InstanceType<typeof BloomFilter>;

export const BloomHashFunction = { xxhash64: 1, murmur3: 2, token: 3 } as const;
export type BloomHashFunction = (typeof BloomHashFunction)[keyof typeof BloomHashFunction];

/** MurmurHash3 x86_32 (Austin Appleby, public domain) over bytes. */
export function murmur3x86(bytes: Uint8Array, seed: number): number {
  return murmur3x86Range(bytes, 0, bytes.length, seed);
}

/** MurmurHash3 x86_32 of bytes[offset, offset + length), without a view of the range. */
export function murmur3x86Range(bytes: Uint8Array, offset: number, length: number, seed: number): number {
  const c1 = 0xcc9e2d51;
  const c2 = 0x1b873593;
  const blocks = offset + (length & ~3);
  let h = seed | 0;
  for (let i = offset; i < blocks; i += 4) {
    let k = bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, c2);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const tail = length & 3;
  if (tail > 0) {
    let k = 0;
    if (tail === 3) k ^= bytes[blocks + 2]! << 16;
    if (tail >= 2) k ^= bytes[blocks + 1]! << 8;
    k ^= bytes[blocks]!;
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, c2);
  }
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The package's Hashing with only its documented override point, serialize, replaced. */
class Murmur3Hashing extends Hashing {
  override serialize(element: string | ArrayBuffer | Buffer, seed?: number): number {
    assert(element instanceof Uint8Array, 'the SSTable filter hashes bytes only');
    // 32 bits, as the package's own xxhashjs path yields (UINT64.toNumber keeps the low 32):
    // its double hashing multiplies the hash, and wider values lose low bits to rounding,
    // which measured a 4% false-positive rate for a 1% filter.
    return murmur3x86(element, (seed ?? 0) % 2 ** 32);
  }
}

const murmur3Hashing = new Murmur3Hashing();

/**
 * The second hash of `token` hashing: h1 (the key's MurmurHash3 seeded with the token's low
 * word) mixed with the token's high word (fmix32), odd so the k bits differ.
 */
function tokenHash2(high: number, h1: number): number {
  let h = (h1 ^ high ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) | 1) >>> 0;
}

export class SSTableBloomFilter {
  private readonly scratch: Buffer;
  private bitScratch = new Uint32Array(16);

  private constructor(
    private readonly filter: PackageBloomFilter,
    readonly hashFunction: BloomHashFunction,
  ) {
    if (hashFunction === BloomHashFunction.murmur3) filter._hashing = murmur3Hashing;
    this.scratch = Buffer.alloc(8 + 256);
  }

  static create(expectedPartitions: number, fpChance: number, hashFunction: BloomHashFunction): SSTableBloomFilter {
    assert(fpChance > 0 && fpChance < 1, `bloom filter fp chance ${fpChance} must be in (0, 1)`);
    const filter = BloomFilter.create(Math.max(1, Math.ceil(expectedPartitions)), fpChance);
    return new SSTableBloomFilter(filter, hashFunction);
  }

  add(token: bigint, key: Uint8Array): void {
    if (this.hashFunction !== BloomHashFunction.token) {
      this.filter.add(this.element(token, key));
      return;
    }
    this.addWords(tokenHigh(token), tokenLow(token), key, 0, key.length);
  }

  /**
   * add() for `token` hashing with the token as its signed high and low 32-bit words and the
   * key as a range of `bytes`: a flush adds every partition from the bytes it is writing,
   * allocating nothing.
   */
  addWords(high: number, low: number, bytes: Uint8Array, keyOffset: number, keyLength: number): void {
    assert(this.hashFunction === BloomHashFunction.token, 'addWords needs token hashing');
    const bits = this.filter._filter;
    for (let i = this.tokenBits(high, low, bytes, keyOffset, keyLength) - 1; i >= 0; i--) bits.add(this.bitScratch[i]!);
  }

  mayContain(token: bigint, key: Uint8Array): boolean {
    if (this.hashFunction !== BloomHashFunction.token) return this.filter.has(this.element(token, key));
    const bits = this.filter._filter;
    const count = this.tokenBits(tokenHigh(token), tokenLow(token), key, 0, key.length);
    for (let i = count - 1; i >= 0; i--) if (!bits.has(this.bitScratch[i]!)) return false;
    return true;
  }

  /**
   * `token` hashing: fills bitScratch with the element's bit indexes, (h1 + i * h2) mod m for
   * i below the hash count, and returns that count.
   */
  private tokenBits(high: number, low: number, bytes: Uint8Array, keyOffset: number, keyLength: number): number {
    const size = this.filter._size;
    const hashes = this.filter._nbHashes;
    if (this.bitScratch.length < hashes) this.bitScratch = new Uint32Array(hashes);
    const h1 = murmur3x86Range(bytes, keyOffset, keyLength, low) >>> 0;
    const h2 = tokenHash2(high, h1);
    for (let i = 0; i < hashes; i++) this.bitScratch[i] = ((h1 + Math.imul(i, h2)) >>> 0) % size;
    return hashes;
  }

  private element(token: bigint, key: Uint8Array): Buffer {
    const length = 8 + key.length;
    const buffer = length <= this.scratch.length ? this.scratch.subarray(0, length) : Buffer.alloc(length);
    buffer.writeBigInt64BE(token, 0);
    buffer.set(key, 8);
    return buffer;
  }

  write(writer: ByteWriter): void {
    const bits = this.filter._filter.array;
    writer.u8(this.hashFunction);
    writer.u32(this.filter._size);
    writer.u32(this.filter._nbHashes);
    writer.ensure(8);
    const seed = new DataView(new ArrayBuffer(8));
    seed.setFloat64(0, this.filter.seed);
    writer.raw(new Uint8Array(seed.buffer));
    writer.u32(bits.length);
    writer.raw(bits);
  }

  static read(reader: ByteReader): SSTableBloomFilter {
    const hashFunction = reader.u8();
    if (!Object.values(BloomHashFunction).includes(hashFunction as BloomHashFunction)) {
      throw new RangeError(`unknown bloom hash function ${hashFunction}`);
    }
    const size = reader.u32();
    const hashCount = reader.u32();
    const seedBytes = reader.view8(8);
    const seed = new DataView(seedBytes.buffer, seedBytes.byteOffset, 8).getFloat64(0);
    const byteLength = reader.u32();
    if (size < 1 || hashCount < 1) throw new RangeError(`bad bloom filter shape ${size} bits, ${hashCount} hashes`);
    const filter = new BloomFilter(size, hashCount);
    filter.seed = seed;
    if (filter._filter.array.length !== byteLength) {
      throw new RangeError(`bloom filter of ${size} bits cannot hold ${byteLength} bytes`);
    }
    filter._filter.array = reader.copy(byteLength);
    return new SSTableBloomFilter(filter, hashFunction as BloomHashFunction);
  }
}
