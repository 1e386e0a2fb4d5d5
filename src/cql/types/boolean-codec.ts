/** boolean: one byte, 0 is false and anything else true (Cassandra's BooleanSerializer). */

import { codecErrors } from './codec-errors.js';

export function serializeBoolean(value: unknown): Buffer {
  // The driver encodes any truthy value as true; we refuse non-booleans rather than guess.
  if (typeof value !== 'boolean') throw codecErrors.invalidValue('boolean', value, 'expected true or false');
  return Buffer.from([value ? 1 : 0]);
}

export function deserializeBoolean(bytes: Uint8Array): boolean {
  if (bytes.length !== 1) throw codecErrors.invalidBytes(`Expected 1 or 0 byte value for a boolean (${bytes.length})`);
  return bytes[0] !== 0;
}
