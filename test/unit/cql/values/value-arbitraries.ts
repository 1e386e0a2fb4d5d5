/**
 * fast-check arbitraries of CQL types and of values of them, in the driver's classes. Values
 * stay where Cassandra's text forms can carry them: timestamps from year 1 (its date patterns
 * have no era), finite floats for JSON (JSON has no NaN), no IPv4-mapped IPv6 addresses (Java
 * prints them as IPv4).
 */

import fc from 'fast-check';
import cassandra from 'cassandra-driver';
import {
  listType,
  mapType,
  nativeCqlType,
  setType,
  tupleType,
  udtType,
  type CqlType,
  type NativeCqlTypeKind,
} from '../../../../src/cql/types/cql-type.js';
import { bigDecimalOf, integerFromBigInt, localDateFromDays, longFromBigInt } from '../../../../src/cql/types/driver-values.js';
import { normalizeValue } from '../../../../src/cql/values/normalize-value.js';

const { Uuid, TimeUuid, LocalTime, Duration, InetAddress } = cassandra.types;

export interface ValueOptions {
  /** NaN and the infinities (CQL constants have them, JSON does not). */
  readonly nonFinite: boolean;
}

const int64 = { min: -(2n ** 63n), max: 2n ** 63n - 1n };
const firstYearMs = -62_135_596_800_000;

function nativeValue(kind: NativeCqlTypeKind, options: ValueOptions): fc.Arbitrary<unknown> {
  switch (kind) {
    case 'int':
      return fc.integer();
    case 'smallint':
      return fc.integer({ min: -32768, max: 32767 });
    case 'tinyint':
      return fc.integer({ min: -128, max: 127 });
    case 'bigint':
    case 'counter':
      return fc.bigInt(int64).map(longFromBigInt);
    case 'varint':
      return fc.bigInt({ min: -(2n ** 100n), max: 2n ** 100n }).map(integerFromBigInt);
    case 'decimal':
      return fc.tuple(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.integer({ min: -30, max: 30 })).map(([u, s]) => bigDecimalOf(u, s));
    case 'float':
      return fc.float({ noNaN: !options.nonFinite, noDefaultInfinity: !options.nonFinite });
    case 'double':
      return fc.double({ noNaN: !options.nonFinite, noDefaultInfinity: !options.nonFinite });
    case 'boolean':
      return fc.boolean();
    case 'text':
      return fc.string({ unit: 'grapheme' });
    case 'ascii':
      return fc.string({ unit: 'binary-ascii' });
    case 'uuid':
      return fc.uuid().map((text) => Uuid.fromString(text));
    case 'timeuuid':
      return fc.uint8Array({ minLength: 16, maxLength: 16 }).map((bytes) => {
        const buffer = Buffer.from(bytes);
        buffer[6] = (buffer[6]! & 0x0f) | 0x10;
        buffer[8] = (buffer[8]! & 0x3f) | 0x80;
        return new TimeUuid(buffer);
      });
    case 'timestamp':
      return fc.integer({ min: firstYearMs, max: 8_640_000_000_000_000 }).map((ms) => new Date(ms));
    case 'date':
      return fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }).map(localDateFromDays);
    case 'time':
      return fc.bigInt({ min: 0n, max: 86_399_999_999_999n }).map((nanos) => new LocalTime(longFromBigInt(nanos)));
    case 'duration':
      return fc
        .tuple(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.bigInt({ min: 0n, max: int64.max }), fc.boolean())
        .map(([months, days, nanos, negative]) =>
          negative ? new Duration(-months, -days, longFromBigInt(-nanos)) : new Duration(months, days, longFromBigInt(nanos)),
        );
    case 'blob':
      return fc.uint8Array({ maxLength: 40 }).map((bytes) => Buffer.from(bytes));
    case 'inet':
      return fc
        .oneof(fc.uint8Array({ minLength: 4, maxLength: 4 }), fc.uint8Array({ minLength: 16, maxLength: 16 }))
        .filter((bytes) => bytes.length === 4 || !bytes.subarray(0, 12).every((b, i) => (i < 10 ? b === 0 : b === 0xff)))
        .map((bytes) => new InetAddress(Buffer.from(bytes)));
  }
}

const nativeKinds: readonly NativeCqlTypeKind[] = [
  'ascii', 'text', 'int', 'bigint', 'smallint', 'tinyint', 'varint', 'decimal', 'float', 'double',
  'boolean', 'uuid', 'timeuuid', 'timestamp', 'date', 'time', 'duration', 'blob', 'inet', 'counter',
];

export const nativeTypeArbitrary: fc.Arbitrary<CqlType> = fc.constantFrom(...nativeKinds).map((kind) => nativeCqlType(kind)!);

/** Types that may be set elements and map keys: natives with an order (no duration, no counter). */
const keyTypeArbitrary: fc.Arbitrary<CqlType> = nativeTypeArbitrary.filter((type) => type.kind !== 'duration' && type.kind !== 'counter');

export const typeArbitrary: fc.Arbitrary<CqlType> = fc.letrec<{ type: CqlType; element: CqlType }>((tie) => ({
  type: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    nativeTypeArbitrary,
    tie('element').map((element) => listType(element)),
    keyTypeArbitrary.map((element) => setType(element)),
    fc.tuple(keyTypeArbitrary, tie('element')).map(([key, value]) => mapType(key, value)),
    fc.array(tie('element'), { minLength: 1, maxLength: 3 }).map((elements) => tupleType(elements)),
    fc.array(tie('element'), { minLength: 1, maxLength: 3 }).map((fields) =>
      udtType('ks', 'u', fields.map((type, i) => ({ name: i === 1 ? 'Mixed' : `f${i}`, type })), true),
    ),
  ),
  // Inside collections only frozen types, and no counters (Cassandra's rules).
  element: fc.oneof(
    { depthSize: 'small' },
    nativeTypeArbitrary.filter((type) => type.kind !== 'counter'),
    tie('element').map((element) => listType(element, true)),
    keyTypeArbitrary.map((element) => setType(element, true)),
  ),
})).type;

export function valueArbitrary(type: CqlType, options: ValueOptions): fc.Arbitrary<unknown> {
  const raw = ((): fc.Arbitrary<unknown> => {
    switch (type.kind) {
      case 'list':
      case 'set':
        return fc.array(valueArbitrary(type.element, options), { maxLength: 4 });
      case 'map':
        return fc
          .array(fc.tuple(valueArbitrary(type.key, options), valueArbitrary(type.value, options)), { maxLength: 4 })
          .map((entries) => new Map(entries));
      case 'tuple':
        return fc.tuple(...type.elements.map((element) => fc.option(valueArbitrary(element, options), { nil: null }))).map((elements) => cassandra.types.Tuple.fromArray(elements));
      case 'udt':
        return fc
          .tuple(...type.fields.map((field) => fc.option(valueArbitrary(field.type, options), { nil: null })))
          .map((values) => Object.fromEntries(type.fields.map((field, i) => [field.name, values[i]])));
      default:
        return nativeValue(type.kind, options);
    }
  })();
  return raw.map((value) => normalizeValue(type, value));
}

/** A type and a value of it, together. */
export function typedValueArbitrary(options: ValueOptions): fc.Arbitrary<{ type: CqlType; value: unknown }> {
  return typeArbitrary.chain((type) => valueArbitrary(type, options).map((value) => ({ type, value })));
}
