/**
 * Socket chunks queued for a reader: bytes are appended as they arrive (kept as is, nothing
 * copied) and taken from the front. A range inside one chunk is taken as a view of it; a
 * range spanning chunks is copied once into a buffer of exactly its length.
 */

import { assert, AssertionError } from '../../lib/assert.js';

const EMPTY = new Uint8Array(0);

export class ChunkQueue {
  private readonly chunks: Uint8Array[] = [];
  /** Offset of the first unread byte in chunks[0]. */
  private headOffset = 0;
  private length = 0;

  /** Bytes queued and not yet taken. */
  get buffered(): number {
    return this.length;
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  /** The byte `index` places from the front; the caller checks `buffered` first. */
  peek(index: number): number {
    if (index >= this.length) assert(false, `peek ${index} of ${this.length} buffered bytes`);
    let at = this.headOffset + index;
    for (const chunk of this.chunks) {
      if (at < chunk.length) return chunk[at]!;
      at -= chunk.length;
    }
    throw new AssertionError('unreachable');
  }

  /** Removes `count` bytes from the front: a view when they lie in one chunk, else one exact copy. */
  take(count: number): Uint8Array {
    if (count > this.length) assert(false, `take ${count} of ${this.length} buffered bytes`);
    if (count === 0) return EMPTY;
    const first = this.chunks[0]!;
    const start = this.headOffset;
    if (first.length - start >= count) {
      this.advance(count);
      return first.subarray(start, start + count);
    }
    const joined = new Uint8Array(count);
    let filled = 0;
    while (filled < count) {
      const chunk = this.chunks[0]!;
      const from = this.headOffset;
      const n = Math.min(chunk.length - from, count - filled);
      joined.set(chunk.subarray(from, from + n), filled);
      filled += n;
      this.advance(n);
    }
    return joined;
  }

  /** Everything queued, in order (the queue is left empty). */
  takeAll(): Uint8Array {
    return this.take(this.length);
  }

  clear(): void {
    this.chunks.length = 0;
    this.headOffset = 0;
    this.length = 0;
  }

  /** Moves the read position `count` bytes on, within the first chunk, dropping it when used up. */
  private advance(count: number): void {
    const first = this.chunks[0]!;
    this.headOffset += count;
    this.length -= count;
    if (this.headOffset === first.length) {
      this.chunks.shift();
      this.headOffset = 0;
    }
  }
}
