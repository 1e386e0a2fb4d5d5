/**
 * Reads what an SSTable's statistics and index need from one partition update in the
 * partition-codec layout, without decoding it into objects: token, key, row count, tombstone
 * count, smallest and largest write timestamp (compared as two 32-bit words, so no bigint per
 * cell), local deletion times, and the first and last clustering. A flush walks millions of
 * rows; building Cell objects with bigint timestamps only to re-encode them cost more than
 * everything else in the write (docs/benchmarks.md).
 *
 * The walk must end exactly at the record's end: the paired check of the encoder's framing.
 */

import { assert } from '../../lib/assert.js';
import { Int64WordRange } from '../memtable/int64-word-range.js';
import { compareByteRanges } from '../model/byte-order.js';
import { tokenFromHighLow } from '../memtable/token-words.js';
import { NO_DELETION_TIME } from '../model/timestamp.js';
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


export class EncodedPartitionSummary {
  /** The token's signed high and low 32-bit words (a bigint per partition is an allocation). */
  tokenHigh = 0;
  tokenLow = 0;
  keyOffset = 0;
  keyLength = 0;
  rowCount = 0;
  tombstoneCount = 0;
  /** Smallest and largest timestamp of the partition. */
  readonly timestamps = new Int64WordRange();
  minLocalDeletionTime = NO_DELETION_TIME;
  maxLocalDeletionTime = 0;
  firstClusteringOffset = -1;
  firstClusteringLength = 0;
  lastClusteringOffset = -1;
  lastClusteringLength = 0;
  /** Whether consecutive rows were in strictly ascending clustering order. */
  rowsAscending = true;
  /** The partition's flag byte (deletion, range tombstones, static row). */
  partitionFlags = 0;
  /** Rows with neither liveness nor cells (a read drops them). */
  emptyRowCount = 0;
  private view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
  private bytes: Uint8Array = new Uint8Array(0);

  /** Walks the record at bytes[offset, offset + length). */
  summarize(bytes: Uint8Array, offset: number, length: number): void {
    if (bytes !== this.bytes) {
      this.bytes = bytes;
      this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    const view = this.view;
    const end = offset + length;
    this.rowCount = 0;
    this.tombstoneCount = 0;
    this.timestamps.clear();
    this.minLocalDeletionTime = NO_DELETION_TIME;
    this.maxLocalDeletionTime = 0;
    this.firstClusteringOffset = -1;
    this.lastClusteringOffset = -1;
    this.rowsAscending = true;
    this.emptyRowCount = 0;
    this.tokenHigh = view.getInt32(offset + 4);
    this.tokenLow = view.getInt32(offset + 8);
    this.keyLength = view.getUint16(offset + 12);
    this.keyOffset = offset + 14;
    let at = this.keyOffset + this.keyLength;
    const flags = bytes[at++]!;
    this.partitionFlags = flags;
    if (flags & PARTITION_HAS_DELETION) at = this.deletion(at);
    if (flags & PARTITION_HAS_RANGE_TOMBSTONES) {
      const count = view.getUint16(at);
      at += 2;
      for (let i = 0; i < count; i++) {
        at += 1;
        at += 2 + view.getUint16(at);
        at += 1;
        at += 2 + view.getUint16(at);
        at = this.deletion(at);
      }
    }
    if (flags & PARTITION_HAS_STATIC_ROW) at = this.row(at, false);
    const rowCount = view.getUint32(at);
    at += 4;
    for (let i = 0; i < rowCount; i++) at = this.row(at, true);
    this.rowCount = rowCount;
    assert(at === end, 'encoded partition does not end where its frame says');
  }

  get token(): bigint {
    return tokenFromHighLow(this.tokenHigh, this.tokenLow);
  }

  /**
   * Whether the last walked partition reads back exactly as stored: no partition deletion,
   * range tombstone or static row, no tombstone, nothing that expires, no empty row, and at
   * least one row. Reading such a partition from a single source needs no merge and no
   * filtering. A partition with nothing at all (an empty update, replayed and flushed) is not
   * plain: a read of it answers "absent", not an empty partition.
   */
  isPlain(): boolean {
    return (
      this.rowCount > 0 &&
      this.partitionFlags === 0 &&
      this.tombstoneCount === 0 &&
      this.minLocalDeletionTime === NO_DELETION_TIME &&
      this.emptyRowCount === 0
    );
  }

  private deletion(at: number): number {
    this.tombstoneCount++;
    this.timestamp(at);
    this.localDeletionTime(this.view.getInt32(at + 8));
    return at + 12;
  }

  private row(start: number, regular: boolean): number {
    const view = this.view;
    const flags = this.bytes[start]!;
    const clusteringLength = view.getUint16(start + 1);
    const clusteringOffset = start + 3;
    let at = clusteringOffset + clusteringLength;
    if (regular) this.clustering(clusteringOffset, clusteringLength);
    if (flags & ROW_HAS_LIVENESS) {
      this.timestamp(at);
      this.localDeletionTime(view.getInt32(at + 12));
      at += 16;
    }
    if (flags & ROW_HAS_DELETION) at = this.deletion(at);
    const cells = view.getUint16(at);
    at += 2;
    if (cells === 0 && !(flags & ROW_HAS_LIVENESS)) this.emptyRowCount++;
    for (let i = 0; i < cells; i++) {
      const cellFlags = this.bytes[at + 2]!;
      this.timestamp(at + 3);
      at += 11;
      if (cellFlags & CELL_EXPIRING) at += 4;
      if (cellFlags & (CELL_TOMBSTONE | CELL_EXPIRING)) {
        this.localDeletionTime(view.getInt32(at));
        at += 4;
      } else {
        this.localDeletionTime(NO_DELETION_TIME);
      }
      if (cellFlags & CELL_TOMBSTONE) this.tombstoneCount++;
      if (cellFlags & CELL_HAS_PATH) at += 2 + view.getUint16(at);
      if (!(cellFlags & CELL_TOMBSTONE)) at += 4 + view.getUint32(at);
    }
    return at;
  }

  private clustering(offset: number, length: number): void {
    if (this.firstClusteringOffset < 0) {
      this.firstClusteringOffset = offset;
      this.firstClusteringLength = length;
    } else if (compareByteRanges(this.bytes, this.lastClusteringOffset, this.lastClusteringLength, this.bytes, offset, length) >= 0) {
      this.rowsAscending = false;
    }
    this.lastClusteringOffset = offset;
    this.lastClusteringLength = length;
  }

  private timestamp(at: number): void {
    this.timestamps.addAt(this.bytes, at);
  }

  private localDeletionTime(seconds: number): void {
    if (seconds < this.minLocalDeletionTime) this.minLocalDeletionTime = seconds;
    if (seconds > this.maxLocalDeletionTime) this.maxLocalDeletionTime = seconds;
  }
}
