/**
 * What every SSTable component file shares: an 8-byte header naming the format and the
 * component, and (for the small metadata components) one checksummed payload.
 *
 *   ComponentHeader    u32 magic 0x5342534C ("SBSL") | u16 formatVersion | u16 componentId
 *   MetadataComponent  ComponentHeader | u32 payloadLength | payload | u32 crc32(all before)
 *
 * Data and Index follow their header with checksummed frames instead (checksummed-frame.ts).
 * All integers are big-endian; u64 values are stored as two u32 (high, low) and read back as
 * safe integers, since file positions and counts never reach 2^53.
 */

import zlib from 'node:zlib';
import { assert } from '../../lib/assert.js';
import { ByteReader } from '../../lib/bytes/byte-reader.js';
import { ByteWriter } from '../../lib/bytes/byte-writer.js';
import { CorruptionError } from '../../lib/errors.js';
import type { SSTableComponent } from './descriptor.js';

export const SSTABLE_FORMAT_VERSION = 1;
export const SSTABLE_MAGIC = 0x5342534c;
export const COMPONENT_HEADER_BYTES = 8;

export const ComponentId: Readonly<Record<Exclude<SSTableComponent, 'TOC'>, number>> = {
  Data: 1,
  Index: 2,
  Summary: 3,
  Filter: 4,
  Statistics: 5,
};

const TWO_POW_32 = 2 ** 32;

export function writeU64(writer: ByteWriter, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) assert(false, `u64 out of range: ${value}`);
  writer.u32(Math.floor(value / TWO_POW_32));
  writer.u32(value >>> 0);
}

export function readU64(reader: ByteReader): number {
  const high = reader.u32();
  const low = reader.u32();
  if (high >= 2 ** 21) throw new RangeError(`u64 ${high}:${low} is beyond 2^53`);
  return high * TWO_POW_32 + low;
}

export function writeComponentHeader(writer: ByteWriter, component: Exclude<SSTableComponent, 'TOC'>): void {
  writer.u32(SSTABLE_MAGIC);
  writer.u16(SSTABLE_FORMAT_VERSION);
  writer.u16(ComponentId[component]);
}

/** Throws CorruptionError unless `bytes` starts with this component's header. */
export function checkComponentHeader(
  bytes: Uint8Array,
  component: Exclude<SSTableComponent, 'TOC'>,
  file: string,
): void {
  if (bytes.length < COMPONENT_HEADER_BYTES) {
    throw new CorruptionError(file, 0, `file of ${bytes.length} bytes is shorter than its header`);
  }
  const reader = new ByteReader(bytes);
  const magic = reader.u32();
  if (magic !== SSTABLE_MAGIC) throw new CorruptionError(file, 0, `bad magic 0x${magic.toString(16)}`);
  const version = reader.u16();
  if (version !== SSTABLE_FORMAT_VERSION) {
    throw new CorruptionError(file, 4, `unknown format version ${version}`);
  }
  const id = reader.u16();
  if (id !== ComponentId[component]) throw new CorruptionError(file, 6, `component id ${id} is not ${component}`);
}

export function encodeMetadataComponent(
  component: Exclude<SSTableComponent, 'TOC'>,
  writePayload: (writer: ByteWriter) => void,
): Uint8Array {
  const writer = new ByteWriter(4096);
  writeComponentHeader(writer, component);
  writer.u32(0);
  const payloadStart = writer.position;
  writePayload(writer);
  writer.patchU32(COMPONENT_HEADER_BYTES, writer.position - payloadStart);
  writer.u32(zlib.crc32(writer.written()));
  return writer.toBytes();
}

/**
 * Verifies a whole metadata component (header, length, checksum) and runs `readPayload` over
 * its payload. A payload that does not parse exactly is corruption too: the checksum matched,
 * so that would take a writer bug or a collision, and either way the bytes are not ours.
 */
export function decodeMetadataComponent<T>(
  bytes: Uint8Array,
  component: Exclude<SSTableComponent, 'TOC'>,
  file: string,
  readPayload: (reader: ByteReader) => T,
): T {
  checkComponentHeader(bytes, component, file);
  const lengthAt = COMPONENT_HEADER_BYTES;
  if (bytes.length < lengthAt + 8) throw new CorruptionError(file, lengthAt, 'truncated metadata');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const payloadLength = view.getUint32(lengthAt);
  const end = lengthAt + 4 + payloadLength;
  if (end + 4 !== bytes.length) {
    throw new CorruptionError(file, lengthAt, `payload length ${payloadLength} does not match file size ${bytes.length}`);
  }
  const expected = view.getUint32(end);
  const actual = zlib.crc32(bytes.subarray(0, end));
  if (expected !== actual) throw new CorruptionError(file, end, `checksum mismatch over bytes [0, ${end})`);
  const reader = new ByteReader(bytes, lengthAt + 4, end);
  let value: T;
  try {
    value = readPayload(reader);
  } catch (error) {
    if (error instanceof RangeError) throw new CorruptionError(file, reader.position, error.message);
    throw error;
  }
  if (reader.position !== end) throw new CorruptionError(file, reader.position, 'trailing bytes in payload');
  return value;
}
