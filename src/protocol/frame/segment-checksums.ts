/**
 * The checksums of a v5 segment (Cassandra's transport Crc; the Python driver's segment.py):
 * CRC24 of the 3- or 5-byte header, taken over its little-endian bytes, and CRC32 of the
 * payload seeded with the bytes FA 2D 55 CA (which the spec does not mention: both ends must
 * agree, and Cassandra prepends them).
 */

import zlib from 'node:zlib';

const CRC24_INIT = 0x875060;
const CRC24_POLY = 0x1974f0b;
const CRC32_SEED = zlib.crc32(Uint8Array.of(0xfa, 0x2d, 0x55, 0xca));

/** CRC24 of the `byteCount` low bytes of `value`, least significant first. */
export function segmentHeaderCrc24(value: number, byteCount: number): number {
  let crc = CRC24_INIT;
  let rest = value;
  for (let i = 0; i < byteCount; i++) {
    crc ^= (rest % 256) << 16;
    rest = Math.floor(rest / 256);
    for (let bit = 0; bit < 8; bit++) {
      crc <<= 1;
      if ((crc & 0x1000000) !== 0) crc ^= CRC24_POLY;
    }
  }
  return crc & 0xffffff;
}

export function segmentPayloadCrc32(payload: Uint8Array): number {
  // Node 20's zlib.crc32 answers 0, not the seed, for an empty array whose buffer has been
  // taken out of the heap (any array a subarray() was cut from), so empty is answered here.
  return payload.length === 0 ? CRC32_SEED : zlib.crc32(payload, CRC32_SEED);
}
