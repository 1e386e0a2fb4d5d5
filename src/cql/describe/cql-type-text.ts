/**
 * A column or field type as DESCRIBE writes it (Cassandra's CQL3Type.toString): native names,
 * `frozen<...>` around every frozen collection, tuple and user type, user types by their bare
 * name (a table may only use its own keyspace's types). Unlike formatCqlType, a user type name
 * is quoted whenever it would not read back as that name: a reserved word, or the name of a
 * native type (`"int"` is a legal type name; bare `int` is the native type).
 */

import { assertNever } from '../../lib/assert.js';
import { isNativeCqlType, nativeCqlType, type CqlType } from '../types/cql-type.js';
import { quoteIdentifierIfNeeded } from './cql-identifier.js';

export function typeCql(type: CqlType): string {
  if (isNativeCqlType(type)) return type.kind;
  switch (type.kind) {
    case 'list':
    case 'set':
      return frozenIf(type.frozen, `${type.kind}<${typeCql(type.element)}>`);
    case 'map':
      return frozenIf(type.frozen, `map<${typeCql(type.key)}, ${typeCql(type.value)}>`);
    case 'tuple':
      return frozenIf(type.frozen, `tuple<${type.elements.map(typeCql).join(', ')}>`);
    case 'udt':
      return frozenIf(type.frozen, userTypeName(type.name));
    default:
      return assertNever(type, 'CQL type');
  }
}

/** A user type's name where a type may stand. */
export function userTypeName(name: string): string {
  return nativeCqlType(name) !== null ? `"${name}"` : quoteIdentifierIfNeeded(name);
}

function frozenIf(frozen: boolean, text: string): string {
  return frozen ? `frozen<${text}>` : text;
}
