/** blob: the bytes themselves. Both directions copy, so callers may reuse their buffers. */

import { codecErrors } from './codec-errors.js';

export function serializeBlob(value: unknown): Buffer {
  if (!(value instanceof Uint8Array)) throw codecErrors.invalidValue('blob', value, 'expected a Buffer or Uint8Array');
  return Buffer.from(value);
}

export function deserializeBlob(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes);
}
