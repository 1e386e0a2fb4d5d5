/**
 * The bulk ingest path: rows encoded straight into the per-vnode write batches, with no
 * Mutation, Row or Cell objects in between (a 1,000-row write built ~7 objects and a bigint
 * per row before it reached the encoder). For the common ingest shape: one row per call, live
 * cells, one timestamp per row. Anything richer (tombstones, TTLs, several rows of one
 * partition in one record) goes through StorageEngine.write.
 *
 * Each row becomes one partition-update record (partition-codec.ts):
 *   u32 length | u32 tableId | i32 tokenHigh u32 tokenLow | u16 keyLength key | u8 flags 0
 *   | u32 rowCount 1 | u8 rowFlags (0, or 1 with liveness) | u16 clusteringLength clustering
 *   | [liveness i64 timestamp i32 0 i32 NO_DELETION_TIME] | u16 cellCount | cells
 *   cell = u16 column | u8 flags 0 | i64 timestamp | u32 valueLength value
 */

import { limits } from '../config/limits.js';
import { assert } from '../lib/assert.js';
import type { ByteWriter } from '../lib/bytes/byte-writer.js';
import { InvalidRequestError } from '../lib/errors.js';
import { NO_DELETION_TIME } from './model/timestamp.js';

/** Where RowBatchWriter puts a row: the engine's open batch for the key's vnode. */
export interface RowBatchSink {
  /**
   * The writer of the open batch for this token, begun and ready for a record. The engine
   * routes by the high word alone; a coordinator finds the ring range from both words.
   */
  writerFor(tokenHigh: number, tokenLow: number): ByteWriter;
  /** The record just finished in the writer of `tokenHigh` is complete. */
  recordDone(tokenHigh: number): void;
}

const timestampWords = new DataView(new ArrayBuffer(8));

export class RowBatchWriter {
  private writer: ByteWriter | null = null;
  private tokenHigh = 0;
  private recordStart = 0;
  private cellCountAt = 0;
  private cells = 0;
  /** The row's timestamp, and as words, written per cell without a bigint. */
  private timestamp = 0n;
  private timestampHigh = 0;
  private timestampLow = 0;
  private rows = 0;

  constructor(
    private readonly tableId: number,
    private readonly sink: RowBatchSink,
    /** The token of bytes[offset, offset + length) into out[0] (high) and out[1] (low). */
    private readonly tokenOf: (bytes: Uint8Array, offset: number, length: number, out: Int32Array) => void,
    private readonly tokenParts: Int32Array,
  ) {}

  /**
   * Starts a row in its own partition. `withLiveness` writes the primary-key liveness an
   * INSERT writes (the row exists even if every cell is null); an UPDATE does not.
   */
  beginRow(key: Uint8Array, clustering: Uint8Array, timestamp: bigint, withLiveness = false): void {
    this.beginRowFrom(key, 0, key.length, clustering, timestamp, withLiveness);
  }

  /**
   * The same row, its partition key given as `keyLength` bytes of `source` from `keyOffset`:
   * callers that hold many keys in one buffer need no view per key (a view per row was most of
   * what a 1M-row ingest allocated on the main thread, ~100 MB, and so most of its GC pauses).
   */
  beginRowFrom(
    source: Uint8Array,
    keyOffset: number,
    keyLength: number,
    clustering: Uint8Array,
    timestamp: bigint,
    withLiveness = false,
  ): void {
    assert(this.writer === null, 'beginRow before the previous row ended');
    assert(keyOffset >= 0 && keyOffset + keyLength <= source.length, 'key range outside its buffer');
    if (keyLength === 0) throw new InvalidRequestError('Key may not be empty');
    if (keyLength > limits.partitionKeyBytesMax) {
      throw new InvalidRequestError(`Key length of ${keyLength} is longer than maximum of ${limits.partitionKeyBytesMax}`);
    }
    if (clustering.length > limits.clusteringBytesMax) {
      throw new InvalidRequestError(`Clustering key of ${clustering.length} bytes is longer than maximum of ${limits.clusteringBytesMax}`);
    }
    this.tokenOf(source, keyOffset, keyLength, this.tokenParts);
    const tokenHigh = this.tokenParts[0]!;
    const writer = this.sink.writerFor(tokenHigh, this.tokenParts[1]!);
    this.writer = writer;
    this.tokenHigh = tokenHigh;
    if (timestamp !== this.timestamp) {
      // Split once per distinct timestamp (a batch usually has one), through a DataView:
      // shifting and masking the bigint allocated three bigints per row.
      this.timestamp = timestamp;
      timestampWords.setBigInt64(0, timestamp);
      this.timestampHigh = timestampWords.getInt32(0);
      this.timestampLow = timestampWords.getUint32(4);
    }
    this.recordStart = writer.position;
    writer.u32(0);
    writer.u32(this.tableId);
    writer.i32(tokenHigh);
    writer.u32(this.tokenParts[1]! >>> 0);
    writer.u16(keyLength);
    writer.rawRange(source, keyOffset, keyLength);
    writer.u8(0);
    writer.u32(1);
    writer.u8(withLiveness ? 1 : 0);
    writer.shortBytes(clustering);
    if (withLiveness) {
      writer.i64(timestamp);
      writer.i32(0);
      writer.i32(NO_DELETION_TIME);
    }
    this.cellCountAt = writer.position;
    writer.u16(0);
    this.cells = 0;
  }

  /** A live cell of the current row, written at the row's timestamp. Columns ascending. */
  cell(column: number, value: Uint8Array): void {
    this.cellFrom(column, value, 0, value.length);
  }

  /**
   * The same cell, its value given as `length` bytes of `source` from `offset`: callers that
   * hold many values in one buffer need no view per value.
   */
  cellFrom(column: number, source: Uint8Array, offset: number, length: number): void {
    const writer = this.writer;
    assert(writer !== null, 'cell outside a row');
    if (length > limits.cellValueBytesMax) {
      throw new InvalidRequestError(`Value of column ${column} is ${length} bytes, over the maximum of ${limits.cellValueBytesMax}`);
    }
    assert(offset >= 0 && offset + length <= source.length, 'cell value range outside its buffer');
    writer.u16(column);
    writer.u8(0);
    writer.i64Words(this.timestampHigh, this.timestampLow);
    writer.u32(length);
    writer.rawRange(source, offset, length);
    this.cells++;
  }

  endRow(): void {
    const writer = this.writer;
    assert(writer !== null, 'endRow outside a row');
    assert(this.cells <= 0xffff, 'too many cells in one row');
    writer.patchU16(this.cellCountAt, this.cells);
    const length = writer.position - this.recordStart - 4;
    if (length > limits.mutationBytesMax) {
      writer.position = this.recordStart; // drop the record: nothing of it is sent
      this.writer = null;
      throw new InvalidRequestError(`Mutation of ${length} bytes is too large for the maximum size of ${limits.mutationBytesMax}`);
    }
    writer.patchU32(this.recordStart, length);
    this.writer = null;
    this.rows++;
    this.sink.recordDone(this.tokenHigh);
  }

  /** Rows completed so far. */
  rowCount(): number {
    return this.rows;
  }

  /** Drops a row begun but not ended (the caller's fill threw). */
  abandonRow(): void {
    if (this.writer !== null) this.writer.position = this.recordStart;
    this.writer = null;
  }
}
