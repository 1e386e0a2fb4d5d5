/**
 * The entry point: a CQL value's bytes from a JS value and back, dispatching on the type's
 * kind (a new kind without a case fails to compile). The bytes are what a native protocol v4
 * [value] carries and what a cell stores; the JS values are those the DataStax Node.js driver
 * accepts and returns with its default options.
 *
 * Null is the caller's business: a null cell has no bytes at all. Empty bytes, which clients
 * may send for any type, decode as Cassandra reads them: '' for text and ascii, an empty
 * Buffer for blob, null for every other type.
 */

import { assertNever } from '../../lib/assert.js';
import { deserializeBlob, serializeBlob } from './blob-codec.js';
import { deserializeBoolean, serializeBoolean } from './boolean-codec.js';
import { codecErrors } from './codec-errors.js';
import { deserializeListOrSet, deserializeMap, serializeListOrSet, serializeMap } from './collection-codecs.js';
import { formatCqlType, type CqlType } from './cql-type.js';
import { deserializeDecimal, serializeDecimal } from './decimal-codec.js';
import { deserializeDuration, serializeDuration } from './duration-codec.js';
import { deserializeDouble, deserializeFloat, serializeDouble, serializeFloat } from './float-codecs.js';
import { deserializeInet, serializeInet } from './inet-codec.js';
import { deserializeInt64, deserializeSmallInteger, serializeInt64, serializeSmallInteger } from './int-codecs.js';
import type { NestedCodec } from './nested-codec.js';
import { deserializeAscii, deserializeText, serializeAscii, serializeText } from './text-codecs.js';
import { deserializeDate, deserializeTime, deserializeTimestamp, serializeDate, serializeTime, serializeTimestamp } from './time-codecs.js';
import { deserializeTuple, serializeTuple } from './tuple-codec.js';
import { deserializeUdt, serializeUdt } from './udt-codec.js';
import { deserializeUuid, serializeUuid } from './uuid-codecs.js';
import { deserializeVarint, serializeVarint } from './varint-codec.js';

const nested: NestedCodec = { serialize: serializeValue, deserialize: deserializeValue };

/**
 * A value's serialized bytes for a caller that copies them onward at once (into a frame, a
 * batch, a key): a blob's own bytes, not serializeBlob's defensive copy, which was one
 * allocation per blob cell, row and key on the request path.
 */
export function valueBytes(type: CqlType, value: unknown): Uint8Array {
  return type.kind === 'blob' && value instanceof Uint8Array ? value : serializeValue(type, value);
}

export function serializeValue(type: CqlType, value: unknown): Uint8Array {
  if (value === null || value === undefined) {
    throw codecErrors.invalidValue(formatCqlType(type), value, 'null has no bytes: write a null cell instead');
  }
  switch (type.kind) {
    case 'int':
    case 'smallint':
    case 'tinyint':
      return serializeSmallInteger(type.kind, value);
    case 'bigint':
    case 'counter':
      return serializeInt64(type.kind, value);
    case 'varint':
      return serializeVarint(value);
    case 'decimal':
      return serializeDecimal(value);
    case 'float':
      return serializeFloat(value);
    case 'double':
      return serializeDouble(value);
    case 'boolean':
      return serializeBoolean(value);
    case 'text':
      return serializeText(value);
    case 'ascii':
      return serializeAscii(value);
    case 'uuid':
    case 'timeuuid':
      return serializeUuid(type.kind, value);
    case 'timestamp':
      return serializeTimestamp(value);
    case 'date':
      return serializeDate(value);
    case 'time':
      return serializeTime(value);
    case 'duration':
      return serializeDuration(value);
    case 'blob':
      return serializeBlob(value);
    case 'inet':
      return serializeInet(value);
    case 'list':
    case 'set':
      return serializeListOrSet(type, value, nested);
    case 'map':
      return serializeMap(type, value, nested);
    case 'tuple':
      return serializeTuple(type, value, nested);
    case 'udt':
      return serializeUdt(type, value, nested);
    default:
      return assertNever(type, 'CQL type');
  }
}

export function deserializeValue(type: CqlType, bytes: Uint8Array): unknown {
  if (bytes.length === 0) return emptyValue(type);
  switch (type.kind) {
    case 'int':
    case 'smallint':
    case 'tinyint':
      return deserializeSmallInteger(type.kind, bytes);
    case 'bigint':
    case 'counter':
      return deserializeInt64(bytes);
    case 'varint':
      return deserializeVarint(bytes);
    case 'decimal':
      return deserializeDecimal(bytes);
    case 'float':
      return deserializeFloat(bytes);
    case 'double':
      return deserializeDouble(bytes);
    case 'boolean':
      return deserializeBoolean(bytes);
    case 'text':
      return deserializeText(bytes);
    case 'ascii':
      return deserializeAscii(bytes);
    case 'uuid':
    case 'timeuuid':
      return deserializeUuid(type.kind, bytes);
    case 'timestamp':
      return deserializeTimestamp(bytes);
    case 'date':
      return deserializeDate(bytes);
    case 'time':
      return deserializeTime(bytes);
    case 'duration':
      return deserializeDuration(bytes);
    case 'blob':
      return deserializeBlob(bytes);
    case 'inet':
      return deserializeInet(bytes);
    case 'list':
    case 'set':
      return deserializeListOrSet(type, bytes, nested);
    case 'map':
      return deserializeMap(type, bytes, nested);
    case 'tuple':
      return deserializeTuple(type, bytes, nested);
    case 'udt':
      return deserializeUdt(type, bytes, nested);
    default:
      return assertNever(type, 'CQL type');
  }
}

/** Whether a value of no bytes reads as null for `type` (text, ascii and blob have an empty value). */
export function emptyBytesAreNull(type: CqlType): boolean {
  return emptyValue(type) === null;
}

function emptyValue(type: CqlType): unknown {
  switch (type.kind) {
    case 'text':
    case 'ascii':
      return '';
    case 'blob':
      return Buffer.alloc(0);
    default:
      return null;
  }
}
