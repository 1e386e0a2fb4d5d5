/**
 * What names a hints file (Cassandra's HintsDescriptor): the host id of the replica its hints
 * are for, the millisecond it was created (which orders a host's files) and the format
 * version. The name carries all three, `<hostId>-<timestampMs>-<version>.hints`, and the file
 * begins with a header that repeats them under a checksum, so a file renamed or copied from
 * another store is recognised:
 *
 *   +0      u32 magic 0x53484e54 ("SHNT")
 *   +4      u16 version (1)
 *   +6      u16 hostIdLength
 *   +8      u32 timestampMs high word | u32 low word
 *   +16     hostId, utf8, hostIdLength bytes
 *   +16+n   u32 crc32 of bytes [0, 16+n)
 *
 * Big-endian, crc32 is zlib's. The entries follow the header (hint-entry-frame.ts).
 */

import zlib from 'node:zlib';
import { assert } from '../../lib/assert.js';

export const HINTS_FORMAT_VERSION = 1;
const MAGIC = 0x53484e54;
const FIXED_HEADER_BYTES = 16;
const TWO_POW_32 = 2 ** 32;
/** Host ids become file names: UUIDs, or any name of these characters. */
const HOST_ID = /^[A-Za-z0-9._:]+(?:-[A-Za-z0-9._:]+)*$/;
const FILE_NAME = /^(.+)-(\d{1,16})-(\d{1,5})\.hints$/;
const HOST_ID_BYTES_MAX = 255;

export interface HintsDescriptor {
  readonly hostId: string;
  readonly timestampMs: number;
  readonly version: number;
}

export function isValidHostId(hostId: string): boolean {
  return hostId.length > 0 && Buffer.byteLength(hostId) <= HOST_ID_BYTES_MAX && HOST_ID.test(hostId);
}

export function hintsFileName(descriptor: HintsDescriptor): string {
  return `${baseName(descriptor)}.hints`;
}

/** Where the file's dispatch position is kept (dispatch-position-file.ts). */
export function positionFileName(descriptor: HintsDescriptor): string {
  return `${baseName(descriptor)}.position`;
}

function baseName({ hostId, timestampMs, version }: HintsDescriptor): string {
  assert(isValidHostId(hostId), `host id ${JSON.stringify(hostId)} cannot name a hints file`);
  assert(Number.isSafeInteger(timestampMs) && timestampMs >= 0, `hints file timestamp ${timestampMs}`);
  return `${hostId}-${timestampMs}-${version}`;
}

/** The descriptor a file name carries, or null when the name is not a hints file's. */
export function parseHintsFileName(name: string): HintsDescriptor | null {
  const match = FILE_NAME.exec(name);
  if (match === null || !isValidHostId(match[1]!)) return null;
  const timestampMs = Number(match[2]);
  if (!Number.isSafeInteger(timestampMs)) return null;
  return { hostId: match[1]!, timestampMs, version: Number(match[3]) };
}

export function encodeHintsHeader(descriptor: HintsDescriptor): Uint8Array {
  const hostId = Buffer.from(descriptor.hostId, 'utf8');
  assert(hostId.length <= HOST_ID_BYTES_MAX, 'host id too long');
  const header = new Uint8Array(FIXED_HEADER_BYTES + hostId.length + 4);
  const view = new DataView(header.buffer);
  view.setUint32(0, MAGIC);
  view.setUint16(4, descriptor.version);
  view.setUint16(6, hostId.length);
  view.setUint32(8, Math.floor(descriptor.timestampMs / TWO_POW_32));
  view.setUint32(12, descriptor.timestampMs >>> 0);
  header.set(hostId, FIXED_HEADER_BYTES);
  const end = FIXED_HEADER_BYTES + hostId.length;
  view.setUint32(end, zlib.crc32(header.subarray(0, end)));
  return header;
}

export type HeaderCheck =
  | { readonly kind: 'header'; readonly descriptor: HintsDescriptor; readonly bytes: number }
  /** The file is shorter than its header says: it was cut while being created. */
  | { readonly kind: 'cut-short' }
  /** Not a hints header, or one whose checksum fails. */
  | { readonly kind: 'corrupt'; readonly detail: string };

/** Reads the header at the start of `bytes` (at least the file's first 16 + 255 + 4 bytes, or all of it). */
export function decodeHintsHeader(bytes: Uint8Array): HeaderCheck {
  if (bytes.length < FIXED_HEADER_BYTES) return { kind: 'cut-short' };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0) !== MAGIC) return { kind: 'corrupt', detail: 'not a hints file' };
  const hostIdLength = view.getUint16(6);
  const end = FIXED_HEADER_BYTES + hostIdLength;
  if (bytes.length < end + 4) return { kind: 'cut-short' };
  if (view.getUint32(end) !== zlib.crc32(bytes.subarray(0, end))) return { kind: 'corrupt', detail: 'header checksum mismatch' };
  const descriptor: HintsDescriptor = {
    hostId: Buffer.from(bytes.buffer, bytes.byteOffset + FIXED_HEADER_BYTES, hostIdLength).toString('utf8'),
    timestampMs: view.getUint32(8) * TWO_POW_32 + view.getUint32(12),
    version: view.getUint16(4),
  };
  return { kind: 'header', descriptor, bytes: end + 4 };
}

/** Bytes enough to hold any header: what a reader reads first. */
export const HINTS_HEADER_BYTES_MAX = FIXED_HEADER_BYTES + HOST_ID_BYTES_MAX + 4;

export function sameDescriptor(a: HintsDescriptor, b: HintsDescriptor): boolean {
  return a.hostId === b.hostId && a.timestampMs === b.timestampMs && a.version === b.version;
}
