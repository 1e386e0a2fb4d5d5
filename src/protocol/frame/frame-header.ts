/**
 * The envelope header of native protocol v3-v5 (spec section 2), 9 bytes, big-endian:
 *
 *   0         8        16        24        32         40
 *   +---------+---------+---------+---------+---------+
 *   | version |  flags  |      stream       | opcode  |
 *   +---------+---------+---------+---------+---------+
 *   |                length                 |
 *   +---------+---------+---------+---------+
 *
 * version: bit 7 is the direction (1 = response), bits 0-6 the protocol version. stream is a
 * signed 16-bit id (clients use >= 0; server pushes use -1). length is the body's byte count.
 * v1/v2 headers are 8 bytes with a one-byte stream; they are decoded only to be refused.
 */

import { assert } from '../../lib/assert.js';
import { hasLegacyHeader, RESPONSE_DIRECTION_BIT, VERSION_MASK } from './protocol-version.js';

export const FRAME_HEADER_BYTES = 9;
export const LEGACY_FRAME_HEADER_BYTES = 8;

/** Header flags (spec 2.2); a response's body starts with the sections of 0x02, 0x08, 0x04 in that order. */
export const FrameFlag = {
  compressed: 0x01,
  tracing: 0x02,
  customPayload: 0x04,
  warning: 0x08,
  /** v5 only. */
  useBeta: 0x10,
} as const;

export type Direction = 'request' | 'response';

export interface FrameHeader {
  readonly version: number;
  readonly direction: Direction;
  readonly flags: number;
  readonly stream: number;
  readonly opcode: number;
  /** Unsigned: a length of 2^31 or more is simply too large, never negative. */
  readonly bodyLength: number;
  /** An 8-byte v1/v2 header. */
  readonly legacy: boolean;
}

/** The header's length given its first byte. */
export function frameHeaderBytes(versionByte: number): number {
  return hasLegacyHeader(versionByte & VERSION_MASK) ? LEGACY_FRAME_HEADER_BYTES : FRAME_HEADER_BYTES;
}

export function decodeFrameHeader(bytes: Uint8Array): FrameHeader {
  if (!(bytes.length >= 1 && bytes.length === frameHeaderBytes(bytes[0]!))) assert(false, `a frame header of ${bytes.length} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const versionByte = view.getUint8(0);
  const legacy = bytes.length === LEGACY_FRAME_HEADER_BYTES;
  const streamBytes = legacy ? 1 : 2;
  return {
    version: versionByte & VERSION_MASK,
    direction: (versionByte & RESPONSE_DIRECTION_BIT) === 0 ? 'request' : 'response',
    flags: view.getUint8(1),
    stream: legacy ? view.getInt8(2) : view.getInt16(2),
    opcode: view.getUint8(2 + streamBytes),
    bodyLength: view.getUint32(3 + streamBytes),
    legacy,
  };
}

/** Writes a header (9 bytes, or 8 for v1/v2) into `target` at `offset`. */
export function encodeFrameHeader(header: FrameHeader, target: Uint8Array, offset: number): void {
  if (header.legacy !== hasLegacyHeader(header.version)) assert(false, `v${header.version} header shape`);
  if (!(header.version >= 1 && header.version <= VERSION_MASK)) assert(false, `protocol version ${header.version}`);
  const view = new DataView(target.buffer, target.byteOffset + offset, header.legacy ? LEGACY_FRAME_HEADER_BYTES : FRAME_HEADER_BYTES);
  view.setUint8(0, header.version | (header.direction === 'response' ? RESPONSE_DIRECTION_BIT : 0));
  view.setUint8(1, header.flags);
  if (header.legacy) {
    if (!(header.stream >= -128 && header.stream <= 127)) assert(false, `v1/v2 stream ${header.stream}`);
    view.setInt8(2, header.stream);
  } else {
    if (!(header.stream >= -32768 && header.stream <= 32767)) assert(false, `stream ${header.stream}`);
    view.setInt16(2, header.stream);
  }
  const at = header.legacy ? 3 : 4;
  view.setUint8(at, header.opcode);
  view.setUint32(at + 1, header.bodyLength);
}
