/**
 * timestamp values from text and back, as Cassandra's TimestampSerializer does it.
 *
 * Reading (dateStringToTimestamp): 'now' (any case) is the clock's time; an optional minus and
 * digits are milliseconds since the epoch; anything else must match one of its
 * SimpleDateFormat patterns, strictly:
 *
 *   yyyy-MM-dd[( |'T')HH:mm[:ss[.SSS]]][zone]
 *   zone: ' ' then a general time zone (GMT, UTC, PST, GMT+01:00, +0100)
 *         or, without the space, an ISO 8601 zone (Z, +01, +0100, +01:00)
 *
 * Without a zone the server's default time zone applies, which for us is UTC. SSS is Java's
 * millisecond field read as an integer, so '.5' means 5 ms and '.1234' is refused. Dates are
 * proleptic Gregorian (Java's SimpleDateFormat switches to the Julian calendar before 1582).
 *
 * Writing: toJson uses 'yyyy-MM-dd HH:mm:ss.SSSZ' in UTC ("2024-01-02 03:04:05.000Z") and CAST
 * to text uses the ISO form with a 'T' ("2024-01-02T03:04:05.000Z").
 */

import type { Clock } from '../../lib/clock.js';
import { driverTypes, longFromBigInt, type Long } from '../types/driver-values.js';
import { MarshalError } from './marshal-error.js';

const millisPattern = /^-?\d+$/;
const dateTimePattern = /^(\d+)-(\d+)-(\d+)(?:([ T])(\d+):(\d+)(?::(\d+)(?:\.(\d+))?)?)?(.*)$/s;
const isoZone = /^(?:Z|([+-])(\d{2})(?::?(\d{2}))?)$/;
const gmtZone = /^(?:GMT|UTC|UT)([+-])(\d{1,2})(?::?(\d{2}))?$/i;
const rfc822Zone = /^([+-])(\d{1,2}):?(\d{2})$/;
const int64Min = -(2n ** 63n);
const int64Max = 2n ** 63n - 1n;
const jsDateMaxMs = 8_640_000_000_000_000n;

/** Offsets in minutes of the zone names Java's SimpleDateFormat knows and people write. */
const namedZones: Readonly<Record<string, number>> = Object.freeze({
  UTC: 0, UT: 0, GMT: 0, Z: 0, WET: 0, WEST: 60, BST: 60, CET: 60, CEST: 120, MET: 60, MEST: 120,
  EET: 120, EEST: 180, MSK: 180, IST: 330, HKT: 480, SGT: 480, JST: 540, KST: 540,
  AEST: 600, AEDT: 660, NZST: 720, NZDT: 780, HST: -600, AKST: -540, AKDT: -480,
  PST: -480, PDT: -420, MST: -420, MDT: -360, CST: -360, CDT: -300, EST: -300, EDT: -240,
});

/** Milliseconds since the epoch for Cassandra's timestamp text; throws MarshalError. */
export function parseTimestampText(source: string, clock: Clock): bigint {
  if (source.toLowerCase() === 'now') return BigInt(clock.nowMs());
  if (millisPattern.test(source)) {
    const millis = BigInt(source);
    if (millis < int64Min || millis > int64Max) throw new MarshalError(`Unable to make long (for date) from: '${source}'`);
    return millis;
  }
  const millis = parseDateTime(source);
  if (millis === null) throw new MarshalError(`Unable to coerce '${source}' to a formatted date (long)`);
  return millis;
}

/** A timestamp as the driver shows it: a Date, or a Long beyond the range a Date can hold. */
export function timestampValue(millis: bigint): Date | Long {
  if (millis > jsDateMaxMs || millis < -jsDateMaxMs) return longFromBigInt(millis);
  return new Date(Number(millis));
}

/** The millisecond count of a timestamp value (Date, Long, bigint or integer number). */
export function timestampMillis(value: unknown): bigint {
  if (value instanceof Date) return BigInt(value.getTime());
  if (value instanceof driverTypes.Long) return BigInt((value as Long).toString());
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  throw new MarshalError(`Not a timestamp value: ${String(value)}`);
}

/** "2024-01-02 03:04:05.000Z" (toJson) or, with `separator` 'T', "2024-01-02T03:04:05.000Z" (CAST). */
export function formatTimestampUtc(millis: bigint, separator: ' ' | 'T'): string {
  if (millis > jsDateMaxMs || millis < -jsDateMaxMs) return millis.toString();
  const date = new Date(Number(millis));
  const year = date.getUTCFullYear();
  const yearText = year < 0 ? `-${String(-year).padStart(4, '0')}` : String(year).padStart(4, '0');
  const two = (n: number): string => String(n).padStart(2, '0');
  const time = `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`;
  const millisText = String(date.getUTCMilliseconds()).padStart(3, '0');
  return `${yearText}-${two(date.getUTCMonth() + 1)}-${two(date.getUTCDate())}${separator}${time}.${millisText}Z`;
}

function parseDateTime(source: string): bigint | null {
  const match = dateTimePattern.exec(source);
  if (match === null) return null;
  const [, y = '', mo = '', d = '', , h, mi, s, fraction, zone = ''] = match;
  const fields = [y, mo, d, h ?? '0', mi ?? '0', s ?? '0', fraction ?? '0'].map(Number);
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, millis = 0] = fields;
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59 || millis > 999) return null;
  const offset = zone === '' ? 0 : zoneOffsetMinutes(zone);
  if (offset === null) return null;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millis);
  return BigInt(date.getTime()) - BigInt(offset) * 60_000n;
}

/** ' zone' is a general time zone (pattern z); a zone glued to the text is ISO 8601 (pattern X). */
function zoneOffsetMinutes(zone: string): number | null {
  if (zone.startsWith(' ')) return generalZone(zone.slice(1));
  const iso = isoZone.exec(zone);
  if (iso === null) return null;
  if (iso[1] === undefined) return 0;
  return signedOffset(iso[1], iso[2] ?? '0', iso[3] ?? '0');
}

function generalZone(zone: string): number | null {
  const named = namedZones[zone.toUpperCase()];
  if (named !== undefined) return named;
  const gmt = gmtZone.exec(zone) ?? rfc822Zone.exec(zone);
  if (gmt === null) return null;
  return signedOffset(gmt[1] ?? '+', gmt[2] ?? '0', gmt[3] ?? '0');
}

function signedOffset(sign: string, hours: string, minutes: string): number | null {
  const [h, m] = [Number(hours), Number(minutes)];
  if (h > 23 || m > 59) return null;
  return (sign === '-' ? -1 : 1) * (h * 60 + m);
}

function daysInMonth(year: number, month: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, 0);
  return date.getUTCDate();
}
