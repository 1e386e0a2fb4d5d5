/**
 * list, set and map values in the protocol v4 layout: [int n], then n elements (a map: n key
 * and value pairs), each as [int length][bytes]. Elements are never null. Lists and sets
 * decode to arrays, maps to plain objects keyed by String(key), all as the driver does.
 *
 * An empty collection is [int 0], as Cassandra's CollectionSerializer writes it. (The driver
 * sends an empty list or set as null instead; see README.)
 */

import { codecErrors } from './codec-errors.js';
import { formatCqlType, type ListCqlType, type MapCqlType, type SetCqlType } from './cql-type.js';
import { isPlainObject } from './is-plain-object.js';
import { joinLengthPrefixed, LengthPrefixedReader } from './length-prefixed.js';
import type { NestedCodec } from './nested-codec.js';

export function serializeListOrSet(type: ListCqlType | SetCqlType, value: unknown, codec: NestedCodec): Buffer {
  const elements = Array.isArray(value) ? value : type.kind === 'set' && value instanceof Set ? [...value] : null;
  if (elements === null) {
    throw codecErrors.invalidValue(formatCqlType(type), value, type.kind === 'set' ? 'expected an array or a Set' : 'expected an array');
  }
  const parts = elements.map((element: unknown) => {
    if (element === null || element === undefined) throw codecErrors.nullInCollection(formatCqlType(type));
    return codec.serialize(type.element, element);
  });
  return joinLengthPrefixed(parts.length, parts);
}

export function deserializeListOrSet(type: ListCqlType | SetCqlType, bytes: Uint8Array, codec: NestedCodec): unknown[] {
  const reader = new LengthPrefixedReader(bytes, `${type.kind} value`);
  const count = readCount(reader, type);
  const elements: unknown[] = [];
  for (let i = 0; i < count; i++) elements.push(codec.deserialize(type.element, nonNull(reader.value(), type)));
  reader.expectEnd();
  return elements;
}

export function serializeMap(type: MapCqlType, value: unknown, codec: NestedCodec): Buffer {
  const entries = value instanceof Map ? [...value.entries()] : isPlainObject(value) ? Object.entries(value) : null;
  if (entries === null) throw codecErrors.invalidValue(formatCqlType(type), value, 'expected a Map or a plain object');
  const parts: Uint8Array[] = [];
  for (const [key, element] of entries as [unknown, unknown][]) {
    if (key === null || key === undefined || element === null || element === undefined) {
      throw codecErrors.nullInCollection(formatCqlType(type));
    }
    parts.push(codec.serialize(type.key, key), codec.serialize(type.value, element));
  }
  return joinLengthPrefixed(entries.length, parts);
}

export function deserializeMap(type: MapCqlType, bytes: Uint8Array, codec: NestedCodec): Record<string, unknown> {
  const reader = new LengthPrefixedReader(bytes, 'map value');
  const count = readCount(reader, type);
  const result: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) {
    const key = codec.deserialize(type.key, nonNull(reader.value(), type));
    const element = codec.deserialize(type.value, nonNull(reader.value(), type));
    // defineProperty, not assignment: a key of "__proto__" must stay a plain entry.
    Object.defineProperty(result, String(key), { value: element, enumerable: true, writable: true, configurable: true });
  }
  reader.expectEnd();
  return result;
}

function readCount(reader: LengthPrefixedReader, type: ListCqlType | SetCqlType | MapCqlType): number {
  const count = reader.int();
  if (count < 0) throw codecErrors.invalidBytes(`Negative element count ${count} for ${formatCqlType(type)}`);
  return count;
}

function nonNull(bytes: Uint8Array | null, type: ListCqlType | SetCqlType | MapCqlType): Uint8Array {
  if (bytes === null) throw codecErrors.nullInCollection(formatCqlType(type));
  return bytes;
}
