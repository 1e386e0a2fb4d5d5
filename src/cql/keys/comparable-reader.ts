/**
 * Reads a byte-comparable encoding back. A DESC component is stored with every byte inverted,
 * so the reader XORs each byte with `mask` (0x00 or 0xff) and the per-type decoders never
 * need to know the column's order.
 */

import { keyErrors } from './key-errors.js';

export class ComparableReader {
  mask = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private position = 0,
  ) {}

  get atEnd(): boolean {
    return this.position >= this.bytes.length;
  }

  /** The next byte without the mask: component markers are never inverted. */
  nextRaw(): number {
    if (this.position >= this.bytes.length) throw keyErrors.malformed('clustering bytes (truncated)');
    return this.bytes[this.position++]!;
  }

  next(): number {
    return this.nextRaw() ^ this.mask;
  }

  take(count: number): Uint8Array {
    if (this.position + count > this.bytes.length) throw keyErrors.malformed('clustering bytes (truncated)');
    // A copy even of a Node Buffer (whose own slice is a view): the mask is applied in place.
    const out = Uint8Array.prototype.slice.call(this.bytes, this.position, this.position + count);
    if (this.mask !== 0) for (let i = 0; i < out.length; i++) out[i] = out[i]! ^ this.mask;
    this.position += count;
    return out;
  }
}
