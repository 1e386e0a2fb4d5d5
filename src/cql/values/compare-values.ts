/**
 * The order of Cassandra's comparator for a type (AbstractType.compare), over JS values: sets
 * and map keys are kept in this order and deduplicated by it, and min()/max() use it.
 *
 *   natives         the byte-comparable encoding of keys/comparable-value.ts (decimal by value,
 *                   floats as Java's Float.compare, uuids as UUIDType/TimeUUIDType, text by bytes)
 *   duration        serialized bytes, unsigned (DurationType compares BYTE_ORDER)
 *   list, set       element by element, then the shorter first (ListType.compareListOrSet)
 *   map             key then value per entry, then the shorter first (MapType.compareMaps)
 *   tuple, udt      component by component, null before any value (TupleType.compare)
 */

import { assertNever } from '../../lib/assert.js';
import { writeComparableValue } from '../keys/comparable-value.js';
import { isNativeCqlType, type CqlType } from '../types/cql-type.js';
import { serializeValue } from '../types/value-codec.js';
import { mapEntriesOf, tupleElementsOf, udtFieldValue } from './value-shapes.js';

export function compareValues(type: CqlType, a: unknown, b: unknown): number {
  if (isNativeCqlType(type)) return compareBytes(nativeBytes(type, a), nativeBytes(type, b));
  switch (type.kind) {
    case 'list':
    case 'set':
      return compareSequences(a as readonly unknown[], b as readonly unknown[], (x, y) => compareValues(type.element, x, y));
    case 'map':
      return compareSequences(mapEntriesOf(type, a), mapEntriesOf(type, b), ([ka, va], [kb, vb]) => {
        return compareValues(type.key, ka, kb) || compareValues(type.value, va, vb);
      });
    case 'tuple': {
      const left = tupleElementsOf(a);
      const right = tupleElementsOf(b);
      return compareComponents(type.elements.map((elementType, i) => [elementType, left[i], right[i]] as const));
    }
    case 'udt':
      return compareComponents(type.fields.map((field) => [field.type, udtFieldValue(a, field.name), udtFieldValue(b, field.name)] as const));
    default:
      return assertNever(type, 'CQL type');
  }
}

function nativeBytes(type: CqlType, value: unknown): Uint8Array {
  if (type.kind === 'duration') return serializeValue(type, value);
  const out: number[] = [];
  writeComparableValue(type, value, out);
  return Uint8Array.from(out);
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  return Buffer.compare(a, b);
}

function compareSequences<T>(a: readonly T[], b: readonly T[], compare: (x: T, y: T) => number): number {
  const shared = Math.min(a.length, b.length);
  for (let i = 0; i < shared; i++) {
    const order = compare(a[i]!, b[i]!);
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

function compareComponents(components: readonly (readonly [CqlType, unknown, unknown])[]): number {
  for (const [type, x, y] of components) {
    const xNull = x === null || x === undefined;
    const yNull = y === null || y === undefined;
    if (xNull || yNull) {
      if (xNull && yNull) continue;
      return xNull ? -1 : 1;
    }
    const order = compareValues(type, x, y);
    if (order !== 0) return order;
  }
  return 0;
}
