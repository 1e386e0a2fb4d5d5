/**
 * The cassandra-stress default write shape, generated deterministically before the timed
 * region: one row per partition, a 10-byte partition key and 5 columns (C0..C4) of 34 bytes.
 *
 * Keys and values live in two big preallocated Buffers, so generation and allocation stay
 * outside the measurement and every target reads the same bytes:
 *
 *   keys:   | key 0 (10 B) | key 1 (10 B) | ...            key i at i * 10
 *   values: | C0 C1 C2 C3 C4 of slot 0 (170 B) | slot 1 | ... slot s at s * 170, Cc at + c * 34
 *
 * Key i is unique by construction: bytes 0-3 are a bijective 32-bit mix of i (so insertion
 * order looks random to the stores, as hashed Cassandra keys do) and bytes 4-9 are seeded
 * random bytes. Values are seeded random bytes (incompressible, as cassandra-stress's are).
 *
 * Runs of up to DISTINCT_VALUES_MAX rows (1M) have every value distinct. Larger runs draw
 * values from a pool of POOLED_VALUE_SLOTS rows (row i uses slot i while it fits, a mixed slot
 * beyond), so a 10M-row run holds 44 MB of values instead of 1.7 GB and the peak RSS the
 * benchmark reports is mostly the store's own (keys stay per row: 100 MB at 10M).
 */

import { assert } from '../../src/lib/assert.js';
import { SeededRandom } from '../../src/lib/random.js';

export const STRESS_KEY_BYTES = 10;
export const STRESS_COLUMN_COUNT = 5;
export const STRESS_COLUMN_BYTES = 34;
export const STRESS_ROW_VALUE_BYTES = STRESS_COLUMN_COUNT * STRESS_COLUMN_BYTES;

/** Rows the bit mix below keeps unique: its input is a uint32. */
const STRESS_ROWS_MAX = 0x1_0000_0000;
/** Runs up to this many rows get a distinct value per row (170 MB at 1M rows). */
export const DISTINCT_VALUES_MAX = 1_000_000;
/** Value slots of larger runs (44 MB); their rows reuse these, scattered. */
export const POOLED_VALUE_SLOTS = 262_144;

export class StressRows {
  constructor(
    readonly count: number,
    /** count * 10 bytes. */
    readonly keys: Buffer,
    /** The value slots, 170 bytes each (defaultValueSlots). */
    readonly values: Buffer,
  ) {
    assert(keys.length === count * STRESS_KEY_BYTES, 'keys buffer does not match the row count');
    assert(values.length % STRESS_ROW_VALUE_BYTES === 0 && values.length > 0, 'values buffer does not match');
    this.slots = values.length / STRESS_ROW_VALUE_BYTES;
  }

  private readonly slots: number;

  /** Where row i's 170 value bytes (C0..C4) start in `values`. */
  valueOffset(index: number): number {
    const slot = index < this.slots ? index : mixUint32(index) % this.slots;
    return slot * STRESS_ROW_VALUE_BYTES;
  }

  /** Where key i's 10 bytes start in `keys`. */
  keyOffset(index: number): number {
    return index * STRESS_KEY_BYTES;
  }

  /** A view (no copy) of key i. */
  key(index: number): Buffer {
    const at = index * STRESS_KEY_BYTES;
    return this.keys.subarray(at, at + STRESS_KEY_BYTES);
  }

  /** A view of row i's five values, concatenated (C0..C4, 170 bytes). */
  rowValue(index: number): Buffer {
    const at = this.valueOffset(index);
    return this.values.subarray(at, at + STRESS_ROW_VALUE_BYTES);
  }

  /** A view of column c (0..4) of row i. */
  column(index: number, column: number): Buffer {
    const at = this.valueOffset(index) + column * STRESS_COLUMN_BYTES;
    return this.values.subarray(at, at + STRESS_COLUMN_BYTES);
  }

  /** Whether `bytes` are exactly row i's five values, concatenated. */
  isRowValue(index: number, bytes: Uint8Array): boolean {
    if (bytes.length !== STRESS_ROW_VALUE_BYTES) return false;
    const at = this.valueOffset(index);
    const end = at + STRESS_ROW_VALUE_BYTES;
    return this.values.compare(bytes, 0, STRESS_ROW_VALUE_BYTES, at, end) === 0;
  }

  /** Whether `bytes` are exactly column c of row i. */
  isColumnValue(index: number, column: number, bytes: Uint8Array): boolean {
    if (bytes.length !== STRESS_COLUMN_BYTES) return false;
    const at = this.valueOffset(index) + column * STRESS_COLUMN_BYTES;
    return this.values.compare(bytes, 0, STRESS_COLUMN_BYTES, at, at + STRESS_COLUMN_BYTES) === 0;
  }
}

export function generateStressRows(count: number, seed: number, valueSlots = defaultValueSlots(count)): StressRows {
  assert(Number.isInteger(count) && count > 0 && count < STRESS_ROWS_MAX, `bad row count ${count}`);
  const random = new SeededRandom(seed);
  const keys = Buffer.allocUnsafe(count * STRESS_KEY_BYTES);
  for (let i = 0; i < count; i++) {
    const at = i * STRESS_KEY_BYTES;
    keys.writeUInt32BE(mixUint32(i), at);
    keys.writeUInt32BE(randomUint32(random), at + 4);
    keys.writeUInt16BE(randomUint32(random) & 0xffff, at + 8);
  }
  const values = Buffer.allocUnsafe(Math.min(count, valueSlots) * STRESS_ROW_VALUE_BYTES);
  // 170 bytes per row is not a multiple of 4: fill by whole words, then the tail bytes.
  const words = values.length >>> 2;
  for (let w = 0; w < words; w++) values.writeUInt32LE(randomUint32(random), w << 2);
  for (let b = words << 2; b < values.length; b++) values[b] = random.int(256);
  return new StressRows(count, keys, values);
}

function defaultValueSlots(count: number): number {
  return count <= DISTINCT_VALUES_MAX ? count : POOLED_VALUE_SLOTS;
}

function randomUint32(random: SeededRandom): number {
  return Math.floor(random.next() * 0x1_0000_0000) >>> 0;
}

/**
 * A bijection on uint32 (murmur3's fmix32: xor-shifts and odd multipliers are each
 * invertible), so distinct row indexes give distinct key prefixes.
 */
function mixUint32(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
