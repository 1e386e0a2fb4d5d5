/**
 * Variable-length values (text, ascii, blob, inet) made byte-comparable and self-delimiting:
 *
 *   data byte 0x00  ->  0x00 0xff
 *   any other byte  ->  itself
 *   end of value    ->  0x00 0x00
 *
 * A value that is a prefix of another ends with 0x00 0x00 where the longer one has a data
 * byte (>= 0x01, or 0x00 0xff), so it sorts first; the terminator can never be confused
 * with data. Unsigned byte order of the raw values is kept, which is Cassandra's order for
 * UTF8Type, AsciiType, BytesType and InetAddressType (all compare unsigned bytes).
 */

import type { ComparableReader } from './comparable-reader.js';
import { keyErrors } from './key-errors.js';

export function writeEscaped(bytes: Uint8Array, out: number[]): void {
  for (const byte of bytes) {
    out.push(byte);
    if (byte === 0) out.push(0xff);
  }
  out.push(0, 0);
}

export function readEscaped(reader: ComparableReader): Uint8Array {
  const bytes: number[] = [];
  for (;;) {
    const byte = reader.next();
    if (byte !== 0) {
      bytes.push(byte);
      continue;
    }
    const escape = reader.next();
    if (escape === 0) return Uint8Array.from(bytes);
    if (escape !== 0xff) throw keyErrors.malformed('escaped clustering value');
    bytes.push(0);
  }
}
