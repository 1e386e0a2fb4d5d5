/**
 * The [int length][bytes] framing shared by collections, tuples and UDTs (protocol v4+). A
 * negative length means null, which only tuples and UDTs allow.
 */

import { codecErrors } from './codec-errors.js';
import { bufferView } from './buffer-view.js';

/** An optional [int count] header, then each part framed; a null part is written as length -1. */
export function joinLengthPrefixed(count: number | null, parts: readonly (Uint8Array | null)[]): Buffer {
  let size = count === null ? 0 : 4;
  for (const part of parts) size += 4 + (part?.length ?? 0);
  const out = Buffer.allocUnsafe(size);
  let offset = count === null ? 0 : out.writeInt32BE(count, 0);
  for (const part of parts) {
    offset = out.writeInt32BE(part === null ? -1 : part.length, offset);
    if (part !== null) {
      out.set(part, offset);
      offset += part.length;
    }
  }
  return out;
}

/** Reads framed values, bounds-checked; `what` names the value in error messages. */
export class LengthPrefixedReader {
  private offset = 0;
  private readonly view: Buffer;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly what: string,
  ) {
    this.view = bufferView(bytes);
  }

  atEnd(): boolean {
    return this.offset >= this.bytes.length;
  }

  int(): number {
    if (this.offset + 4 > this.bytes.length) throw codecErrors.invalidBytes(`Not enough bytes to read a ${this.what}`);
    const value = this.view.readInt32BE(this.offset);
    this.offset += 4;
    return value;
  }

  /** The next framed value as a view of the input, or null for a negative length. */
  value(): Uint8Array | null {
    const length = this.int();
    if (length < 0) return null;
    if (this.offset + length > this.bytes.length) throw codecErrors.invalidBytes(`Not enough bytes to read a ${this.what}`);
    const value = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return value;
  }

  expectEnd(): void {
    if (!this.atEnd()) throw codecErrors.invalidBytes(`Unexpected extraneous bytes after ${this.what}`);
  }
}
