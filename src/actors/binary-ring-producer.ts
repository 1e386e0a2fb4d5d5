/**
 * The main thread's end of a data-plane ring (binary-ring.ts draws the layout). tryWrite
 * copies one payload into the ring (the one copy of a batch on the way in), publishes the
 * new write offset with an atomic store, and wakes the consumer only if it said it sleeps.
 * Once the consumer has drained the ring past its first ringHotBytes, the next record wraps
 * to the front early.
 */

import { assert } from '../lib/assert.js';
import {
  RingHeader,
  ringHotBytes,
  ringPayloadBytesMax,
  ringRecordBytes,
  ringRecordHeaderBytes,
  ringWrapMarker,
  openRingViews,
} from './binary-ring.js';

export class BinaryRingProducer {
  private readonly header: Int32Array;
  private readonly words: Uint32Array;
  private readonly bytes: Uint8Array;
  private readonly capacity: number;
  readonly payloadBytesMax: number;

  constructor(sab: SharedArrayBuffer) {
    ({ header: this.header, words: this.words, bytes: this.bytes, capacity: this.capacity } = openRingViews(sab));
    this.payloadBytesMax = ringPayloadBytesMax(this.capacity);
  }

  /** False if the ring has no room now (the caller reports Overloaded). */
  tryWrite(slot: number, correlationId: number, payload: Uint8Array): boolean {
    if (payload.byteLength > this.payloadBytesMax) assert(false, `payload of ${payload.byteLength} bytes exceeds the ring's ${this.payloadBytesMax}`);
    const need = ringRecordBytes(payload.byteLength);
    const read = Atomics.load(this.header, RingHeader.readOffset);
    let write = Atomics.load(this.header, RingHeader.writeOffset);
    if (write >= read) {
      const tail = this.capacity - write;
      // Ending exactly at the end wraps the offset to 0, which must not equal read.
      const fitsAtEnd = need < tail || (need === tail && read !== 0);
      // Drained past the hot bytes: back to the front, where the last records left pages and
      // cache lines warm. Marching over all 32 MiB, each record landed on memory last touched a
      // lap ago (cache and TLB misses, and a page fault each after the process forked): ~10 us
      // a copy against ~0.3 us.
      const drainedPastHot = write === read && write >= ringHotBytes && need < read;
      if (!fitsAtEnd || drainedPastHot) {
        if (need >= read) return false;
        this.words[write / 4] = ringWrapMarker;
        write = 0;
      }
    } else if (need >= read - write) {
      return false;
    }
    const at = write / 4;
    this.words[at] = payload.byteLength;
    this.words[at + 1] = slot;
    this.words[at + 2] = correlationId;
    this.bytes.set(payload, write + ringRecordHeaderBytes);
    const next = (write + need) % this.capacity;
    Atomics.store(this.header, RingHeader.writeOffset, next);
    if (!this.wakePending) {
      // One wake per burst: records written in the same synchronous run (a write split over
      // many vnodes) share it. Each notify can hand the core to the woken thread mid-burst.
      this.wakePending = true;
      queueMicrotask(this.wakeConsumer);
    }
    return true;
  }

  private wakePending = false;

  private readonly wakeConsumer = (): void => {
    this.wakePending = false;
    if (Atomics.load(this.header, RingHeader.consumerSleeping) === 1) {
      Atomics.add(this.header, RingHeader.wakeSequence, 1);
      Atomics.notify(this.header, RingHeader.wakeSequence);
    }
  };
}
