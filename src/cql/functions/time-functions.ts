/**
 * Cassandra 4's TimeFcts: the current time in each temporal type, the conversions between
 * timeuuid, timestamp and date, the min/max timeuuid bounds of a millisecond, and the
 * deprecated dateOf/unixTimestampOf. Null or empty arguments give null.
 */

import { nativeCqlType, type CqlType, type NativeCqlTypeKind } from '../types/cql-type.js';
import { driverTypes, localDateFromDays, longFromBigInt } from '../types/driver-values.js';
import { timestampMillis, timestampValue } from '../values/timestamp-text.js';
import { functionServices } from './function-context.js';
import { scalarFunction, unaryFunction as unary, type ScalarFunction } from './native-function.js';
import { dateOfMillis, millisOfTemporal } from './temporal-values.js';
import { maxTimeUuid, minTimeUuid } from './time-uuid.js';

const millisPerDay = 86_400_000;
const type = (kind: NativeCqlTypeKind): CqlType => nativeCqlType(kind)!;

function currentTime(name: string, returnType: CqlType): ScalarFunction {
  return scalarFunction(name, returnType, [], (_args, context) => {
    const now = context.clock.nowMs();
    switch (returnType.kind) {
      case 'timeuuid':
        return functionServices(context).timeUuids.next(now);
      case 'timestamp':
        return new Date(now);
      case 'date':
        return localDateFromDays(Math.floor(now / millisPerDay));
      default: {
        const nanosOfDay = BigInt(((now % millisPerDay) + millisPerDay) % millisPerDay) * 1_000_000n;
        return new driverTypes.LocalTime(longFromBigInt(nanosOfDay));
      }
    }
  });
}

const toTimestamp = (from: CqlType): ScalarFunction =>
  unary('totimestamp', type('timestamp'), from, (value) => timestampValue(millisOfTemporal(from, value)));
const toDate = (from: CqlType): ScalarFunction => unary('todate', type('date'), from, (value) => dateOfMillis(millisOfTemporal(from, value)));
const toUnixTimestamp = (from: CqlType): ScalarFunction =>
  unary('tounixtimestamp', type('bigint'), from, (value) => longFromBigInt(millisOfTemporal(from, value)));

export const timeFunctions: readonly ScalarFunction[] = Object.freeze([
  currentTime('now', type('timeuuid')),
  currentTime('currenttimeuuid', type('timeuuid')),
  currentTime('currenttimestamp', type('timestamp')),
  currentTime('currentdate', type('date')),
  currentTime('currenttime', type('time')),
  unary('mintimeuuid', type('timeuuid'), type('timestamp'), (value) => minTimeUuid(timestampMillis(value))),
  unary('maxtimeuuid', type('timeuuid'), type('timestamp'), (value) => maxTimeUuid(timestampMillis(value))),
  unary('dateof', type('timestamp'), type('timeuuid'), (value) => timestampValue(millisOfTemporal(type('timeuuid'), value))),
  unary('unixtimestampof', type('bigint'), type('timeuuid'), (value) => longFromBigInt(millisOfTemporal(type('timeuuid'), value))),
  toDate(type('timeuuid')),
  toTimestamp(type('timeuuid')),
  toUnixTimestamp(type('timeuuid')),
  toUnixTimestamp(type('timestamp')),
  toDate(type('timestamp')),
  toUnixTimestamp(type('date')),
  toTimestamp(type('date')),
]);

/** The conversions CAST reuses (CastFcts wraps these natives). */
export const temporalConversions = Object.freeze({ toTimestamp, toDate });
