/**
 * The rows of cassandra-stress's default table, keyspace1.standard1, computed from a key
 * number so any client can write or read key i without shared state:
 *
 *   key   10 bytes: the ASCII digits of fmix32(i), zero-padded (unique for i < 2^32: fmix32 is
 *         a bijection; hashed so consecutive numbers spread over the ring as real keys do)
 *   C0-C4 34 bytes each: views into one seeded 1 MiB pool of random bytes (incompressible, as
 *         cassandra-stress's values are), at offsets drawn from the key: no value is allocated
 *         per operation.
 */

import { assert } from '../../../lib/assert.js';
import { SeededRandom } from '../../../lib/random.js';

export const STANDARD1_KEY_BYTES = 10;
export const STANDARD1_COLUMNS = ['C0', 'C1', 'C2', 'C3', 'C4'] as const;
export const STANDARD1_COLUMN_BYTES = 34;
/** Key numbers the 32-bit mix keeps distinct. */
export const STANDARD1_KEY_NUMBER_MAX = 0xffff_ffff;
const VALUE_POOL_BYTES = 1 << 20;

export class Standard1Rows {
  private readonly pool: Buffer;

  constructor(seed: number) {
    const random = new SeededRandom(seed);
    this.pool = Buffer.allocUnsafe(VALUE_POOL_BYTES);
    for (let at = 0; at < VALUE_POOL_BYTES; at += 4) this.pool.writeUInt32LE(Math.floor(random.next() * 0x1_0000_0000), at);
  }

  /** Key number i's 10 bytes (a new buffer: the driver may hold it until it is sent). */
  key(index: number): Buffer {
    assert(Number.isInteger(index) && index >= 0 && index <= STANDARD1_KEY_NUMBER_MAX, `standard1 key number ${index}`);
    return Buffer.from(String(fmix32(index)).padStart(STANDARD1_KEY_BYTES, '0'), 'latin1');
  }

  /** Column c (0..4) of key number i: a view into the pool. */
  column(index: number, column: number): Buffer {
    const at = (Math.imul(fmix32(index) ^ column, 0x9e3779b1) >>> 0) % (VALUE_POOL_BYTES - STANDARD1_COLUMN_BYTES);
    return this.pool.subarray(at, at + STANDARD1_COLUMN_BYTES);
  }
}

/** murmur3's finalizer: xor-shifts and odd multipliers, each invertible, so a bijection on uint32. */
export function fmix32(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
