/**
 * Fixed-width two's-complement integers, big-endian: tinyint (1 byte), smallint (2), int (4),
 * bigint and counter (8). The 64-bit kinds decode to the driver's Long, the others to number.
 */

import { codecErrors } from './codec-errors.js';
import { driverTypes, longFromBigInt, longToBigInt, type Long } from './driver-values.js';
import { bufferView } from './buffer-view.js';

export type SmallIntegerKind = 'int' | 'smallint' | 'tinyint';
export type Int64Kind = 'bigint' | 'counter';

const widths: Readonly<Record<SmallIntegerKind, number>> = { int: 4, smallint: 2, tinyint: 1 };

/** Cassandra's own messages for a wrong byte count (Int32Serializer, ShortSerializer, ByteSerializer). */
const wrongLength: Readonly<Record<SmallIntegerKind, (length: number) => string>> = {
  int: (length) => `Expected 4 or 0 byte int (${length})`,
  smallint: (length) => `Expected 2 bytes for a smallint (${length})`,
  tinyint: (length) => `Expected 1 byte for a tinyint (${length})`,
};

export function serializeSmallInteger(kind: SmallIntegerKind, value: unknown): Buffer {
  const width = widths[kind];
  const limit = 2 ** (width * 8 - 1);
  if (typeof value !== 'number' || !Number.isInteger(value) || value < -limit || value >= limit) {
    throw codecErrors.invalidValue(kind, value, `expected an integer number in [${-limit}, ${limit - 1}]`);
  }
  const bytes = Buffer.allocUnsafe(width);
  bytes.writeIntBE(value, 0, width);
  return bytes;
}

export function deserializeSmallInteger(kind: SmallIntegerKind, bytes: Uint8Array): number {
  const width = widths[kind];
  if (bytes.length !== width) throw codecErrors.invalidBytes(wrongLength[kind](bytes.length));
  return bufferView(bytes).readIntBE(0, width);
}

const int64Min = -(2n ** 63n);
const int64Max = 2n ** 63n - 1n;

/** A 64-bit integer from a Long, a JS bigint or an integer number; `typeName` words the error. */
export function int64FromValue(typeName: string, value: unknown): bigint {
  if (value instanceof driverTypes.Long) return longToBigInt(value as Long);
  const candidate = typeof value === 'bigint' ? value : typeof value === 'number' && Number.isInteger(value) ? BigInt(value) : null;
  if (candidate === null || candidate < int64Min || candidate > int64Max) {
    throw codecErrors.invalidValue(typeName, value, 'expected a Long, a bigint or an integer number in the 64-bit range');
  }
  return candidate;
}

export function int64Bytes(value: bigint): Buffer {
  const bytes = Buffer.allocUnsafe(8);
  bytes.writeBigInt64BE(value, 0);
  return bytes;
}

/** The 8 bytes as a bigint; `message` words the error for any other length. */
export function int64FromBytes(bytes: Uint8Array, message: (length: number) => string): bigint {
  if (bytes.length !== 8) throw codecErrors.invalidBytes(message(bytes.length));
  return bufferView(bytes).readBigInt64BE(0);
}

export function serializeInt64(kind: Int64Kind, value: unknown): Buffer {
  return int64Bytes(int64FromValue(kind, value));
}

export function deserializeInt64(bytes: Uint8Array): Long {
  return longFromBigInt(int64FromBytes(bytes, (length) => `Expected 8 or 0 byte long (${length})`));
}
