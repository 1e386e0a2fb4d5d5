/**
 * Reading the composite JS values the driver and our codecs use: maps as a Map or a plain
 * object, tuples as a driver Tuple or an array, UDTs as plain objects.
 *
 * A plain object can only have string keys, so a map<int, text> given as {1: 'a'} arrives
 * with the key '1'. As the DataStax driver coerces such keys when it encodes them, we read a
 * property name as text of the key type (Cassandra's fromString rules, 'yyyy-mm-dd' for dates,
 * also the driver's own Date text for timestamps); a key that does not read stays the string
 * and fails validation later with the codec's message.
 */

import { AssertionError } from '../../lib/assert.js';
import type { Clock } from '../../lib/clock.js';
import { isNativeCqlType, type CqlType, type MapCqlType } from '../types/cql-type.js';
import { driverTypes, type Tuple } from '../types/driver-values.js';
import { isPlainObject } from '../types/is-plain-object.js';
import { nativeFromString } from './native-from-string.js';

export type MapEntries = readonly (readonly [unknown, unknown])[];

/** Only the text 'now' reads a clock, and a property named 'now' is never read as a timestamp. */
export const noClock: Clock = {
  nowMs: () => {
    throw new AssertionError('a map key read the clock');
  },
  nowMicros: () => {
    throw new AssertionError('a map key read the clock');
  },
  nowSeconds: () => {
    throw new AssertionError('a map key read the clock');
  },
};

export function mapEntriesOf(type: MapCqlType, value: unknown): MapEntries {
  if (value instanceof Map) return [...(value as Map<unknown, unknown>).entries()];
  if (isPlainObject(value)) return Object.entries(value).map(([key, element]) => [mapKeyFromProperty(type.key, key), element] as const);
  return [];
}

export function tupleElementsOf(value: unknown): readonly unknown[] {
  if (value instanceof driverTypes.Tuple) return (value as Tuple).elements as unknown[];
  return Array.isArray(value) ? value : [];
}

export function udtFieldValue(value: unknown, field: string): unknown {
  return isPlainObject(value) && Object.hasOwn(value, field) ? value[field] : undefined;
}

export function mapKeyFromProperty(keyType: CqlType, property: string): unknown {
  if (!isNativeCqlType(keyType) || keyType.kind === 'text' || keyType.kind === 'ascii') return property;
  if (property.toLowerCase() === 'now') return property;
  try {
    if (keyType.kind === 'blob') return nativeFromString(keyType, property.replace(/^0x/, ''), noClock);
    return nativeFromString(keyType, property, noClock) ?? property;
  } catch {
    if (keyType.kind === 'timestamp') {
      const date = new Date(property);
      if (!Number.isNaN(date.getTime())) return date;
    }
    return property;
  }
}
