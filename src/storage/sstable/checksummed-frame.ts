/**
 * The checksummed frame used by the Data and Index components: data blocks, the records inside
 * a block, and index pages all share it.
 *
 *   Frame  u32 bodyLength | body | u32 crc32(bodyLength bytes + body)
 *
 * The checksum covers the length too, so a flipped length byte is caught as surely as a
 * flipped body byte. `frameAt` verifies one frame and returns where its body lies.
 */

import { assert } from '../../lib/assert.js';
import type { ByteWriter } from '../../lib/bytes/byte-writer.js';
import { crc32 } from '../../lib/bytes/crc32.js';
import { CorruptionError } from '../../lib/errors.js';

export const FRAME_OVERHEAD_BYTES = 8;

/** Starts a frame: reserves its length. Returns the frame's start for endFrame. */
export function beginFrame(writer: ByteWriter): number {
  const start = writer.position;
  writer.u32(0);
  return start;
}

/** Ends the frame begun at `start`: patches its length and appends the checksum. */
export function endFrame(writer: ByteWriter, start: number): void {
  const bodyLength = writer.position - start - 4;
  assert(bodyLength >= 0, 'frame ended before it began');
  writer.patchU32(start, bodyLength);
  writer.u32(crc32(writer.buffer(), start, writer.position));
}

export interface FrameBody {
  readonly start: number;
  readonly end: number;
}

/**
 * Verifies the frame at `at` in `bytes` (whose byte 0 lies at `fileOffset` in `file`) and
 * returns its body's bounds. Anything that does not check out is a CorruptionError naming the
 * file and the frame's file offset.
 */
export function frameAt(bytes: Uint8Array, at: number, file: string, fileOffset: number): FrameBody {
  return { start: at + 4, end: verifiedFrameEnd(bytes, at, bytes.length, file, fileOffset) };
}

/**
 * frameAt's checks for a frame that must end by `readableEnd` (a reused buffer holds stale bytes
 * beyond it), answering only where the body ends (it starts 4 bytes after `at`): no object.
 */
export function verifiedFrameEnd(bytes: Uint8Array, at: number, readableEnd: number, file: string, fileOffset: number): number {
  if (at + FRAME_OVERHEAD_BYTES > readableEnd) {
    throw new CorruptionError(file, fileOffset + at, `frame header overruns ${readableEnd} readable bytes`);
  }
  const bodyLength = readU32(bytes, at);
  const end = at + 4 + bodyLength;
  if (end + 4 > readableEnd) {
    throw new CorruptionError(file, fileOffset + at, `frame length ${bodyLength} overruns ${readableEnd} readable bytes`);
  }
  const expected = readU32(bytes, end);
  const actual = crc32(bytes, at, end);
  if (expected !== actual) throw new CorruptionError(file, fileOffset + at, `checksum mismatch in frame of ${bodyLength} bytes`);
  return end;
}

/** The frame's total length (header + body + checksum) from its unverified length field. */
export function frameLengthAt(bytes: Uint8Array, at: number): number {
  return readU32(bytes, at) + FRAME_OVERHEAD_BYTES;
}

/** A big-endian u32, without a DataView per frame. */
function readU32(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
}
