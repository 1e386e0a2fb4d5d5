/**
 * A valid value of any CQL type, non-null and non-empty: what prepare binds to markers so that
 * the executor's own checks (where-clause analysis, INSERT and BATCH checks, SELECT planning)
 * run at prepare time without values. Those checks look at a statement's shape, so any valid
 * value does; non-empty because an empty partition key is refused, and 1 for numbers because
 * a LIMIT must be positive.
 */

import { assertNever } from '../../lib/assert.js';
import { isNativeCqlType, type CqlType, type NativeCqlTypeKind } from '../types/cql-type.js';
import { driverTypes } from '../types/driver-values.js';
import { deserializeValue } from '../types/value-codec.js';
import { normalizeValue } from '../values/normalize-value.js';

const NATIVE_BYTES: Readonly<Record<NativeCqlTypeKind, readonly number[]>> = {
  ascii: [0x61],
  text: [0x61],
  int: [0, 0, 0, 1],
  bigint: [0, 0, 0, 0, 0, 0, 0, 1],
  counter: [0, 0, 0, 0, 0, 0, 0, 1],
  smallint: [0, 1],
  tinyint: [1],
  varint: [1],
  decimal: [0, 0, 0, 0, 1],
  float: [0x3f, 0x80, 0, 0],
  double: [0x3f, 0xf0, 0, 0, 0, 0, 0, 0],
  boolean: [1],
  uuid: [0, 0, 0, 0, 0, 0, 0x40, 0, 0x80, 0, 0, 0, 0, 0, 0, 1],
  // Version 1 and the IETF variant, as the timeuuid codec requires.
  timeuuid: [0, 0, 0, 0, 0, 0, 0x10, 0, 0x80, 0, 0, 0, 0, 0, 0, 1],
  timestamp: [0, 0, 0, 0, 0, 0, 0, 1],
  date: [0x80, 0, 0, 0],
  time: [0, 0, 0, 0, 0, 0, 0, 1],
  duration: [2, 2, 2],
  blob: [1],
  inet: [127, 0, 0, 1],
};

export function standInValue(type: CqlType): unknown {
  return normalizeValue(type, rawStandIn(type));
}

function rawStandIn(type: CqlType): unknown {
  if (isNativeCqlType(type)) return deserializeValue(type, Buffer.from(NATIVE_BYTES[type.kind]));
  switch (type.kind) {
    case 'list':
    case 'set':
      return [rawStandIn(type.element)];
    case 'map':
      return new Map([[rawStandIn(type.key), rawStandIn(type.value)]]);
    case 'tuple':
      return driverTypes.Tuple.fromArray(type.elements.map(rawStandIn));
    case 'udt':
      return Object.fromEntries(type.fields.map((field) => [field.name, rawStandIn(field.type)]));
    default:
      return assertNever(type, 'CQL type');
  }
}
