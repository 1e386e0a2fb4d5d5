/**
 * The DataStax driver's own encoder as the golden reference: our bytes must equal its bytes,
 * and our decoding of its bytes must equal its decoding.
 */

import { createRequire } from 'node:module';
import cassandra from 'cassandra-driver';
import { expect } from 'vitest';
import { assertNever } from '../../../../src/lib/assert.js';
import { isNativeCqlType, type CqlType } from '../../../../src/cql/types/cql-type.js';
import { deserializeValue, serializeValue } from '../../../../src/cql/types/value-codec.js';

const { types } = cassandra;
const { dataTypes } = types;
const require = createRequire(import.meta.url);

interface DriverEncoder {
  encode(value: unknown, typeInfo: unknown): Buffer | null;
  decode(bytes: Buffer, typeInfo: unknown): unknown;
}
const Encoder = require('cassandra-driver/lib/encoder') as new (version: number, options: object) => DriverEncoder;
const encoder = new Encoder(4, {});

export function driverTypeInfo(type: CqlType): unknown {
  if (isNativeCqlType(type)) return { code: (dataTypes as unknown as Record<string, number>)[type.kind] };
  switch (type.kind) {
    case 'list':
    case 'set':
      return { code: dataTypes[type.kind], info: driverTypeInfo(type.element) };
    case 'map':
      return { code: dataTypes.map, info: [driverTypeInfo(type.key), driverTypeInfo(type.value)] };
    case 'tuple':
      return { code: dataTypes.tuple, info: type.elements.map(driverTypeInfo) };
    case 'udt':
      return {
        code: dataTypes.udt,
        info: { name: type.name, keyspace: type.keyspace, fields: type.fields.map((f) => ({ name: f.name, type: driverTypeInfo(f.type) })) },
      };
    default:
      return assertNever(type);
  }
}

export function driverEncode(type: CqlType, value: unknown): Buffer | null {
  return encoder.encode(value, driverTypeInfo(type));
}

export function driverDecode(type: CqlType, bytes: Uint8Array): unknown {
  return encoder.decode(Buffer.from(bytes), driverTypeInfo(type));
}

export function hex(bytes: Uint8Array | null): string | null {
  return bytes === null ? null : Buffer.from(bytes).toString('hex');
}

/**
 * Our bytes equal the driver's, and decoding them (ours and the driver's decoder) gives the
 * same value, which equals `expected` when given (to check the decoded value itself).
 */
export function expectMatchesDriver(type: CqlType, value: unknown): unknown {
  const ours = serializeValue(type, value);
  expect(hex(ours)).toBe(hex(driverEncode(type, value)));
  const decoded = deserializeValue(type, ours);
  expectSameValue(decoded, driverDecode(type, ours));
  return decoded;
}

/** Deep equality that sees driver value classes by class and text, Dates by time, -0 and NaN. */
export function expectSameValue(actual: unknown, expected: unknown): void {
  expect(comparable(actual)).toEqual(comparable(expected));
}

const valueClasses = [
  types.TimeUuid,
  types.Uuid,
  types.Long,
  types.Integer,
  types.BigDecimal,
  types.InetAddress,
  types.LocalDate,
  types.LocalTime,
  types.Duration,
] as const;

export function comparable(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : Number.isNaN(value) ? 'NaN' : value;
  if (Buffer.isBuffer(value)) return { buffer: value.toString('hex') };
  if (value instanceof Date) return { date: Number.isNaN(value.getTime()) ? 'invalid' : value.getTime() };
  if (value instanceof types.Tuple) return { tuple: value.elements.map(comparable), length: value.length };
  for (const valueClass of valueClasses) {
    if (value instanceof valueClass) return { class: valueClass.name, text: String(value) };
  }
  if (Array.isArray(value)) return value.map(comparable);
  if (typeof value === 'object') {
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, comparable(v)]));
  }
  return value;
}
