/**
 * `DESCRIBE KEYSPACE ks` as one text: the CREATE KEYSPACE, then its user types (each after the
 * types it uses), then its tables by name, separated by blank lines, as cqlsh prints it.
 */

import type { KeyspaceMetadata } from '../schema/keyspace-metadata.js';
import type { TableMetadata } from '../schema/table-metadata.js';
import type { UdtCqlType } from '../types/cql-type.js';
import { createKeyspaceCql } from './create-keyspace-cql.js';
import { createTableCql } from './create-table-cql.js';
import { createTypeCql } from './create-type-cql.js';
import { byNameIgnoringCase, typesInDependencyOrder } from './schema-element-order.js';

export function describeKeyspace(keyspace: KeyspaceMetadata, tables: readonly TableMetadata[], types: readonly UdtCqlType[]): string {
  return [
    createKeyspaceCql(keyspace),
    ...typesInDependencyOrder(types).map(createTypeCql),
    ...byNameIgnoringCase(tables).map(createTableCql),
  ].join('\n\n');
}
