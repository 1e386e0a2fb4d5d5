/**
 * varint: an arbitrary-precision integer as the shortest big-endian two's-complement byte
 * string (Java's BigInteger.toByteArray). Decodes to the driver's Integer.
 */

import { codecErrors } from './codec-errors.js';
import { bufferView } from './buffer-view.js';
import { driverTypes, integerFromBigInt, integerToBigInt, type Integer } from './driver-values.js';

export function varintBytes(value: bigint): Buffer {
  const bytes: number[] = [];
  let rest = value;
  for (;;) {
    const byte = Number(rest & 0xffn);
    bytes.push(byte);
    rest >>= 8n;
    const signBit = (byte & 0x80) !== 0;
    if ((rest === 0n && !signBit) || (rest === -1n && signBit)) break;
  }
  return Buffer.from(bytes.reverse());
}

/** Any non-empty two's-complement byte string, minimal or not, as Cassandra accepts it. */
export function varintFromBytes(bytes: Uint8Array): bigint {
  const unsigned = BigInt(`0x${bufferView(bytes).toString('hex')}`);
  return (bytes[0]! & 0x80) === 0 ? unsigned : unsigned - (1n << BigInt(bytes.length * 8));
}

export function serializeVarint(value: unknown): Buffer {
  if (value instanceof driverTypes.Integer) return varintBytes(integerToBigInt(value as Integer));
  if (typeof value === 'bigint') return varintBytes(value);
  if (typeof value === 'number' && Number.isInteger(value)) return varintBytes(BigInt(value));
  throw codecErrors.invalidValue('varint', value, 'expected an Integer, a bigint or an integer number');
}

export function deserializeVarint(bytes: Uint8Array): Integer {
  return integerFromBigInt(varintFromBytes(bytes));
}
