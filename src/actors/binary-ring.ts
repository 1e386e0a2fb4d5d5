/**
 * The data-plane ring: one SharedArrayBuffer per (main thread -> worker thread), one producer
 * (main) and one consumer (the worker). docs/formats/ring.md draws it; in short:
 *
 *   SAB = header (64 bytes, Int32 slots) | data (capacityBytes, a multiple of 4)
 *   header[0] writeOffset   producer-owned, byte offset into data, 0 <= w < capacity
 *   header[1] readOffset    consumer-owned, 0 <= r < capacity;  w == r means empty
 *   header[2] consumerSleeping  1 while the consumer waits in Atomics.waitAsync
 *   header[3] wakeSequence  the word the consumer waits on; the producer bumps it to wake
 *   header[4] capacityBytes header[5] version (checked by the consumer)
 *   record  = u32 payloadLength | u32 actorSlot | u32 correlationId | payload | pad to 4
 *   wrap    = u32 0xFFFFFFFF where a record did not fit before the end, or where the
 *             producer found the ring drained past ringHotBytes: go to offset 0
 *
 * Integers are in the platform's byte order: both ends run in one process. The writer never
 * lets w catch up with r (one record's worth of gap), so "full" and "empty" never look alike.
 */

import { assert } from '../lib/assert.js';

export const ringHeaderBytes = 64;
export const ringRecordHeaderBytes = 12;
export const ringWrapMarker = 0xffff_ffff;
export const ringFormatVersion = 1;
/**
 * How far into the ring records go before a drained ring wraps early (binary-ring-producer.ts):
 * while the consumer keeps up, records cycle through this much memory, warm in cache and TLB.
 */
export const ringHotBytes = 256 * 1024;

export const RingHeader = {
  writeOffset: 0,
  readOffset: 1,
  consumerSleeping: 2,
  wakeSequence: 3,
  capacityBytes: 4,
  version: 5,
} as const;

/** Allocates a ring with `capacityBytes` of record space (rounded down to a multiple of 4). */
export function createBinaryRing(capacityBytes: number): SharedArrayBuffer {
  const capacity = Math.floor(capacityBytes / 4) * 4;
  assert(capacity >= 64 && capacity < 0x7fff_ffff, `ring capacity ${capacityBytes} out of range`);
  const sab = new SharedArrayBuffer(ringHeaderBytes + capacity);
  const header = new Int32Array(sab, 0, ringHeaderBytes / 4);
  header[RingHeader.capacityBytes] = capacity;
  header[RingHeader.version] = ringFormatVersion;
  return sab;
}

/** The memory page size preTouchRing steps by (4 KiB on x86-64 and most arm64 Linux). */
const PAGE_BYTES = 4096;

/**
 * Writes one byte per memory page of a new ring's record area, so its page faults are paid at
 * start-up rather than by the first pass of the producer through the ring: a fault costs
 * ~13 us per 4 KiB page on this project's VM, ~0.1 s for a 32 MiB ring, and any ingest of more
 * than a ring's size makes every page resident anyway. Only before the ring is in use.
 */
export function preTouchRing(sab: SharedArrayBuffer): void {
  const { header, bytes } = openRingViews(sab);
  assert(Atomics.load(header, RingHeader.writeOffset) === 0 && Atomics.load(header, RingHeader.readOffset) === 0, 'pre-touch of a ring in use');
  for (let at = 0; at < bytes.length; at += PAGE_BYTES) bytes[at] = 0;
}

export function ringRecordBytes(payloadBytes: number): number {
  return ringRecordHeaderBytes + ((payloadBytes + 3) & ~3);
}

/** The largest payload a ring can take in one record (the gap rule costs one record). */
export function ringPayloadBytesMax(capacityBytes: number): number {
  return Math.floor(capacityBytes / 2) - ringRecordHeaderBytes - 4;
}

/** Typed views of an existing ring, checked against its header (both ends open it this way). */
export interface RingViews {
  readonly header: Int32Array;
  readonly words: Uint32Array;
  readonly bytes: Uint8Array;
  readonly capacity: number;
}

export function openRingViews(sab: SharedArrayBuffer): RingViews {
  const header = new Int32Array(sab, 0, ringHeaderBytes / 4);
  assert(header[RingHeader.version] === ringFormatVersion, 'ring format version');
  const capacity = header[RingHeader.capacityBytes] ?? 0;
  assert(sab.byteLength === ringHeaderBytes + capacity, 'ring size');
  return {
    header,
    words: new Uint32Array(sab, ringHeaderBytes, capacity / 4),
    bytes: new Uint8Array(sab, ringHeaderBytes, capacity),
    capacity,
  };
}
