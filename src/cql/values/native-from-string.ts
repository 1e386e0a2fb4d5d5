/**
 * A native type's value from text: Cassandra's AbstractType.fromString() for each type, with
 * its error messages. Constants in statements end here (Constants.Literal.parsedValue), and so
 * do most JSON values (fromJSONObject delegates to fromString for strings).
 *
 * Cassandra reads '' as the empty value for most types; a JS value cannot say "empty int", so
 * we return null there (the caller writes a null: a tombstone instead of an empty cell).
 */

import type { Clock } from '../../lib/clock.js';
import { assertNever } from '../../lib/assert.js';
import type { NativeCqlType } from '../types/cql-type.js';
import { bigDecimalOf, driverTypes, integerFromBigInt, localDateFromDays, longFromBigInt } from '../types/driver-values.js';
import { parseDateText } from './date-text.js';
import { parseDurationText } from './duration-text.js';
import { parseInetText } from './inet-text.js';
import { parseJavaBigDecimal, parseJavaBigInteger, parseJavaDouble, parseJavaFloat, parseJavaInteger } from './java-number-parsing.js';
import { MarshalError } from './marshal-error.js';
import { parseTimeText } from './time-text.js';
import { parseTimestampText, timestampValue } from './timestamp-text.js';
import { parseTimeUuidText, parseUuidText } from './uuid-text.js';

const hexDigits = /^[0-9a-fA-F]*$/;

export function nativeFromString(type: NativeCqlType, text: string, clock: Clock): unknown {
  switch (type.kind) {
    case 'ascii':
      return asciiFromString(text);
    case 'text':
      return text;
    case 'int':
      return text === '' ? null : Number(integerOrThrow(text, 32, 'int'));
    case 'smallint':
      return text === '' ? null : Number(integerOrThrow(text, 16, 'short'));
    case 'tinyint':
      return text === '' ? null : Number(integerOrThrow(text, 8, 'byte'));
    case 'bigint':
    case 'counter':
      return text === '' ? null : longFromBigInt(integerOrThrow(text, 64, 'long'));
    case 'varint':
      return text === '' ? null : integerFromBigInt(orThrow(parseJavaBigInteger(text), `unable to make int from '${text}'`));
    case 'decimal': {
      if (text === '') return null;
      const parts = orThrow(parseJavaBigDecimal(text), `unable to make BigDecimal from '${text}'`);
      return bigDecimalOf(parts.unscaled, parts.scale);
    }
    case 'float':
      return text === '' ? null : orThrow(parseJavaFloat(text), `Unable to make float from '${text}'`);
    case 'double':
      return text === '' ? null : orThrow(parseJavaDouble(text), `Unable to make double from '${text}'`);
    case 'boolean':
      return booleanFromString(text);
    case 'uuid':
      return text === '' ? null : parseUuidText(text);
    case 'timeuuid':
      return text === '' ? null : parseTimeUuidText(text);
    case 'timestamp':
      return text === '' ? null : timestampValue(parseTimestampText(text, clock));
    case 'date':
      return localDateFromDays(parseDateText(text));
    case 'time':
      return new driverTypes.LocalTime(longFromBigInt(parseTimeText(text)));
    case 'duration': {
      if (text === '') return null;
      const parts = parseDurationText(text);
      return new driverTypes.Duration(parts.months, parts.days, longFromBigInt(parts.nanoseconds));
    }
    case 'blob':
      return blobFromHex(text);
    case 'inet':
      return text === '' ? null : parseInetText(text);
    default:
      return assertNever(type.kind, 'native CQL type');
  }
}

/** BytesType.fromString: an even number of hex digits, without '0x' (Hex.hexToBytes). */
export function blobFromHex(hex: string): Buffer {
  if (!hexDigits.test(hex) || hex.length % 2 === 1) throw new MarshalError(`cannot parse '${hex}' as hex bytes`);
  return Buffer.from(hex, 'hex');
}

function asciiFromString(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const code = text.codePointAt(i)!;
    if (code > 0x7f) {
      // Java's CharsetEncoder reports the UTF-16 length of the unmappable character.
      const length = code > 0xffff ? 2 : 1;
      throw new MarshalError(`Invalid ASCII character in string literal: java.nio.charset.UnmappableCharacterException: Input length = ${length}`);
    }
  }
  return text;
}

function booleanFromString(text: string): boolean {
  const lower = text.toLowerCase();
  if (lower === '' || lower === 'false') return false;
  if (lower === 'true') return true;
  throw new MarshalError(`Unable to make boolean from '${text}'`);
}

function integerOrThrow(text: string, bits: number, javaName: string): bigint {
  const limit = 1n << BigInt(bits - 1);
  return orThrow(parseJavaInteger(text, -limit, limit - 1n), `Unable to make ${javaName} from '${text}'`);
}

function orThrow<T>(value: T | null, message: string): T {
  if (value === null) throw new MarshalError(message);
  return value;
}
