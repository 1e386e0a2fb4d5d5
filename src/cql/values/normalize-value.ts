/**
 * A JS value the application gave for a type (a bound value), checked and put in the one form
 * every value of this layer has, the "canonical" form:
 *
 *   natives    what deserializeValue returns (Long for bigint, LocalDate for date, ...), except
 *              a timestamp beyond a Date's range, which stays a Long
 *   list       an array
 *   set        an array in the type's order without duplicates (Cassandra keeps sets sorted)
 *   map        a Map in key order, a repeated key keeping its last value
 *   tuple      a driver Tuple with one element per component (null for missing ones)
 *   udt        a plain object with every field (null for missing ones)
 *
 * Checking is the value codecs' (serializeValue): a value of the wrong type is refused with an
 * Invalid error and never stored. Null inside a collection is refused as Cassandra does. As the
 * DataStax driver does, numbers and timestamps may also come as strings ('12', '1.5',
 * '2024-01-02 03:04:05+0000'), read by Cassandra's rules for that text.
 */

import { assertNever } from '../../lib/assert.js';
import { codecErrors } from '../types/codec-errors.js';
import { formatCqlType, isNativeCqlType, type CqlType, type MapCqlType, type NativeCqlType } from '../types/cql-type.js';
import { driverTypes } from '../types/driver-values.js';
import { int64FromBytes } from '../types/int-codecs.js';
import { isPlainObject } from '../types/is-plain-object.js';
import { deserializeValue, serializeValue } from '../types/value-codec.js';
import { compareValues } from './compare-values.js';
import { nativeFromString } from './native-from-string.js';
import { timestampValue } from './timestamp-text.js';
import { mapEntriesOf, noClock, tupleElementsOf } from './value-shapes.js';

/** The canonical form of `value` for `type`; null and undefined give null. Throws Invalid. */
export function normalizeValue(type: CqlType, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (isNativeCqlType(type)) return normalizeNative(type, value);
  switch (type.kind) {
    case 'list':
      if (!Array.isArray(value)) return refuse(type, value);
      return value.map((element: unknown) => normalizeElement(type, type.element, element));
    case 'set': {
      const elements = Array.isArray(value) ? value : value instanceof Set ? [...(value as Set<unknown>)] : null;
      if (elements === null) return refuse(type, value);
      return sortedSet(type.element, elements.map((element: unknown) => normalizeElement(type, type.element, element)));
    }
    case 'map':
      if (!(value instanceof Map) && !isPlainObject(value)) return refuse(type, value);
      return sortedMap(
        type,
        mapEntriesOf(type, value).map(([key, element]) => [normalizeElement(type, type.key, key), normalizeElement(type, type.value, element)]),
      );
    case 'tuple': {
      const elements = value instanceof driverTypes.Tuple || Array.isArray(value) ? tupleElementsOf(value) : null;
      if (elements === null || elements.length > type.elements.length) return refuse(type, value);
      return driverTypes.Tuple.fromArray(type.elements.map((elementType, i) => normalizeValue(elementType, elements[i])));
    }
    case 'udt': {
      if (!isPlainObject(value) || Object.keys(value).some((name) => !type.fields.some((field) => field.name === name))) {
        return refuse(type, value);
      }
      return udtObject(type.fields.map((field) => [field.name, normalizeValue(field.type, value[field.name])] as const));
    }
    default:
      return assertNever(type, 'CQL type');
  }
}

/** Elements sorted by the type's comparator, each distinct value once (the first one kept). */
export function sortedSet(elementType: CqlType, elements: readonly unknown[]): unknown[] {
  const sorted = [...elements].sort((a, b) => compareValues(elementType, a, b));
  return sorted.filter((element, i) => i === 0 || compareValues(elementType, sorted[i - 1], element) !== 0);
}

/** Entries sorted by key; for a repeated key the last value given wins (TreeMap.put). */
export function sortedMap(type: MapCqlType, entries: readonly (readonly [unknown, unknown])[]): Map<unknown, unknown> {
  const indexed = entries.map((entry, i) => ({ entry, i }));
  indexed.sort((a, b) => compareValues(type.key, a.entry[0], b.entry[0]) || a.i - b.i);
  const result = new Map<unknown, unknown>();
  let previousKey: unknown = undefined;
  for (const { entry } of indexed) {
    const [key, element] = entry;
    const repeated = result.size > 0 && compareValues(type.key, previousKey, key) === 0;
    if (repeated) result.set(previousKey, element);
    else result.set(key, element);
    if (!repeated) previousKey = key;
  }
  return result;
}

/** A UDT value object; defineProperty so a field named __proto__ stays a field. */
export function udtObject(fields: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [name, value] of fields) Object.defineProperty(result, name, { value, enumerable: true, writable: true, configurable: true });
  return result;
}

/** Types the driver also takes as strings ("all numeric types are supported as strings for historical reasons"). */
const textReadable: ReadonlySet<string> = new Set(['int', 'smallint', 'tinyint', 'bigint', 'counter', 'varint', 'decimal', 'float', 'double', 'timestamp']);

function normalizeNative(type: NativeCqlType, value: unknown): unknown {
  // The common bound values are canonical already: no serialize-then-deserialize round trip
  // (two copies of every blob) on the hot path of a prepared statement.
  if (type.kind === 'blob' && Buffer.isBuffer(value)) return value;
  if (type.kind === 'text' && typeof value === 'string') return value;
  if (type.kind === 'int' && typeof value === 'number' && (value | 0) === value && !Object.is(value, -0)) return value;
  // A string for a number or timestamp is read as Cassandra reads that text (strictly, where the
  // driver would let parseFloat stop at the first bad character); 'now' needs a clock: refused.
  if (typeof value === 'string' && textReadable.has(type.kind)) {
    const read = value === '' || value.toLowerCase() === 'now' ? null : nativeFromString(type, value, noClock);
    if (read === null) throw codecErrors.invalidValue(type.kind, value);
    return read;
  }
  const bytes = serializeValue(type, value);
  if (type.kind === 'timestamp') return timestampValue(int64FromBytes(bytes, () => 'timestamp'));
  return deserializeValue(type, bytes);
}

function normalizeElement(collection: CqlType, elementType: CqlType, element: unknown): unknown {
  if (element === null || element === undefined) throw codecErrors.nullInCollection(formatCqlType(collection));
  return normalizeValue(elementType, element);
}

/** Lets the codec word the refusal of a value of the wrong shape. */
function refuse(type: CqlType, value: unknown): never {
  serializeValue(type, value);
  throw codecErrors.invalidValue(formatCqlType(type), value);
}
