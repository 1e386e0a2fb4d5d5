/** float and double: IEEE 754 binary32 / binary64, big-endian. NaN and the infinities are values. */

import { codecErrors } from './codec-errors.js';
import { bufferView } from './buffer-view.js';

export function serializeFloat(value: unknown): Buffer {
  // A finite number too large for binary32 would silently become Infinity: refuse it instead.
  if (typeof value !== 'number' || (Number.isFinite(value) && !Number.isFinite(Math.fround(value)))) {
    throw codecErrors.invalidValue('float', value, 'expected a number in the 32-bit float range');
  }
  const bytes = Buffer.allocUnsafe(4);
  bytes.writeFloatBE(value, 0);
  return bytes;
}

export function deserializeFloat(bytes: Uint8Array): number {
  if (bytes.length !== 4) throw codecErrors.invalidBytes(`Expected 4 or 0 byte value for a float (${bytes.length})`);
  return bufferView(bytes).readFloatBE(0);
}

export function serializeDouble(value: unknown): Buffer {
  if (typeof value !== 'number') throw codecErrors.invalidValue('double', value, 'expected a number');
  const bytes = Buffer.allocUnsafe(8);
  bytes.writeDoubleBE(value, 0);
  return bytes;
}

export function deserializeDouble(bytes: Uint8Array): number {
  if (bytes.length !== 8) throw codecErrors.invalidBytes(`Expected 8 or 0 byte value for a double (${bytes.length})`);
  return bufferView(bytes).readDoubleBE(0);
}
