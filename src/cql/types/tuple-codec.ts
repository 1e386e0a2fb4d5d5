/**
 * tuple: each element as [int length][bytes], length -1 for null. A value may have fewer
 * elements than the type (the missing trailing ones are null, as Cassandra's TupleType reads
 * them) but never more. Decodes to the driver's Tuple, always of the type's full arity.
 */

import { codecErrors } from './codec-errors.js';
import { formatCqlType, type TupleCqlType } from './cql-type.js';
import { driverTypes, type Tuple } from './driver-values.js';
import { joinLengthPrefixed, LengthPrefixedReader } from './length-prefixed.js';
import type { NestedCodec } from './nested-codec.js';

export function serializeTuple(type: TupleCqlType, value: unknown, codec: NestedCodec): Buffer {
  const elements: readonly unknown[] | null =
    value instanceof driverTypes.Tuple ? (value as Tuple).elements : Array.isArray(value) ? value : null;
  if (elements === null) throw codecErrors.invalidValue(formatCqlType(type), value, 'expected a Tuple or an array');
  if (elements.length > type.elements.length) {
    throw codecErrors.invalidValue(formatCqlType(type), value, `expected at most ${type.elements.length} elements`);
  }
  const parts = elements.map((element, i) =>
    element === null || element === undefined ? null : codec.serialize(type.elements[i]!, element),
  );
  return joinLengthPrefixed(null, parts);
}

export function deserializeTuple(type: TupleCqlType, bytes: Uint8Array, codec: NestedCodec): Tuple {
  const reader = new LengthPrefixedReader(bytes, 'tuple value');
  const elements = type.elements.map((elementType) => {
    const element = reader.atEnd() ? null : reader.value();
    return element === null ? null : codec.deserialize(elementType, element);
  });
  reader.expectEnd();
  return driverTypes.Tuple.fromArray(elements);
}
