/**
 * One arena record per index entry, and the order of entries. Two kinds of entry:
 *
 *   partition entry  partition-level data: deletion, range tombstones, static row. It sorts
 *                    before every row of its partition, and exists only when the partition has
 *                    such data (or was written with no rows at all), so the common one-row
 *                    write costs one index entry, not two.
 *   row entry        one clustering row.
 *
 * Record layout (big-endian, byte-aligned, never crossing a slab; the payloads reuse
 * partition-codec.ts pieces byte for byte, so a new row is copied from the batch unchanged):
 *
 *   +0  u8  kind (0 partition, 1 row)
 *   +1  u16 keyLength
 *   +3  u32 payloadLength
 *   +7  key bytes (the partition key)
 *   +7+keyLength  payload:
 *         partition: u8 flags | [Deletion] | [u16 n RangeTombstone*n] | [static Row]
 *         row:       Row (u8 flags | u16 clusteringLength clustering | ...)
 *
 * Order: token (in the index entry, token-words.ts), then key bytes, then kind, then
 * clustering bytes, all unsigned and compared with hand loops (PERF-NOTES.md: never
 * Buffer.compare on subarrays).
 */

import { compareByteRanges } from '../model/byte-order.js';

export const RECORD_KIND_PARTITION = 0;
export const RECORD_KIND_ROW = 1;
export type RecordKind = typeof RECORD_KIND_PARTITION | typeof RECORD_KIND_ROW;

export const RECORD_HEADER_BYTES = 7;

const EMPTY = new Uint8Array(0);

/**
 * The key an insert or a lookup searches for. Mutable and reused, so the write path allocates
 * nothing per row; the byte fields are views into whatever buffer holds them.
 */
export class SearchKey {
  high = 0;
  lowBiased = 0;
  key: Uint8Array = EMPTY;
  keyOffset = 0;
  keyLength = 0;
  kind: RecordKind = RECORD_KIND_PARTITION;
  clustering: Uint8Array = EMPTY;
  clusteringOffset = 0;
  clusteringLength = 0;

  setPartition(key: Uint8Array, keyOffset: number, keyLength: number): void {
    this.key = key;
    this.keyOffset = keyOffset;
    this.keyLength = keyLength;
    this.kind = RECORD_KIND_PARTITION;
    this.clusteringLength = 0;
  }

  setRow(clustering: Uint8Array, clusteringOffset: number, clusteringLength: number): void {
    this.kind = RECORD_KIND_ROW;
    this.clustering = clustering;
    this.clusteringOffset = clusteringOffset;
    this.clusteringLength = clusteringLength;
  }
}

export function recordKind(bytes: Uint8Array, at: number): RecordKind {
  return bytes[at] === RECORD_KIND_ROW ? RECORD_KIND_ROW : RECORD_KIND_PARTITION;
}

export function recordKeyLength(bytes: Uint8Array, at: number): number {
  return (bytes[at + 1]! << 8) | bytes[at + 2]!;
}

export function recordPayloadLength(bytes: Uint8Array, at: number): number {
  const high = (bytes[at + 3]! << 24) | (bytes[at + 4]! << 16);
  return (high | (bytes[at + 5]! << 8) | bytes[at + 6]!) >>> 0;
}

export function recordPayloadStart(bytes: Uint8Array, at: number): number {
  return at + RECORD_HEADER_BYTES + recordKeyLength(bytes, at);
}

export function recordBytes(keyLength: number, payloadLength: number): number {
  return RECORD_HEADER_BYTES + keyLength + payloadLength;
}

/** Writes the header and key; the caller copies the payload to `recordPayloadStart`. */
export function writeRecordHead(
  bytes: Uint8Array,
  at: number,
  kind: RecordKind,
  key: Uint8Array,
  keyOffset: number,
  keyLength: number,
  payloadLength: number,
): void {
  bytes[at] = kind;
  bytes[at + 1] = keyLength >>> 8;
  bytes[at + 2] = keyLength;
  bytes[at + 3] = payloadLength >>> 24;
  bytes[at + 4] = payloadLength >>> 16;
  bytes[at + 5] = payloadLength >>> 8;
  bytes[at + 6] = payloadLength;
  copyBytes(key, keyOffset, keyLength, bytes, at + RECORD_HEADER_BYTES);
}

/**
 * Copies with a loop for short runs (keys, small rows), where a `subarray` + `set` costs more
 * in allocation than the copy itself, and with `set` for long ones. Rows copied from a buffer
 * with a DataView go through copyRange instead (lib/bytes/copy-range.ts).
 */
export function copyBytes(
  source: Uint8Array,
  from: number,
  length: number,
  target: Uint8Array,
  to: number,
): void {
  if (length > 64) {
    target.set(source.subarray(from, from + length), to);
    return;
  }
  for (let i = 0; i < length; i++) target[to + i] = source[from + i]!;
}

/** Orders a search key against the record at `at`, once their tokens are known equal. */
export function compareToRecord(search: SearchKey, bytes: Uint8Array, at: number): number {
  const keyLength = (bytes[at + 1]! << 8) | bytes[at + 2]!;
  const keyStart = at + RECORD_HEADER_BYTES;
  const key = search.key;
  const order = compareByteRanges(key, search.keyOffset, search.keyLength, bytes, keyStart, keyLength);
  if (order !== 0) return order;
  const kind = bytes[at]!;
  if (search.kind !== kind) return search.kind - kind;
  if (kind === RECORD_KIND_PARTITION) return 0;
  // A row payload starts with u8 flags | u16 clusteringLength | clustering.
  const payload = keyStart + keyLength;
  const clusteringLength = (bytes[payload + 1]! << 8) | bytes[payload + 2]!;
  return compareByteRanges(
    search.clustering,
    search.clusteringOffset,
    search.clusteringLength,
    bytes,
    payload + 3,
    clusteringLength,
  );
}

/** True when the record at `at` belongs to the search key's partition (same key bytes). */
export function isSamePartitionKey(search: SearchKey, bytes: Uint8Array, at: number): boolean {
  const keyLength = (bytes[at + 1]! << 8) | bytes[at + 2]!;
  if (keyLength !== search.keyLength) return false;
  const keyStart = at + RECORD_HEADER_BYTES;
  return compareByteRanges(search.key, search.keyOffset, keyLength, bytes, keyStart, keyLength) === 0;
}

/** True when two records carry the same partition key bytes. */
export function recordKeysEqual(a: Uint8Array, atA: number, b: Uint8Array, atB: number): boolean {
  const length = (a[atA + 1]! << 8) | a[atA + 2]!;
  if (length !== ((b[atB + 1]! << 8) | b[atB + 2]!)) return false;
  const keyA = atA + RECORD_HEADER_BYTES;
  const keyB = atB + RECORD_HEADER_BYTES;
  return compareByteRanges(a, keyA, length, b, keyB, length) === 0;
}

