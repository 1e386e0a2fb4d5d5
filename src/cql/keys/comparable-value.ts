/**
 * One clustering value in byte-comparable form: unsigned byte order of the output is the
 * order of the type's Cassandra comparator, and every encoding is self-delimiting (fixed
 * length, length-prefixed or terminated), so a following component marker is never read as
 * data and inverting the bytes exactly reverses the order (DESC).
 *
 * Values go through serializeValue first, so validation and accepted JS values are those of
 * the value codecs, and every encoding is computed from Cassandra's value bytes; decoding
 * rebuilds those bytes and calls deserializeValue.
 *
 *   int, smallint, tinyint, bigint, counter, timestamp, time: value bytes, sign bit flipped
 *   date (u32 days, epoch at 2^31), boolean: value bytes as they are
 *   float, double: sign bit flipped if positive, all bytes inverted if negative; NaN made
 *                  canonical, so -Infinity < ... < -0.0 < 0.0 < ... < Infinity < NaN as in
 *                  Java's Float.compare
 *   text, ascii, blob, inet: escaped and terminated (escaped-bytes.ts)
 *   varint, decimal: by numeric value (comparable-numbers.ts)
 *   uuid, timeuuid: comparable-uuid.ts
 *   frozen list, set, map, tuple, UDT: element by element (comparable-composite.ts)
 *   duration: refused, also inside a collection, tuple or UDT (Cassandra has no order for it)
 */

import { assertNever } from '../../lib/assert.js';
import { formatCqlType, type CqlType } from '../types/cql-type.js';
import { varintFromBytes } from '../types/varint-codec.js';
import { deserializeValue, serializeValue } from '../types/value-codec.js';
import type { ComparableReader } from './comparable-reader.js';
import { readComparableDecimal, readComparableVarint, writeComparableDecimal, writeComparableVarint } from './comparable-numbers.js';
import { readComparableTimeUuid, readComparableUuid, writeComparableTimeUuid, writeComparableUuid } from './comparable-uuid.js';
import {
  readComparableListOrSet,
  readComparableMap,
  readComparableTupleOrUdt,
  writeComparableListOrSet,
  writeComparableMap,
  writeComparableTupleOrUdt,
  type ComparableElementCodec,
} from './comparable-composite.js';
import { readEscaped, writeEscaped } from './escaped-bytes.js';
import { keyErrors } from './key-errors.js';

type FixedSignedKind = 'int' | 'smallint' | 'tinyint' | 'bigint' | 'counter' | 'timestamp' | 'time';

const signedWidths: Readonly<Record<FixedSignedKind, number>> = Object.freeze({
  int: 4,
  smallint: 2,
  tinyint: 1,
  bigint: 8,
  counter: 8,
  timestamp: 8,
  time: 8,
});

/** Throws Invalid for types that cannot be clustered: duration, wherever it is nested. */
export function checkClusteringType(type: CqlType, column: string): void {
  if (referencesDuration(type)) {
    const why = type.kind === 'duration' ? 'durations have no order' : 'it holds durations, which have no order';
    throw keyErrors.unsupportedClusteringType(column, formatCqlType(type), why);
  }
}

function referencesDuration(type: CqlType): boolean {
  switch (type.kind) {
    case 'duration':
      return true;
    case 'list':
    case 'set':
      return referencesDuration(type.element);
    case 'map':
      return referencesDuration(type.key) || referencesDuration(type.value);
    case 'tuple':
      return type.elements.some(referencesDuration);
    case 'udt':
      return type.fields.some((field) => referencesDuration(field.type));
    default:
      return false;
  }
}

export function writeComparableValue(type: CqlType, value: unknown, out: number[]): void {
  writeComparableBytes(type, serializeValue(type, value), out);
}

export function readComparableValue(type: CqlType, reader: ComparableReader): unknown {
  return deserializeValue(type, readComparableBytes(type, reader));
}

