/**
 * A worker's end of a data-plane ring (binary-ring.ts draws the layout).
 *
 * It drains at most recordsPerTurnMax records, handing each payload to the handler as a view
 * into the ring, valid only during the call (the host copies it, into a buffer the actor owns
 * or a pooled one it borrows), and frees the ring space once the handler returns; then it
 * yields to the event loop through the scheduler. When the ring is empty it sleeps with
 * Atomics.waitAsync, NOT Atomics.wait: a blocked worker would stop serving its MessagePorts
 * (asks, replies, comlink) and timers.
 *
 * Lost-wakeup check: read the wake sequence, announce sleep, re-read the write offset; the
 * producer stores its write offset before it reads the sleep flag, so either the consumer
 * sees the new record or the producer sees the flag and bumps the sequence (sequentially
 * consistent Atomics order both).
 */

import { assert } from '../lib/assert.js';
import {
  RingHeader,
  ringRecordBytes,
  ringRecordHeaderBytes,
  ringWrapMarker,
  openRingViews,
} from './binary-ring.js';
import type { TaskScheduler } from './timers.js';

/** Gets a view into the ring, valid only until it returns: copy what must outlive the call. */
export type RingRecordHandler = (slot: number, correlationId: number, payload: Uint8Array) => void;

type WaitAsyncResult = { async: false; value: 'not-equal' | 'timed-out' } | { async: true; value: Promise<'ok' | 'timed-out'> };
// Atomics.waitAsync is in ES2024's lib; Node 20 has it, our lib setting is ES2023.
const waitAsync = (Atomics as unknown as { waitAsync(a: Int32Array, index: number, value: number): WaitAsyncResult }).waitAsync;

export class BinaryRingConsumer {
  private readonly header: Int32Array;
  private readonly words: Uint32Array;
  private readonly bytes: Uint8Array;
  private readonly capacity: number;
  private stopped = false;
  private running = false;

  constructor(
    sab: SharedArrayBuffer,
    private readonly onRecord: RingRecordHandler,
    private readonly scheduler: TaskScheduler,
    private readonly recordsPerTurnMax: number,
  ) {
    ({ header: this.header, words: this.words, bytes: this.bytes, capacity: this.capacity } = openRingViews(sab));
  }

  start(): void {
    assert(!this.running, 'consumer started twice');
    this.running = true;
    this.drain();
  }

  stop(): void {
    this.stopped = true;
  }

  private drain(): void {
    if (this.stopped) return;
    let read = Atomics.load(this.header, RingHeader.readOffset);
    for (let records = 0; records < this.recordsPerTurnMax; ) {
      const write = Atomics.load(this.header, RingHeader.writeOffset);
      if (read === write) {
        this.sleep();
        return;
      }
      const at = read / 4;
      const length = this.words[at] ?? 0;
      if (length === ringWrapMarker) {
        read = 0;
        Atomics.store(this.header, RingHeader.readOffset, read);
        continue;
      }
      const slot = this.words[at + 1] ?? 0;
      const correlationId = this.words[at + 2] ?? 0;
      const start = read + ringRecordHeaderBytes;
      assert(start + length <= this.capacity, 'ring record runs past the end');
      const payload = this.bytes.subarray(start, start + length);
      read = (read + ringRecordBytes(length)) % this.capacity;
      records += 1;
      try {
        this.onRecord(slot, correlationId, payload);
      } finally {
        // Only now may the producer write over the payload.
        Atomics.store(this.header, RingHeader.readOffset, read);
      }
    }
    this.scheduler.schedule(() => this.drain());
  }

  private sleep(): void {
    const sequence = Atomics.load(this.header, RingHeader.wakeSequence);
    Atomics.store(this.header, RingHeader.consumerSleeping, 1);
    const read = Atomics.load(this.header, RingHeader.readOffset);
    if (Atomics.load(this.header, RingHeader.writeOffset) !== read) {
      Atomics.store(this.header, RingHeader.consumerSleeping, 0);
      this.scheduler.schedule(() => this.drain());
      return;
    }
    const result = waitAsync(this.header, RingHeader.wakeSequence, sequence);
    const wake = (): void => {
      Atomics.store(this.header, RingHeader.consumerSleeping, 0);
      this.drain();
    };
    if (result.async) void result.value.then(wake);
    else this.scheduler.schedule(wake);
  }
}
