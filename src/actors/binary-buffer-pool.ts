/**
 * Buffers for data-plane payloads an actor only borrows (Actor.borrowsBinary), kept and handed
 * out again instead of allocated per message. A fresh buffer for every 100-200 KiB write batch
 * cost page faults on each (~13 us per 4 KiB page on this project's VM: the allocator maps
 * such sizes fresh and unmaps them when the garbage collector frees them), and kept the young
 * heap's external-memory count climbing toward extra collections.
 *
 * Buffers come in power-of-two size classes; each class keeps a few idle buffers, and sizes
 * past the largest class are allocated plainly (and not kept).
 */

import { assert } from '../lib/assert.js';

const CLASS_BYTES_MIN = 4 * 1024;
const CLASS_BYTES_MAX = 8 * 1024 * 1024;
/** Idle buffers kept per size class: the deepest a thread's data plane queues in practice. */
const IDLE_PER_CLASS_MAX = 8;

export class BinaryBufferPool {
  private readonly idle = new Map<number, ArrayBuffer[]>();

  /** A view of `length` bytes over a pooled buffer (contents undefined); give it back with give(). */
  take(length: number): Uint8Array {
    assert(Number.isSafeInteger(length) && length >= 0, 'bad buffer length');
    const size = classBytes(length);
    if (size === null) return new Uint8Array(length);
    const buffer = this.idle.get(size)?.pop() ?? new ArrayBuffer(size);
    return new Uint8Array(buffer, 0, length);
  }

  /** Returns a view's buffer for reuse; the caller must not touch the view again. */
  give(view: Uint8Array): void {
    const buffer = view.buffer;
    if (!(buffer instanceof ArrayBuffer)) return;
    const size = buffer.byteLength;
    if (classBytes(size) !== size) return;
    let list = this.idle.get(size);
    if (list === undefined) this.idle.set(size, (list = []));
    if (list.length < IDLE_PER_CLASS_MAX) list.push(buffer);
  }
}

/** The size class holding `length` bytes; null past the largest class. */
function classBytes(length: number): number | null {
  if (length > CLASS_BYTES_MAX) return null;
  let size = CLASS_BYTES_MIN;
  while (size < length) size *= 2;
  return size;
}
