/**
 * uuid and timeuuid made byte-comparable with Cassandra's comparators.
 *
 * UUIDType: version first, then for version 1 the timestamp, then the raw bytes unsigned:
 *   version (1 byte) | msb (8; version 1: reordered to time_hi, time_mid, time_low) | lsb (8)
 *
 * TimeUUIDType: the reordered msb compared as a signed long, then the lsb compared byte by
 * byte as *signed* bytes (kept for compatibility with old Cassandra), so:
 *   reordered msb with its sign bit flipped (8) | lsb with bit 7 of every byte flipped (8)
 *
 * Reordering msb bytes 0..7 (time_low 0-3, time_mid 4-5, time_hi_and_version 6-7) as
 * 6 7 4 5 0 1 2 3 is TimeUUIDType.reorderTimestampBytes.
 */

import type { ComparableReader } from './comparable-reader.js';

const reorder = [6, 7, 4, 5, 0, 1, 2, 3] as const;

export function writeComparableUuid(bytes: Uint8Array, out: number[]): void {
  const version = bytes[6]! >>> 4;
  out.push(version);
  for (let i = 0; i < 8; i++) out.push(bytes[version === 1 ? reorder[i]! : i]!);
  for (let i = 8; i < 16; i++) out.push(bytes[i]!);
}

export function readComparableUuid(reader: ComparableReader): Uint8Array {
  const version = reader.next();
  const raw = reader.take(16);
  if (version !== 1) return raw;
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 8; i++) bytes[reorder[i]!] = raw[i]!;
  bytes.set(raw.subarray(8), 8);
  return bytes;
}

export function writeComparableTimeUuid(bytes: Uint8Array, out: number[]): void {
  for (let i = 0; i < 8; i++) out.push(i === 0 ? bytes[reorder[i]!]! ^ 0x80 : bytes[reorder[i]!]!);
  for (let i = 8; i < 16; i++) out.push(bytes[i]! ^ 0x80);
}

export function readComparableTimeUuid(reader: ComparableReader): Uint8Array {
  const raw = reader.take(16);
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 8; i++) bytes[reorder[i]!] = i === 0 ? raw[i]! ^ 0x80 : raw[i]!;
  for (let i = 8; i < 16; i++) bytes[i] = raw[i]! ^ 0x80;
  return bytes;
}