/** The comparable encoding of non-null value bytes of `type`. */
export function writeComparableBytes(type: CqlType, bytes: Uint8Array, out: number[]): void {
  switch (type.kind) {
    case 'int':
    case 'smallint':
    case 'tinyint':
    case 'bigint':
    case 'counter':
    case 'timestamp':
    case 'time':
      out.push(bytes[0]! ^ 0x80);
      for (let i = 1; i < bytes.length; i++) out.push(bytes[i]!);
      return;
    case 'date':
    case 'boolean':
      for (const byte of bytes) out.push(byte);
      return;
    case 'float':
    case 'double':
      writeComparableFloat(type.kind, bytes, out);
      return;
    case 'text':
    case 'ascii':
    case 'blob':
    case 'inet':
      writeEscaped(bytes, out);
      return;
    case 'varint':
      writeComparableVarint(varintFromBytes(bytes), out);
      return;
    case 'decimal': {
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      writeComparableDecimal(varintFromBytes(bytes.subarray(4)), view.getInt32(0), out);
      return;
    }
    case 'uuid':
      writeComparableUuid(bytes, out);
      return;
    case 'timeuuid':
      writeComparableTimeUuid(bytes, out);
      return;
    case 'list':
    case 'set':
      writeComparableListOrSet(type, bytes, elementCodec, out);
      return;
    case 'map':
      writeComparableMap(type, bytes, elementCodec, out);
      return;
    case 'tuple':
    case 'udt':
      writeComparableTupleOrUdt(type, bytes, elementCodec, out);
      return;
    case 'duration':
      return refuse(type);
    default:
      return assertNever(type, 'CQL type');
  }
}

/** Reads one comparable encoding of `type` back to its value bytes. */
export function readComparableBytes(type: CqlType, reader: ComparableReader): Uint8Array {
  switch (type.kind) {
    case 'int':
    case 'smallint':
    case 'tinyint':
    case 'bigint':
    case 'counter':
    case 'timestamp':
    case 'time': {
      const bytes = reader.take(signedWidths[type.kind]);
      bytes[0] = bytes[0]! ^ 0x80;
      return bytes;
    }
    case 'date':
      return reader.take(4);
    case 'boolean':
      return reader.take(1);
    case 'float':
    case 'double':
      return readComparableFloat(type.kind === 'float' ? 4 : 8, reader);
    case 'text':
    case 'ascii':
    case 'blob':
    case 'inet':
      return readEscaped(reader);
    case 'varint':
      return serializeValue(type, readComparableVarint(reader));
    case 'decimal':
      return serializeValue(type, readComparableDecimal(reader));
    case 'uuid':
      return readComparableUuid(reader);
    case 'timeuuid':
      return readComparableTimeUuid(reader);
    case 'list':
    case 'set':
      return readComparableListOrSet(type, reader, elementCodec);
    case 'map':
      return readComparableMap(type, reader, elementCodec);
    case 'tuple':
    case 'udt':
      return readComparableTupleOrUdt(type, reader, elementCodec);
    case 'duration':
      return refuse(type);
    default:
      return assertNever(type, 'CQL type');
  }
}

/** Composite encodings reach their elements through this, so comparable-composite.ts never imports back. */
const elementCodec: ComparableElementCodec = Object.freeze({ write: writeComparableBytes, read: readComparableBytes });

/** Callers check types up front with checkClusteringType; this is the backstop. */
function refuse(type: CqlType): never {
  checkClusteringType(type, '(unnamed)');
  throw keyErrors.unsupportedClusteringType('(unnamed)', formatCqlType(type), 'not supported');
}

/** Java's Float.compare order: NaN is canonical (positive, greatest) and -0.0 < 0.0. */
function writeComparableFloat(kind: 'float' | 'double', bytes: Uint8Array, out: number[]): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (Number.isNaN(kind === 'float' ? view.getFloat32(0) : view.getFloat64(0))) {
    out.push(0xff, kind === 'float' ? 0xc0 : 0xf8);
    for (let i = 2; i < bytes.length; i++) out.push(0);
    return;
  }
  const negative = (bytes[0]! & 0x80) !== 0;
  out.push(negative ? bytes[0]! ^ 0xff : bytes[0]! ^ 0x80);
  for (let i = 1; i < bytes.length; i++) out.push(negative ? bytes[i]! ^ 0xff : bytes[i]!);
}

function readComparableFloat(width: number, reader: ComparableReader): Uint8Array {
  const bytes = reader.take(width);
  const wasNegative = (bytes[0]! & 0x80) === 0;
  for (let i = 0; i < bytes.length; i++) bytes[i] = wasNegative ? bytes[i]! ^ 0xff : i === 0 ? bytes[i]! ^ 0x80 : bytes[i]!;
  return bytes;
}
