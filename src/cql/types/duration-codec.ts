/**
 * duration: three signed vints, months, days and nanoseconds (DurationSerializer). Months and
 * days are 32-bit, nanoseconds 64-bit, and Cassandra requires all three to share one sign.
 */

import { codecErrors } from './codec-errors.js';
import { driverTypes, longFromBigInt, type Duration, type Long } from './driver-values.js';
import { int64FromValue } from './int-codecs.js';
import { readUnsignedVint, unzigzag, writeUnsignedVint, zigzag } from './vint-coding.js';

/** Duration's fields, which its typings leave out. */
interface DurationFields {
  readonly months: unknown;
  readonly days: unknown;
  readonly nanoseconds: unknown;
}

export function serializeDuration(value: unknown): Buffer {
  if (!(value instanceof driverTypes.Duration)) throw codecErrors.invalidValue('duration', value, 'expected a Duration');
  const { months, days, nanoseconds } = value as unknown as DurationFields;
  if (!isInt32(months) || !isInt32(days)) {
    throw codecErrors.invalidValue('duration', value, 'months and days must be 32-bit integers');
  }
  const nanos = int64FromValue('duration', nanoseconds);
  const signs = [Math.sign(months), Math.sign(days), nanos < 0n ? -1 : nanos > 0n ? 1 : 0];
  if (signs.includes(1) && signs.includes(-1)) {
    throw codecErrors.invalidValue('duration', value, 'months, days and nanoseconds must all have the same sign');
  }
  const out: number[] = [];
  for (const part of [BigInt(months), BigInt(days), nanos]) writeUnsignedVint(zigzag(part), out);
  return Buffer.from(out);
}

export function deserializeDuration(bytes: Uint8Array): Duration {
  if (bytes.length < 3) throw codecErrors.invalidBytes(`Expected at least 3 bytes for a duration (${bytes.length})`);
  const parts: bigint[] = [];
  let offset = 0;
  for (let i = 0; i < 3; i++) {
    const read = readUnsignedVint(bytes, offset);
    if (read === null) throw codecErrors.invalidBytes('Truncated duration value');
    parts.push(unzigzag(read.value));
    offset = read.next;
  }
  if (offset !== bytes.length) throw codecErrors.invalidBytes('Unexpected extraneous bytes after duration value');
  const [months = 0n, days = 0n, nanos = 0n] = parts;
  if (BigInt.asIntN(32, months) !== months || BigInt.asIntN(32, days) !== days) {
    throw codecErrors.invalidBytes('Duration months and days must be 32-bit integers');
  }
  return new driverTypes.Duration(Number(months), Number(days), longFromBigInt(nanos) as Long);
}

function isInt32(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= -(2 ** 31) && value < 2 ** 31;
}
