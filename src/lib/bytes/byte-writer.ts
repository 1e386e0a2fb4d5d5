/**
 * Appends big-endian primitives to a growable byte buffer. One writer is reused across many
 * records (reset()), so the hot path allocates only when a record outgrows the buffer.
 */

import { copyRange } from './copy-range.js';

export class ByteWriter {
  private bytes: Uint8Array;
  private view: DataView;
  position = 0;

  /** `initial`: a capacity to start a new zeroed array with, or an array to write from its start (left when outgrown). */
  constructor(initial: number | Uint8Array = 64 * 1024) {
    if (typeof initial === 'number') initial = new Uint8Array(initial);
    this.bytes = initial;
    this.view = new DataView(initial.buffer, initial.byteOffset, initial.byteLength);
  }

  reset(): void {
    this.position = 0;
  }

  /** A view of what was written; valid until the next write. */
  written(): Uint8Array {
    return this.bytes.subarray(0, this.position);
  }

  /**
   * The whole underlying buffer, what was written at [0, position): for checksums and reads
   * in place without allocating a view. Valid until a write grows the buffer.
   */
  buffer(): Uint8Array {
    return this.bytes;
  }

  /** A copy of what was written, safe to keep. */
  toBytes(): Uint8Array {
    return this.bytes.slice(0, this.position);
  }

  ensure(extra: number): void {
    const needed = this.position + extra;
    if (needed <= this.bytes.length) return;
    let capacity = this.bytes.length * 2;
    while (capacity < needed) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.bytes.subarray(0, this.position));
    this.bytes = grown;
    this.view = new DataView(grown.buffer, grown.byteOffset, grown.byteLength);
  }

  u8(value: number): void {
    this.ensure(1);
    this.bytes[this.position++] = value;
  }

  u16(value: number): void {
    this.ensure(2);
    this.view.setUint16(this.position, value);
    this.position += 2;
  }

  u32(value: number): void {
    this.ensure(4);
    this.view.setUint32(this.position, value);
    this.position += 4;
  }

  i32(value: number): void {
    this.ensure(4);
    this.view.setInt32(this.position, value);
    this.position += 4;
  }

  i64(value: bigint): void {
    this.ensure(8);
    this.view.setBigInt64(this.position, value);
    this.position += 8;
  }

  /** An i64 given as its signed high and unsigned low 32-bit words (no bigint on hot paths). */
  i64Words(high: number, low: number): void {
    this.ensure(8);
    this.view.setInt32(this.position, high);
    this.view.setUint32(this.position + 4, low);
    this.position += 8;
  }

  /** `length` bytes of `source` from `offset`, without a view of them. */
  rawRange(source: Uint8Array, offset: number, length: number): void {
    this.ensure(length);
    const bytes = this.bytes;
    const at = this.position;
    // TypedArray.set costs more than a loop for the short keys and values of most rows;
    // rawRangeFrom copies rows without a view when the caller has a DataView of the source.
    if (length <= 64) {
      for (let i = 0; i < length; i++) bytes[at + i] = source[offset + i]!;
    } else {
      bytes.set(offset === 0 && length === source.length ? source : source.subarray(offset, offset + length), at);
    }
    this.position += length;
  }

  /** rawRange from a source with a DataView over the same memory (copy-range.ts: no view, no loop per byte). */
  rawRangeFrom(source: Uint8Array, sourceView: DataView, offset: number, length: number): void {
    this.ensure(length);
    copyRange(source, sourceView, offset, length, this.bytes, this.view, this.position);
    this.position += length;
  }

  /** Writes a u16 at an earlier position (a count filled in after the fact). */
  patchU16(at: number, value: number): void {
    this.view.setUint16(at, value);
  }

  /** Writes a u32 at an earlier position (a length or count filled in after the fact). */
  patchU32(at: number, value: number): void {
    this.view.setUint32(at, value);
  }

  raw(data: Uint8Array): void {
    this.rawRange(data, 0, data.length);
  }

  /** u16 length, then the bytes. */
  shortBytes(data: Uint8Array): void {
    this.u16(data.length);
    this.raw(data);
  }

  /** u32 length, then the bytes. */
  longBytes(data: Uint8Array): void {
    this.u32(data.length);
    this.raw(data);
  }
}
