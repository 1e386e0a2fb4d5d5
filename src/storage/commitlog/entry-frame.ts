/**
 * The frame around one commit-log entry (one batch of encoded partition updates), after the
 * record framing of Cassandra's early CommitLogSegment: a length with its own checksum, so a
 * reader trusts the length before it jumps over the payload, then the payload and its checksum.
 *
 *   +0      u32 length       payload bytes, > 0
 *   +4      u32 lengthCrc    crc32(u64 segmentId | u32 frameOffset | u32 length)
 *   +8      payload          `length` bytes (partition-codec.ts records, concatenated)
 *   +8+len  u32 payloadCrc   crc32(payload) continued from lengthCrc
 *
 * All big-endian; crc32 is zlib's (node:zlib). Seeding the length checksum with the segment id
 * and the frame's own offset means a frame is valid only where it was written: a frame copied
 * inside a payload (a blob that happens to hold commit-log bytes) or left from another file never
 * checks out elsewhere, so after a corrupt entry the replayer can scan for the next real frame
 * without mistaking data for framing. Chaining the payload checksum from the length checksum
 * ties the payload to that same place. Zeros never pass: a length of 0 is invalid.
 */

import zlib from 'node:zlib';

export const FRAME_HEADER_BYTES = 8;
export const FRAME_TRAILER_BYTES = 4;
export const FRAME_OVERHEAD_BYTES = FRAME_HEADER_BYTES + FRAME_TRAILER_BYTES;
const TWO_POW_32 = 2 ** 32;

// Scratch for the 16 bytes the length checksum covers; every caller is synchronous.
const seedBytes = new Uint8Array(16);
const seedView = new DataView(seedBytes.buffer);

export function lengthChecksum(segmentId: number, frameOffset: number, length: number): number {
  seedView.setUint32(0, Math.floor(segmentId / TWO_POW_32));
  seedView.setUint32(4, segmentId >>> 0);
  seedView.setUint32(8, frameOffset);
  seedView.setUint32(12, length);
  return zlib.crc32(seedBytes);
}

/**
 * Writes the frame header and trailer around a payload already copied to
 * `frame[FRAME_HEADER_BYTES ..]`; returns the frame's size.
 */
export function sealFrame(
  frame: Uint8Array,
  view: DataView,
  at: { readonly segmentId: number; readonly frameOffset: number },
  length: number,
): number {
  const lengthCrc = lengthChecksum(at.segmentId, at.frameOffset, length);
  view.setUint32(0, length);
  view.setUint32(4, lengthCrc);
  const payload = frame.subarray(FRAME_HEADER_BYTES, FRAME_HEADER_BYTES + length);
  view.setUint32(FRAME_HEADER_BYTES + length, zlib.crc32(payload, lengthCrc));
  return length + FRAME_OVERHEAD_BYTES;
}

/** A whole segment file read back, with the id that seeds its frame checksums. */
export interface SegmentImage {
  readonly file: Uint8Array;
  readonly view: DataView;
  readonly segmentId: number;
}

export type FrameCheck =
  /** An intact entry: payload in file[payloadStart, payloadEnd); the next frame at `next`. */
  | {
      readonly kind: 'entry';
      readonly payloadStart: number;
      readonly payloadEnd: number;
      readonly next: number;
    }
  /** The file ends inside this frame (its length, if readable, is trusted). */
  | { readonly kind: 'cut-short' }
  /** The length fails its checksum: where the next frame starts is unknown. */
  | { readonly kind: 'bad-length' }
  /** The length is sound but the payload fails its checksum; the next frame is at `next`. */
  | { readonly kind: 'bad-payload'; readonly next: number };

/** Checks the frame that should start at `offset` of a segment file's bytes. */
export function checkFrameAt(image: SegmentImage, offset: number): FrameCheck {
  const { file, view, segmentId } = image;
  const remaining = file.length - offset;
  if (remaining < FRAME_HEADER_BYTES) return { kind: 'cut-short' };
  const length = view.getUint32(offset);
  if (length === 0 || view.getUint32(offset + 4) !== lengthChecksum(segmentId, offset, length)) {
    return { kind: 'bad-length' };
  }
  const next = offset + FRAME_OVERHEAD_BYTES + length;
  if (next > file.length) return { kind: 'cut-short' };
  const payloadStart = offset + FRAME_HEADER_BYTES;
  const payloadEnd = payloadStart + length;
  const lengthCrc = view.getUint32(offset + 4);
  const payloadCrc = zlib.crc32(file.subarray(payloadStart, payloadEnd), lengthCrc);
  if (payloadCrc !== view.getUint32(payloadEnd)) return { kind: 'bad-payload', next };
  return { kind: 'entry', payloadStart, payloadEnd, next };
}

/**
 * The offset of the first intact frame at or after `from`, or null if none. Each candidate
 * offset costs a bounds test and, for plausible lengths, one 16-byte checksum; it runs only after
 * a corrupt or torn entry.
 */
export function findNextFrame(image: SegmentImage, from: number): number | null {
  const { file, view } = image;
  const lastStart = file.length - FRAME_OVERHEAD_BYTES - 1;
  for (let offset = from; offset <= lastStart; offset++) {
    const length = view.getUint32(offset);
    if (length === 0 || length > file.length - offset - FRAME_OVERHEAD_BYTES) continue;
    if (checkFrameAt(image, offset).kind === 'entry') return offset;
  }
  return null;
}
