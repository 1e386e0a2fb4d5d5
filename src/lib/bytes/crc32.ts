/**
 * CRC-32 (the zlib/IEEE polynomial, the same value as zlib.crc32) of bytes[from, to), without
 * a view of the range. zlib.crc32 needs a TypedArray of exactly the range: a subarray per call
 * costs an allocation and ~250 ns of call overhead, more than the checksum of a small record.
 * Short ranges (records, index pages) are summed here, slicing by 8 bytes at a time; long ones
 * (data blocks) go to zlib, which is ~4x faster per byte. Up to 512 bytes the two cost about
 * the same, and here nothing is allocated (a view per record churned a flush's young heap).
 *
 * Measured (2 vCPU, Node 20): 220 bytes 124-260 ns here vs 232-306 ns zlib; 300 bytes 216 vs
 * 218 ns; 16 KiB 17 us vs 4.4 us.
 */

import zlib from 'node:zlib';

const SHORT_RANGE_BYTES = 512;

/** TABLES[t * 256 + n]: the CRC of byte n followed by t zero bytes (slicing-by-8). */
const TABLES = buildTables();

function buildTables(): Int32Array {
  const tables = new Int32Array(8 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    tables[n] = c;
  }
  for (let t = 1; t < 8; t++) {
    for (let n = 0; n < 256; n++) {
      const previous = tables[(t - 1) * 256 + n]!;
      tables[t * 256 + n] = (previous >>> 8) ^ tables[previous & 0xff]!;
    }
  }
  return tables;
}

export function crc32(bytes: Uint8Array, from: number, to: number): number {
  if (to - from > SHORT_RANGE_BYTES) return zlib.crc32(bytes.subarray(from, to));
  const t = TABLES;
  let c = -1;
  let i = from;
  for (; i + 8 <= to; i += 8) {
    c ^= bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    c =
      t[1792 + (c & 0xff)]! ^
      t[1536 + ((c >>> 8) & 0xff)]! ^
      t[1280 + ((c >>> 16) & 0xff)]! ^
      t[1024 + (c >>> 24)]! ^
      t[768 + bytes[i + 4]!]! ^
      t[512 + bytes[i + 5]!]! ^
      t[256 + bytes[i + 6]!]! ^
      t[bytes[i + 7]!]!;
  }
  for (; i < to; i++) c = t[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}
