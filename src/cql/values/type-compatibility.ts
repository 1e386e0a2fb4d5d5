/**
 * When a value of one type may be used where another is expected: Cassandra's type equality
 * and AbstractType.isValueCompatibleWith, the test behind assigning a function's result or a
 * type-hinted term to a column. Value compatibility means the bytes of the source type are
 * valid bytes of the receiver type: blob takes anything, text takes ascii, bigint and
 * timestamp take each other, varint takes int and bigint (and so timestamp), date takes int,
 * time takes bigint, uuid takes timeuuid.
 */

import { assertNever } from '../../lib/assert.js';
import { isNativeCqlType, type CqlType, type CqlTypeKind } from '../types/cql-type.js';

const valueCompatibleSources: Readonly<Partial<Record<CqlTypeKind, readonly CqlTypeKind[]>>> = Object.freeze({
  text: ['ascii'],
  bigint: ['timestamp'],
  timestamp: ['bigint'],
  varint: ['int', 'bigint', 'timestamp'],
  date: ['int'],
  time: ['bigint'],
  uuid: ['timeuuid'],
});

/**
 * Structural equality. Functions return non-frozen collection types, and Cassandra freezes a
 * return type before comparing it with a frozen receiver; `ignoreFrozen` stands for that.
 */
export function sameType(a: CqlType, b: CqlType, ignoreFrozen = false): boolean {
  if (isNativeCqlType(a) || isNativeCqlType(b)) return a.kind === b.kind;
  switch (a.kind) {
    case 'list':
    case 'set':
      return b.kind === a.kind && (ignoreFrozen || a.frozen === b.frozen) && sameType(a.element, b.element, ignoreFrozen);
    case 'map':
      return (
        b.kind === 'map' && (ignoreFrozen || a.frozen === b.frozen) && sameType(a.key, b.key, ignoreFrozen) && sameType(a.value, b.value, ignoreFrozen)
      );
    case 'tuple':
      return b.kind === 'tuple' && a.elements.length === b.elements.length && a.elements.every((e, i) => sameType(e, b.elements[i]!, ignoreFrozen));
    case 'udt':
      return (
        b.kind === 'udt' &&
        a.keyspace === b.keyspace &&
        a.name === b.name &&
        (ignoreFrozen || a.frozen === b.frozen) &&
        a.fields.length === b.fields.length &&
        a.fields.every((f, i) => f.name === b.fields[i]!.name && sameType(f.type, b.fields[i]!.type, ignoreFrozen))
      );
    default:
      return assertNever(a, 'CQL type');
  }
}

/** AbstractType.isValueCompatibleWith: the receiver can read the source type's bytes. */
export function isValueCompatible(receiver: CqlType, source: CqlType): boolean {
  if (sameType(receiver, source, true)) return true;
  if (receiver.kind === 'blob') return true;
  return valueCompatibleSources[receiver.kind]?.includes(source.kind) ?? false;
}
