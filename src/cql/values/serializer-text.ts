/**
 * A native value as Cassandra's TypeSerializer.toCQLLiteral prints it for CAST(x AS text):
 * Java's toString of the value, except timestamps (ISO 8601 in UTC, 'T' separated, with
 * milliseconds: "2024-01-02T03:04:05.000Z") and decimals (toPlainString, never scientific).
 */

import { assertNever } from '../../lib/assert.js';
import type { NativeCqlType } from '../types/cql-type.js';
import { bigDecimalParts, type BigDecimal, type Duration } from '../types/driver-values.js';
import { serializeValue } from '../types/value-codec.js';
import { formatDateText } from './date-text.js';
import { formatDurationText } from './duration-text.js';
import { formatInetBytes } from './inet-text.js';
import { javaBigDecimalToPlainString, javaDoubleToString, javaFloatToString } from './java-number-text.js';
import { formatTimeText } from './time-text.js';
import { formatTimestampUtc, timestampMillis } from './timestamp-text.js';

/** Duration's fields, which its typings leave out. */
interface DurationFields {
  readonly months: number;
  readonly days: number;
  readonly nanoseconds: { toString(): string };
}

export function serializerText(type: NativeCqlType, value: unknown): string {
  switch (type.kind) {
    case 'ascii':
    case 'text':
      return value as string;
    case 'int':
    case 'smallint':
    case 'tinyint':
    case 'bigint':
    case 'counter':
    case 'varint':
    case 'boolean':
    case 'uuid':
    case 'timeuuid':
      return String(value);
    case 'float':
      return javaFloatToString(value as number);
    case 'double':
      return javaDoubleToString(value as number);
    case 'decimal': {
      const { unscaled, scale } = bigDecimalParts(value as BigDecimal);
      return javaBigDecimalToPlainString(unscaled, scale);
    }
    case 'timestamp':
      return formatTimestampUtc(timestampMillis(value), 'T');
    case 'date':
      return formatDateText(Buffer.from(serializeValue(type, value)).readUInt32BE(0) - 2 ** 31);
    case 'time':
      return formatTimeText(Buffer.from(serializeValue(type, value)).readBigInt64BE(0));
    case 'duration':
      return durationText(value as Duration);
    case 'blob':
      return `0x${Buffer.from(value as Uint8Array).toString('hex')}`;
    case 'inet':
      return formatInetBytes(serializeValue(type, value));
    default:
      return assertNever(type.kind, 'native CQL type');
  }
}

export function durationText(value: Duration): string {
  const { months, days, nanoseconds } = value as unknown as DurationFields;
  return formatDurationText({ months, days, nanoseconds: BigInt(nanoseconds.toString()) });
}
