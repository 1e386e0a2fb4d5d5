/**
 * timestamp: int64 milliseconds since the epoch, decoded to a JS Date.
 * date: uint32 days with the epoch at 2^31 (so 1970-01-01 is 0x80000000), decoded to LocalDate.
 * time: int64 nanoseconds since midnight in [0, 86399999999999], decoded to LocalTime.
 */

import { codecErrors } from './codec-errors.js';
import { bufferView } from './buffer-view.js';
import { driverTypes, localDateFromDays, longFromBigInt, longToBigInt, type LocalDate, type LocalTime, type Long } from './driver-values.js';
import { int64Bytes, int64FromBytes, int64FromValue } from './int-codecs.js';

const millisPerDay = 86_400_000;
const dateEpoch = 2 ** 31;
const nanosPerDay = 86_400_000_000_000n;

export function serializeTimestamp(value: unknown): Buffer {
  if (value instanceof Date) {
    const millis = value.getTime();
    if (Number.isNaN(millis)) throw codecErrors.invalidValue('timestamp', value, 'invalid Date');
    return int64Bytes(BigInt(millis));
  }
  return int64Bytes(int64FromValue('timestamp', value));
}

/** Like the driver, a timestamp outside JS Date's ±8.64e15 ms range decodes to an Invalid Date. */
export function deserializeTimestamp(bytes: Uint8Array): Date {
  return new Date(Number(int64FromBytes(bytes, (length) => `Expected 8 or 0 byte long for date (${length})`)));
}

export function serializeDate(value: unknown): Buffer {
  const days = daysSinceEpoch(value);
  if (days === null || days < -dateEpoch || days >= dateEpoch) {
    throw codecErrors.invalidValue('date', value, "expected a LocalDate, a Date or a 'yyyy-mm-dd' string within the 32-bit day range");
  }
  const bytes = Buffer.allocUnsafe(4);
  bytes.writeUInt32BE(days + dateEpoch, 0);
  return bytes;
}

export function deserializeDate(bytes: Uint8Array): LocalDate {
  if (bytes.length !== 4) throw codecErrors.invalidBytes(`Expected 4 byte long for date (${bytes.length})`);
  return localDateFromDays(bufferView(bytes).readUInt32BE(0) - dateEpoch);
}

export function serializeTime(value: unknown): Buffer {
  const nanos = nanosOfDay(value);
  if (nanos === null || nanos < 0n || nanos >= nanosPerDay) {
    throw codecErrors.invalidValue('time', value, "expected a LocalTime, nanoseconds (bigint or Long) or an 'hh:mm:ss[.fffffffff]' string within one day");
  }
  return int64Bytes(nanos);
}

export function deserializeTime(bytes: Uint8Array): LocalTime {
  const nanos = int64FromBytes(bytes, (length) => `Expected 8 byte long for time (${length})`);
  if (nanos < 0n || nanos >= nanosPerDay) throw codecErrors.invalidBytes(`Time nanoseconds out of range: ${nanos}`);
  return new driverTypes.LocalTime(longFromBigInt(nanos));
}

/**
 * A JS Date gives its calendar day in the process's local time zone, as the driver's
 * LocalDate.fromDate does; LocalDate and strings carry no time zone.
 */
function daysSinceEpoch(value: unknown): number | null {
  if (value instanceof driverTypes.LocalDate) return localDateDays(value as LocalDate);
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? null : utcDays(value.getFullYear(), value.getMonth() + 1, value.getDate());
  }
  if (typeof value === 'string') return parseDate(value);
  return null;
}

/** A LocalDate beyond JS Date's range has NaN fields and prints as its day number. */
function localDateDays(date: LocalDate): number | null {
  return Number.isNaN(date.year) ? Number(date.toString()) : utcDays(date.year, date.month, date.day);
}

function parseDate(text: string): number | null {
  const match = /^(-?\d{1,9})-(\d{2})-(\d{2})$/.exec(text);
  if (match === null) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const days = utcDays(year, month, day);
  if (days === null) return null;
  // setUTCFullYear rolls 02-30 over into March: only a day that reads back the same is real.
  const check = new Date(days * millisPerDay);
  return check.getUTCMonth() + 1 === month && check.getUTCDate() === day ? days : null;
}

function utcDays(year: number, month: number, day: number): number | null {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  const millis = date.getTime();
  return Number.isNaN(millis) ? null : Math.floor(millis / millisPerDay);
}

function nanosOfDay(value: unknown): bigint | null {
  if (value instanceof driverTypes.LocalTime) return longToBigInt((value as LocalTime).getTotalNanoseconds() as Long);
  if (value instanceof driverTypes.Long) return longToBigInt(value as Long);
  if (typeof value === 'bigint') return value;
  if (typeof value === 'string') return parseTime(value);
  return null;
}

function parseTime(text: string): bigint | null {
  const match = /^(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/.exec(text);
  if (match === null) return null;
  const [hours, minutes, seconds] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (hours > 23 || minutes > 59 || seconds > 59) return null;
  const fraction = BigInt((match[4] ?? '').padEnd(9, '0'));
  return BigInt((hours * 60 + minutes) * 60 + seconds) * 1_000_000_000n + fraction;
}
