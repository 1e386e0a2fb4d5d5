/**
 * Native protocol v5 segments (the spec's "frames"; Cassandra's FrameEncoderCrc/Lz4, the
 * Python driver's segment.py). After STARTUP is answered, every envelope travels inside
 * segments, all little-endian:
 *
 *   uncompressed: header (3 bytes)  payload length:17 | self-contained:1
 *   lz4:          header (5 bytes)  payload length:17 | uncompressed length:17 | self-contained:1
 *   then          CRC24 of the header (3 bytes), the payload, CRC32 of the payload (4 bytes)
 *
 * A payload is at most 128 KiB - 1. A self-contained segment holds whole envelopes (one or
 * more); a larger envelope is cut into segments that are not, whose payloads joined give it
 * back. So the payloads of every segment, in order, are exactly the envelope stream, which
 * is how the reader side uses them. With lz4, an uncompressed length of 0 marks a payload sent
 * as is (compressing it did not make it smaller).
 */

import { lz4CompressBlock, lz4DecompressBlock, Lz4FormatError } from '../compression/lz4-block.js';
import { ChunkQueue } from './chunk-queue.js';
import { segmentHeaderCrc24, segmentPayloadCrc32 } from './segment-checksums.js';

export const SEGMENT_PAYLOAD_BYTES_MAX = 128 * 1024 - 1;
const LENGTH_BITS = 2 ** 17;
const CRC24_BYTES = 3;
const CRC32_BYTES = 4;

export type SegmentCompression = 'none' | 'lz4';

const headerBytes = (compression: SegmentCompression): number => (compression === 'lz4' ? 5 : 3);

/** One encoded envelope as segments: a self-contained one, or several when it is larger than one can carry. */
export function encodeSegments(envelope: Uint8Array, compression: SegmentCompression): Uint8Array {
  if (envelope.length <= SEGMENT_PAYLOAD_BYTES_MAX) return encodeSegment(envelope, true, compression);
  const parts: Uint8Array[] = [];
  for (let at = 0; at < envelope.length; at += SEGMENT_PAYLOAD_BYTES_MAX) {
    parts.push(encodeSegment(envelope.subarray(at, at + SEGMENT_PAYLOAD_BYTES_MAX), false, compression));
  }
  return Buffer.concat(parts);
}

function encodeSegment(payload: Uint8Array, selfContained: boolean, compression: SegmentCompression): Uint8Array {
  let body = payload;
  let uncompressedLength = 0;
  if (compression === 'lz4') {
    const compressed = lz4CompressBlock(payload);
    if (compressed.length < payload.length) {
      body = compressed;
      uncompressedLength = payload.length;
    }
  }
  const size = headerBytes(compression);
  let header = body.length;
  let flagBit = LENGTH_BITS;
  if (compression === 'lz4') {
    header += uncompressedLength * LENGTH_BITS;
    flagBit *= LENGTH_BITS;
  }
  if (selfContained) header += flagBit;
  const segment = new Uint8Array(size + CRC24_BYTES + body.length + CRC32_BYTES);
  writeLittleEndian(segment, 0, header, size);
  writeLittleEndian(segment, size, segmentHeaderCrc24(header, size), CRC24_BYTES);
  segment.set(body, size + CRC24_BYTES);
  writeLittleEndian(segment, size + CRC24_BYTES + body.length, segmentPayloadCrc32(body), CRC32_BYTES);
  return segment;
}

export interface Segment {
  readonly payload: Uint8Array;
  readonly selfContained: boolean;
}

export type SegmentReadResult = { readonly kind: 'segment'; readonly segment: Segment } | { readonly kind: 'corrupt'; readonly message: string };

/**
 * Cuts a byte stream into segments, checking both CRCs and decompressing. A corrupt segment
 * is reported once; the reader then discards everything (a header that fails its CRC leaves
 * no way to find the next one), and the connection closes as Cassandra's does.
 */
export class SegmentReader {
  private readonly queue = new ChunkQueue();
  private failed = false;

  constructor(private readonly compression: SegmentCompression) {}

  push(chunk: Uint8Array): void {
    if (!this.failed) this.queue.push(chunk);
  }

  next(): SegmentReadResult | null {
    if (this.failed) return null;
    const size = headerBytes(this.compression);
    if (this.queue.buffered < size + CRC24_BYTES) return null;
    let header = 0;
    for (let i = size - 1; i >= 0; i--) header = header * 256 + this.queue.peek(i);
    let crc = 0;
    for (let i = CRC24_BYTES - 1; i >= 0; i--) crc = crc * 256 + this.queue.peek(size + i);
    if (crc !== segmentHeaderCrc24(header, size)) return this.fail(`CRC mismatch on segment header: received ${crc.toString(16)}, computed ${segmentHeaderCrc24(header, size).toString(16)}`);
    const payloadLength = header % LENGTH_BITS;
    let rest = Math.floor(header / LENGTH_BITS);
    let uncompressedLength = 0;
    if (this.compression === 'lz4') {
      uncompressedLength = rest % LENGTH_BITS;
      rest = Math.floor(rest / LENGTH_BITS);
    }
    const selfContained = rest % 2 === 1;
    const total = size + CRC24_BYTES + payloadLength + CRC32_BYTES;
    if (this.queue.buffered < total) return null;
    this.queue.take(size + CRC24_BYTES);
    const body = this.queue.take(payloadLength);
    const trailer = this.queue.take(CRC32_BYTES);
    const payloadCrc = (trailer[0]! | (trailer[1]! << 8) | (trailer[2]! << 16) | (trailer[3]! << 24)) >>> 0;
    if (payloadCrc !== segmentPayloadCrc32(body)) return this.fail('CRC mismatch on segment payload');
    if (uncompressedLength === 0) return { kind: 'segment', segment: { payload: body, selfContained } };
    try {
      return { kind: 'segment', segment: { payload: lz4DecompressBlock(body, uncompressedLength), selfContained } };
    } catch (error) {
      if (error instanceof Lz4FormatError) return this.fail(`segment payload does not decompress: ${error.message}`);
      throw error;
    }
  }

  private fail(message: string): SegmentReadResult {
    this.failed = true;
    this.queue.clear();
    return { kind: 'corrupt', message };
  }
}

function writeLittleEndian(target: Uint8Array, at: number, value: number, byteCount: number): void {
  let rest = value;
  for (let i = 0; i < byteCount; i++) {
    target[at + i] = rest % 256;
    rest = Math.floor(rest / 256);
  }
}
