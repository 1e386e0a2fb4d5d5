/**
 * How a connection's bytes become envelopes and back, as STARTUP settles it:
 *
 *   before STARTUP is answered   plain envelopes (OPTIONS, SUPPORTED, STARTUP, READY)
 *   v4 (and v3), lz4 asked for   envelopes whose body is [int uncompressed length][lz4 block],
 *                                flag 0x01 (a body that lz4 does not shrink goes as is)
 *   v5                           envelopes inside segments (segment-codec.ts), compressed per
 *                                segment when lz4 was asked for; no envelope flag
 *
 * Both switch right after the STARTUP answer is written, as Cassandra's pipeline does: the
 * client changes its framing when it reads READY. Corrupt input (a segment failing its CRC, a
 * body that does not decompress) is reported once, and the connection answers and closes.
 */

import { lz4CompressBlock, lz4DecompressBlock, Lz4FormatError } from '../compression/lz4-block.js';
import { FRAME_HEADER_BYTES, FrameFlag, decodeFrameHeader, encodeFrameHeader } from '../frame/frame-header.js';
import type { Envelope, FrameReader, FrameReadResult } from '../frame/frame-reader.js';
import { PROTOCOL_V5 } from '../frame/protocol-version.js';
import { encodeSegments, SegmentReader, type SegmentCompression } from '../frame/segment-codec.js';
import { ProtocolError } from '../protocol-error.js';

export type FramingReadResult = FrameReadResult | { readonly kind: 'corrupt'; readonly message: string };

/** The [int] before a v4 compressed body: its uncompressed length. */
const UNCOMPRESSED_LENGTH_BYTES = 4;

export class ConnectionFraming {
  private compression: SegmentCompression = 'none';
  private segments: SegmentReader | null = null;
  private envelopeCompression = false;
  private corruption: string | null = null;
  private corruptionReported = false;

  constructor(
    private readonly envelopes: FrameReader,
    private readonly maxBodyBytes: number,
  ) {}

  /** Whether envelopes now travel in segments (v5 after STARTUP). */
  get segmented(): boolean {
    return this.segments !== null;
  }

  receive(chunk: Uint8Array): void {
    if (this.segments === null) {
      this.envelopes.push(chunk);
      return;
    }
    this.segments.push(chunk);
    this.unwrapSegments();
  }

  /** The next whole envelope, a header error, corrupt input (once), or null for now. */
  next(): FramingReadResult | null {
    if (this.corruption === null) return this.envelopes.next();
    if (this.corruptionReported) return null;
    this.corruptionReported = true;
    return { kind: 'corrupt', message: this.corruption };
  }

  /** The STARTUP answer is written: from here on, this version's framing with `compression`. */
  startAfterStartup(version: number, compression: SegmentCompression): void {
    this.compression = compression;
    if (version >= PROTOCOL_V5) {
      this.segments = new SegmentReader(compression);
      // Whatever the client sent after STARTUP is already segments.
      this.segments.push(this.envelopes.takeUnread());
      this.unwrapSegments();
    } else {
      this.envelopeCompression = compression === 'lz4';
    }
  }

  /** Whether envelopes go on the wire as encoded (no segments, no compression): wrap() is the identity. */
  get plain(): boolean {
    return this.segments === null && !this.envelopeCompression;
  }

  /** An encoded envelope as it goes on the wire now. */
  wrap(envelope: Uint8Array): Uint8Array {
    if (this.segments !== null) return encodeSegments(envelope, this.compression);
    if (this.envelopeCompression) return compressEnvelope(envelope);
    return envelope;
  }

  private unwrapSegments(): void {
    for (let next = this.segments!.next(); next !== null; next = this.segments!.next()) {
      if (next.kind === 'corrupt') {
        this.corruption ??= next.message;
        return;
      }
      this.envelopes.push(next.segment.payload);
    }
  }

  /**
   * A v4 body flagged compressed, inflated (others as they are). A body that does not inflate
   * throws ProtocolError: it fails its request, not the stream, whose framing is intact.
   */
  inflate(envelope: Envelope): Envelope {
    const { header, body } = envelope;
    if ((header.flags & FrameFlag.compressed) === 0 || !this.envelopeCompression) return envelope;
    if (body.length < UNCOMPRESSED_LENGTH_BYTES) throw new ProtocolError('compressed body shorter than its length prefix');
    const length = new DataView(body.buffer, body.byteOffset, body.byteLength).getUint32(0);
    if (length > this.maxBodyBytes) throw new ProtocolError(`Request is too big: uncompressed length ${length} exceeds maximum allowed length ${this.maxBodyBytes}.`);
    try {
      const inflated = lz4DecompressBlock(body.subarray(UNCOMPRESSED_LENGTH_BYTES), length);
      return { header: { ...header, flags: header.flags & ~FrameFlag.compressed, bodyLength: length }, body: inflated };
    } catch (error) {
      if (error instanceof Lz4FormatError) throw new ProtocolError(`frame body does not decompress: ${error.message}`);
      throw error;
    }
  }
}

/** A v4 envelope with its body lz4-compressed and flagged, unless that would not shrink it. */
function compressEnvelope(envelope: Uint8Array): Uint8Array {
  const body = envelope.subarray(FRAME_HEADER_BYTES);
  const block = lz4CompressBlock(body);
  const compressedLength = UNCOMPRESSED_LENGTH_BYTES + block.length;
  if (compressedLength >= body.length) return envelope;
  const out = new Uint8Array(FRAME_HEADER_BYTES + compressedLength);
  const header = decodeFrameHeader(envelope.subarray(0, FRAME_HEADER_BYTES));
  encodeFrameHeader({ ...header, flags: header.flags | FrameFlag.compressed, bodyLength: compressedLength }, out, 0);
  new DataView(out.buffer, out.byteOffset).setUint32(FRAME_HEADER_BYTES, body.length);
  out.set(block, FRAME_HEADER_BYTES + UNCOMPRESSED_LENGTH_BYTES);
  return out;
}
