/**
 * Walks one encoded partition update (partition-codec.ts layout) without decoding it: finds
 * the partition-level bytes and each row's byte range, so new rows are copied into the arena
 * as they are, and notes the smallest and largest write timestamp seen, as int32 words, so no
 * bigint is made per cell. The walk allocates nothing; one scanner is reused for every update.
 *
 *   u32 tableId | i64 token | u16 keyLength key | u8 flags [Deletion] [RTs] [static Row] |
 *   ^offset       ^+4         ^+12        ^+14    ^partitionStart ........ partitionEnd^
 *   u32 rowCount | Row Row ...
 *                  ^rowStart[0]  ^rowEnd[0] = rowStart[1] ...
 *
 * The walk must end exactly at offset + length: the paired check of the encoder's framing.
 */

import { assert } from '../../lib/assert.js';
import { compareByteRanges } from '../model/byte-order.js';
import { Int64WordRange } from './int64-word-range.js';
import { readHigh, readLowBiased } from './token-words.js';
import {
  CELL_EXPIRING,
  CELL_HAS_PATH,
  CELL_TOMBSTONE,
  PARTITION_HAS_DELETION,
  PARTITION_HAS_RANGE_TOMBSTONES,
  PARTITION_HAS_STATIC_ROW,
  ROW_HAS_DELETION,
  ROW_HAS_LIVENESS,
} from '../model/partition-codec.js';

const DELETION_BYTES = 12;
const LIVENESS_BYTES = 16;
/** u8 flags | u16 clustering length | u16 cell count. */
const ROW_BYTES_MIN = 5;

export class EncodedPartitionScanner {
  tableId = 0;
  tokenHigh = 0;
  tokenLowBiased = 0;
  keyOffset = 0;
  keyLength = 0;
  /** The partition flags byte; non-zero when the update carries partition-level data. */
  partitionFlags = 0;
  partitionStart = 0;
  partitionEnd = 0;
  rowCount = 0;
  rowStart = new Int32Array(16);
  rowEnd = new Int32Array(16);
  /** Smallest and largest timestamp of the last scan. */
  readonly timestamps = new Int64WordRange();
  private bytes: Uint8Array = new Uint8Array(0);
  /** A DataView of `bytes`, kept while updates keep coming from the same batch buffer. */
  private view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));

  scan(bytes: Uint8Array, offset: number, length: number): void {
    const inBounds = offset >= 0 && length >= 19 && offset + length <= bytes.length;
    assert(inBounds, 'partition update out of its buffer');
    if (bytes !== this.bytes) {
      this.bytes = bytes;
      this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    this.timestamps.clear();
    const end = offset + length;
    this.tableId = readHigh(bytes, offset) >>> 0;
    this.tokenHigh = readHigh(bytes, offset + 4);
    this.tokenLowBiased = readLowBiased(bytes, offset + 8);
    this.keyLength = (bytes[offset + 12]! << 8) | bytes[offset + 13]!;
    this.keyOffset = offset + 14;
    let at = this.keyOffset + this.keyLength;
    this.partitionStart = at;
    at = this.skipPartitionData(at);
    this.partitionEnd = at;
    assert(at + 4 <= end, 'partition update truncated before its row count');
    const rowCount = readHigh(bytes, at) >>> 0;
    at += 4;
    if (rowCount * ROW_BYTES_MIN > end - at) assert(false, `row count ${rowCount} cannot fit the update`);
    if (rowCount > this.rowStart.length) this.growRows(rowCount);
    for (let i = 0; i < rowCount; i++) {
      this.rowStart[i] = at;
      at = this.skipRow(at);
      this.rowEnd[i] = at;
      assert(at <= end, 'row runs past its partition update');
    }
    this.rowCount = rowCount;
    if (at !== end) assert(false, `partition update framing mismatch: walked to ${at}, expected ${end}`);
    if (rowCount > 1) this.checkRowOrder();
  }

  /** A DataView over the bytes of the last scan (same indexes), for copyRange. */
  dataView(): DataView {
    return this.view;
  }

  /** Where row i's clustering bytes start; their length is `clusteringLength(i)`. */
  clusteringOffset(row: number): number {
    return this.rowStart[row]! + 3;
  }

  clusteringLength(row: number): number {
    const at = this.rowStart[row]!;
    return (this.bytes[at + 1]! << 8) | this.bytes[at + 2]!;
  }

  private skipPartitionData(start: number): number {
    const bytes = this.bytes;
    const flags = bytes[start]!;
    this.partitionFlags = flags;
    let at = start + 1;
    if (flags & PARTITION_HAS_DELETION) {
      this.noteTimestamp(at);
      at += DELETION_BYTES;
    }
    if (flags & PARTITION_HAS_RANGE_TOMBSTONES) {
      const count = (bytes[at]! << 8) | bytes[at + 1]!;
      at += 2;
      for (let i = 0; i < count; i++) {
        at += 3 + ((bytes[at + 1]! << 8) | bytes[at + 2]!);
        at += 3 + ((bytes[at + 1]! << 8) | bytes[at + 2]!);
        this.noteTimestamp(at);
        at += DELETION_BYTES;
      }
    }
    if (flags & PARTITION_HAS_STATIC_ROW) at = this.skipRow(at);
    return at;
  }

  private skipRow(start: number): number {
    const bytes = this.bytes;
    const flags = bytes[start]!;
    let at = start + 3 + ((bytes[start + 1]! << 8) | bytes[start + 2]!);
    if (flags & ROW_HAS_LIVENESS) {
      this.noteTimestamp(at);
      at += LIVENESS_BYTES;
    }
    if (flags & ROW_HAS_DELETION) {
      this.noteTimestamp(at);
      at += DELETION_BYTES;
    }
    const cellCount = (bytes[at]! << 8) | bytes[at + 1]!;
    at += 2;
    for (let i = 0; i < cellCount; i++) {
      const cellFlags = bytes[at + 2]!;
      this.noteTimestamp(at + 3);
      at += 11;
      if (cellFlags & CELL_EXPIRING) at += 4;
      if (cellFlags & (CELL_TOMBSTONE | CELL_EXPIRING)) at += 4;
      if (cellFlags & CELL_HAS_PATH) at += 2 + ((bytes[at]! << 8) | bytes[at + 1]!);
      if ((cellFlags & CELL_TOMBSTONE) === 0) at += 4 + this.view.getUint32(at);
    }
    return at;
  }

  private noteTimestamp(at: number): void {
    this.timestamps.addAt(this.bytes, at);
  }

  /** Rows of an update are sorted and unique by clustering (PartitionUpdate's contract). */
  private checkRowOrder(): void {
    for (let i = 1; i < this.rowCount; i++) {
      const order = compareByteRanges(
        this.bytes,
        this.clusteringOffset(i - 1),
        this.clusteringLength(i - 1),
        this.bytes,
        this.clusteringOffset(i),
        this.clusteringLength(i),
      );
      assert(order < 0, 'rows of a partition update must be sorted and unique by clustering');
    }
  }

  private growRows(count: number): void {
    let capacity = this.rowStart.length;
    while (capacity < count) capacity *= 2;
    this.rowStart = new Int32Array(capacity);
    this.rowEnd = new Int32Array(capacity);
  }
}
