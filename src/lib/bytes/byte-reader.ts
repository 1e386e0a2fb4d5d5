/**
 * Reads big-endian primitives from a byte range, checking bounds: a record that claims more
 * bytes than its buffer holds throws a RangeError that callers turn into a CorruptionError.
 */

export class ByteReader {
  private readonly view: DataView;
  position: number;

  constructor(
    readonly bytes: Uint8Array,
    start = 0,
    public end = bytes.length,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.position = start;
  }

  /** Re-aims the reader at [start, end) of the same bytes: a reader per lookup is a DataView per lookup. */
  range(start: number, end: number): this {
    if (start < 0 || end > this.bytes.length || start > end) throw new RangeError(`range [${start}, ${end}) outside ${this.bytes.length} bytes`);
    this.position = start;
    this.end = end;
    return this;
  }

  remaining(): number {
    return this.end - this.position;
  }

  private need(count: number): number {
    const at = this.position;
    if (at + count > this.end) throw new RangeError(`record overruns its buffer at ${at} (+${count} > ${this.end})`);
    this.position = at + count;
    return at;
  }

  u8(): number {
    return this.view.getUint8(this.need(1));
  }

  u16(): number {
    return this.view.getUint16(this.need(2));
  }

  u32(): number {
    return this.view.getUint32(this.need(4));
  }

  i32(): number {
    return this.view.getInt32(this.need(4));
  }

  i64(): bigint {
    return this.view.getBigInt64(this.need(8));
  }

  /** A view into the underlying bytes (no copy). */
  view8(length: number): Uint8Array {
    const at = this.need(length);
    return this.bytes.subarray(at, at + length);
  }

  /**
   * A copy, safe to keep after the buffer is reused. Uint8Array's slice, not the bytes' own:
   * a Node Buffer's slice is a view (messages arrive as Buffers).
   */
  copy(length: number): Uint8Array {
    const at = this.need(length);
    return Uint8Array.prototype.slice.call(this.bytes, at, at + length);
  }

  shortBytes(copy: boolean): Uint8Array {
    const length = this.u16();
    return copy ? this.copy(length) : this.view8(length);
  }

  longBytes(copy: boolean): Uint8Array {
    const length = this.u32();
    return copy ? this.copy(length) : this.view8(length);
  }
}
