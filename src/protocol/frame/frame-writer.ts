/**
 * Encodes envelopes: the header, the optional body sections its flags announce, then the
 * message body, all in one buffer with the length patched in at the end (no second copy).
 *
 * Section order (spec 2.2; both drivers parse in this order): tracing id [uuid] (flag 0x02),
 * warnings [string list] (0x08), custom payload [bytes map] (0x04). A flag is set exactly when
 * its section is written, never otherwise; tracing ids and warnings exist only in responses,
 * and compression (0x01) is never set, since none is negotiated.
 */

import { assert } from '../../lib/assert.js';
import { BodyWriter } from '../wire/body-writer.js';
import { encodeFrameHeader, FRAME_HEADER_BYTES, FrameFlag, LEGACY_FRAME_HEADER_BYTES, type Direction } from './frame-header.js';
import type { Opcode } from './opcode.js';
import { hasLegacyHeader } from './protocol-version.js';

export interface EnvelopeHead {
  readonly stream: number;
  readonly opcode: Opcode;
  /** Responses to a traced request: the trace session id (16 bytes). */
  readonly tracingId?: Uint8Array;
  /** Responses only; an empty list writes no section. */
  readonly warnings?: readonly string[];
  readonly customPayload?: ReadonlyMap<string, Uint8Array | null>;
}

/** Written first and patched at the end (encodeFrameHeader); never written into itself. */
const EMPTY_HEADER = new Uint8Array(FRAME_HEADER_BYTES);
/** A FrameWriter keeps its writer while it stays at most this large. */
const REUSED_WRITER_BYTES_MAX = 64 * 1024;

export type BodyEncoder = (writer: BodyWriter) => void;

export class FrameWriter {
  /** Reused by every encode (a connection encodes one frame at a time); dropped when grown large. */
  private writer: BodyWriter | null = null;

  constructor(
    readonly direction: Direction,
    readonly version: number,
    /** Most responses are small; larger ones double from here. */
    private readonly initialCapacity = 256,
  ) {
    assert(!hasLegacyHeader(version), 'v1/v2 frames are written only by encodeLegacyFrame');
  }

  /** The frame's bytes, a copy of the writer's: the caller may keep it (a corked socket does). */
  encode(head: EnvelopeHead, encodeBody: BodyEncoder): Uint8Array {
    // One writer per FrameWriter (one per connection), reused: a response costs one allocation,
    // its copy, rather than a writer, its buffer and views and a header array.
    const writer = (this.writer ??= new BodyWriter(this.initialCapacity));
    writer.reset();
    this.encodeTo(writer, head, encodeBody);
    const copy = writer.written().slice();
    // A large result grew the writer: let it go rather than hold that much per connection.
    if (writer.capacity > REUSED_WRITER_BYTES_MAX) this.writer = null;
    return copy;
  }

  /**
   * Appends the frame to `writer` after what it holds (frames back to back, as they go on the
   * wire). If encoding the body throws, the writer is left as it was and the error goes on.
   */
  encodeTo(writer: BodyWriter, head: EnvelopeHead, encodeBody: BodyEncoder): void {
    const start = writer.position;
    try {
      writer.raw(EMPTY_HEADER);
      const flags = this.writeSections(writer, head);
      encodeBody(writer);
      const bodyLength = writer.position - start - FRAME_HEADER_BYTES;
      encodeFrameHeader({ version: this.version, direction: this.direction, flags, stream: head.stream, opcode: head.opcode, legacy: false, bodyLength }, writer.written(), start);
    } catch (error) {
      writer.rewind(start);
      throw error;
    }
  }

  private writeSections(writer: BodyWriter, head: EnvelopeHead): number {
    let flags = 0;
    if (head.tracingId !== undefined) {
      assert(this.direction === 'response', 'only responses carry a tracing id');
      writer.uuid(head.tracingId);
      flags |= FrameFlag.tracing;
    }
    if (head.warnings !== undefined && head.warnings.length > 0) {
      assert(this.direction === 'response', 'only responses carry warnings');
      writer.stringList(head.warnings);
      flags |= FrameFlag.warning;
    }
    if (head.customPayload !== undefined) {
      writer.bytesMap(head.customPayload);
      flags |= FrameFlag.customPayload;
    }
    return flags;
  }
}

/**
 * A v1/v2 response frame (8-byte header, one-byte stream). Used for one thing only: refusing a
 * v1/v2 client in a header it can parse, as Cassandra does.
 */
export function encodeLegacyFrame(version: number, stream: number, opcode: Opcode, encodeBody: BodyEncoder): Uint8Array {
  assert(hasLegacyHeader(version), `v${version} is not a legacy version`);
  const writer = new BodyWriter(64);
  writer.raw(new Uint8Array(LEGACY_FRAME_HEADER_BYTES));
  encodeBody(writer);
  const frame = writer.written();
  const bodyLength = frame.length - LEGACY_FRAME_HEADER_BYTES;
  encodeFrameHeader({ version, direction: 'response', flags: 0, stream, opcode, bodyLength, legacy: true }, frame, 0);
  return frame;
}
