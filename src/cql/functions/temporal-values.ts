/**
 * Milliseconds since the epoch of the temporal types the time functions take (TemporalType
 * toTimeInMillis), and dates of milliseconds: a date is midnight UTC of its day, and a
 * millisecond count becomes a day by truncating toward zero, as Java's Duration.toDays does
 * (so 1969-12-31T23:00Z is day 0, 1970-01-01: Cassandra's quirk, kept).
 */

import { assert } from '../../lib/assert.js';
import { nativeCqlType, type CqlType } from '../types/cql-type.js';
import { localDateFromDays, type LocalDate } from '../types/driver-values.js';
import { serializeValue } from '../types/value-codec.js';
import { timestampMillis } from '../values/timestamp-text.js';
import { unixMillisOfTimeUuid } from './time-uuid.js';

const millisPerDay = 86_400_000n;
const dateType = nativeCqlType('date')!;

export function millisOfTemporal(type: CqlType, value: unknown): bigint {
  switch (type.kind) {
    case 'timestamp':
      return timestampMillis(value);
    case 'timeuuid':
      return unixMillisOfTimeUuid(serializeValue(type, value));
    case 'date':
      return BigInt(daysOfDate(value)) * millisPerDay;
    default:
      assert(false, `not a temporal type: ${type.kind}`);
  }
}

export function daysOfDate(value: unknown): number {
  return Buffer.from(serializeValue(dateType, value)).readUInt32BE(0) - 2 ** 31;
}

export function dateOfMillis(millis: bigint): LocalDate {
  return localDateFromDays(Number(millis / millisPerDay));
}
