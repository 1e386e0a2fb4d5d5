/**
 * The fixed header at the start of every commit-log segment file. It names the format version
 * (so a later layout can be told apart, STYLE "Records") and the segment id, which seeds every
 * entry checksum in the file (entry-frame.ts). Big-endian, 20 bytes:
 *
 *   offset  0  u32 magic        0x5342434C ("SBCL")
 *           4  u16 version      COMMIT_LOG_FORMAT_VERSION
 *           6  u16 reserved     0
 *           8  u64 segmentId    high u32, then low u32
 *          16  u32 crc32 of bytes 0..15
 */

import zlib from 'node:zlib';
import { assert } from '../../lib/assert.js';

export const SEGMENT_MAGIC = 0x5342434c;
export const COMMIT_LOG_FORMAT_VERSION = 1;
export const SEGMENT_HEADER_BYTES = 20;
const CHECKED_BYTES = 16;
const TWO_POW_32 = 2 ** 32;

export type SegmentHeaderCheck =
  | { readonly kind: 'valid'; readonly segmentId: number }
  | { readonly kind: 'unsupported-version'; readonly version: number }
  | { readonly kind: 'invalid'; readonly detail: string };

export function encodeSegmentHeader(segmentId: number): Uint8Array {
  assert(Number.isSafeInteger(segmentId) && segmentId >= 0, `bad segment id ${segmentId}`);
  const header = new Uint8Array(SEGMENT_HEADER_BYTES);
  const view = new DataView(header.buffer);
  view.setUint32(0, SEGMENT_MAGIC);
  view.setUint16(4, COMMIT_LOG_FORMAT_VERSION);
  view.setUint16(6, 0);
  view.setUint32(8, Math.floor(segmentId / TWO_POW_32));
  view.setUint32(12, segmentId >>> 0);
  view.setUint32(CHECKED_BYTES, zlib.crc32(header.subarray(0, CHECKED_BYTES)));
  return header;
}

/** Checks the header at the start of `file` (the whole segment file, or at least its header). */
export function decodeSegmentHeader(file: Uint8Array): SegmentHeaderCheck {
  if (file.length < SEGMENT_HEADER_BYTES) {
    const detail = `file of ${file.length} bytes is shorter than a segment header`;
    return { kind: 'invalid', detail };
  }
  const view = new DataView(file.buffer, file.byteOffset, SEGMENT_HEADER_BYTES);
  const magic = view.getUint32(0);
  if (magic !== SEGMENT_MAGIC) {
    return { kind: 'invalid', detail: `bad magic 0x${magic.toString(16)}` };
  }
  if (zlib.crc32(file.subarray(0, CHECKED_BYTES)) !== view.getUint32(CHECKED_BYTES)) {
    return { kind: 'invalid', detail: 'segment header fails its checksum' };
  }
  const version = view.getUint16(4);
  if (version !== COMMIT_LOG_FORMAT_VERSION) return { kind: 'unsupported-version', version };
  const segmentId = view.getUint32(8) * TWO_POW_32 + view.getUint32(12);
  return { kind: 'valid', segmentId };
}
