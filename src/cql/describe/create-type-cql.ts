/**
 * CREATE TYPE as Cassandra 4's UserType.toCqlString prints it:
 *
 *   CREATE TYPE ks.address (
 *       street text,
 *       zip int
 *   );
 */

import type { UdtCqlType } from '../types/cql-type.js';
import { quoteIdentifierIfNeeded } from './cql-identifier.js';
import { typeCql } from './cql-type-text.js';

const INDENT = '    ';

export function createTypeCql(type: UdtCqlType): string {
  const fields = type.fields.map((field) => `${INDENT}${quoteIdentifierIfNeeded(field.name)} ${typeCql(field.type)}`);
  return `CREATE TYPE ${quoteIdentifierIfNeeded(type.keyspace)}.${quoteIdentifierIfNeeded(type.name)} (\n${fields.join(',\n')}\n);`;
}
