/**
 * A column or field type as DESCRIBE writes it: Cassandra's CQL3Type.toString, which is also
 * the text system_schema stores, so this is formatCqlType (native names, `frozen<...>` around
 * every frozen collection, tuple and user type, user type names bare when they read back as
 * themselves and quoted otherwise: reserved words, upper case, other characters, native type
 * names such as `"int"`).
 */

import { formatCqlType, type CqlType } from '../types/cql-type.js';

export function typeCql(type: CqlType): string {
  return formatCqlType(type);
}
