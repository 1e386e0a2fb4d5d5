/**
 * text (varchar) as UTF-8 and ascii as 7-bit bytes. Both directions validate, as Cassandra's
 * UTF8Serializer and AsciiSerializer do: a lone surrogate or an invalid UTF-8 sequence is
 * refused, never replaced with U+FFFD.
 */

import { isUtf8 } from 'node:buffer';
import { codecErrors } from './codec-errors.js';
import { bufferView } from './buffer-view.js';

const loneSurrogate = /\p{Surrogate}/u;
const nonAscii = /[^\x00-\x7f]/;

export function serializeText(value: unknown): Buffer {
  if (typeof value !== 'string' || loneSurrogate.test(value)) {
    throw codecErrors.invalidValue('text', value, 'expected a well-formed string');
  }
  return Buffer.from(value, 'utf8');
}

export function deserializeText(bytes: Uint8Array): string {
  if (!isUtf8(bytes)) throw codecErrors.invalidBytes('Invalid UTF-8 bytes for CQL type text');
  return bufferView(bytes).toString('utf8');
}

export function serializeAscii(value: unknown): Buffer {
  if (typeof value !== 'string' || nonAscii.test(value)) {
    throw codecErrors.invalidValue('ascii', value, 'expected a string of US-ASCII characters');
  }
  return Buffer.from(value, 'latin1');
}

export function deserializeAscii(bytes: Uint8Array): string {
  for (const byte of bytes) {
    if (byte > 0x7f) throw codecErrors.invalidBytes(`Invalid byte for ascii: ${byte}`);
  }
  return bufferView(bytes).toString('latin1');
}
