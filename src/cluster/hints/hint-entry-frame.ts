/**
 * The frame around each hint in a hints file, as Cassandra's HintsWriter lays it out: a size
 * with its own checksum, so a reader trusts the size before it reads or skips the payload,
 * then the payload and a checksum that continues from the size's.
 *
 *   +0        u32 size        payload bytes, > 0
 *   +4        u32 sizeCrc     crc32(size as 4 bytes)
 *   +8        payload         `size` bytes (hint.ts)
 *   +8+size   u32 payloadCrc  crc32(payload) seeded with sizeCrc
 *
 * Big-endian, zlib's crc32. A file cut inside an entry (the node died while appending) ends
 * with a torn entry; a size whose checksum fails means nothing after it can be located; a
 * payload whose checksum fails is skipped, its size being known good. Zeros never pass: a
 * size of 0 is invalid, so a tail of zeros left by a hard reboot reads as a bad size.
 */

import zlib from 'node:zlib';
import { assert } from '../../lib/assert.js';

export const ENTRY_HEADER_BYTES = 8;
export const ENTRY_TRAILER_BYTES = 4;
export const ENTRY_OVERHEAD_BYTES = ENTRY_HEADER_BYTES + ENTRY_TRAILER_BYTES;

const sizeBytes = new Uint8Array(4);
const sizeView = new DataView(sizeBytes.buffer);

function sizeChecksum(size: number): number {
  sizeView.setUint32(0, size);
  return zlib.crc32(sizeBytes);
}

/** The payload inside its frame, ready to append. */
export function frameEntry(payload: Uint8Array): Uint8Array {
  assert(payload.length > 0 && payload.length <= 0xffff_ffff - ENTRY_OVERHEAD_BYTES, `a hint entry of ${payload.length} bytes`);
  const frame = new Uint8Array(ENTRY_OVERHEAD_BYTES + payload.length);
  const view = new DataView(frame.buffer);
  const sizeCrc = sizeChecksum(payload.length);
  view.setUint32(0, payload.length);
  view.setUint32(4, sizeCrc);
  frame.set(payload, ENTRY_HEADER_BYTES);
  view.setUint32(ENTRY_HEADER_BYTES + payload.length, zlib.crc32(payload, sizeCrc));
  return frame;
}

export type EntryHeaderCheck =
  | { readonly kind: 'sized'; readonly size: number; readonly sizeCrc: number }
  | { readonly kind: 'bad-size' };

/** Checks the 8 bytes of an entry's header. */
export function checkEntryHeader(header: Uint8Array): EntryHeaderCheck {
  assert(header.length >= ENTRY_HEADER_BYTES, 'an entry header is 8 bytes');
  const view = new DataView(header.buffer, header.byteOffset, ENTRY_HEADER_BYTES);
  const size = view.getUint32(0);
  const sizeCrc = view.getUint32(4);
  if (size === 0 || sizeCrc !== sizeChecksum(size)) return { kind: 'bad-size' };
  return { kind: 'sized', size, sizeCrc };
}

/** Whether `payloadAndTrailer` (size + 4 bytes) holds the payload its trailer vouches for. */
export function isEntryPayloadIntact(payloadAndTrailer: Uint8Array, size: number, sizeCrc: number): boolean {
  assert(payloadAndTrailer.length === size + ENTRY_TRAILER_BYTES, 'payload and trailer');
  const view = new DataView(payloadAndTrailer.buffer, payloadAndTrailer.byteOffset, payloadAndTrailer.byteLength);
  return view.getUint32(size) === zlib.crc32(payloadAndTrailer.subarray(0, size), sizeCrc);
}
