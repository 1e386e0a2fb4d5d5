/**
 * The schema version: a UUID derived from a digest of the schema (Cassandra's
 * SchemaKeyspace.calculateSchemaDigest, then UUID.nameUUIDFromBytes: an MD5 name-based UUID),
 * so two nodes with the same schema agree on it. Sibyl digests a canonical text of the
 * metadata rather than the rows' bytes; the version changes exactly when the schema does.
 */

import { createHash } from 'node:crypto';
import { formatCqlType } from '../types/cql-type.js';
import type { KeyspaceSchema } from './schema.js';

export function schemaVersion(keyspaces: ReadonlyMap<string, KeyspaceSchema>): string {
  const hash = createHash('md5');
  for (const name of [...keyspaces.keys()].sort()) {
    const keyspace = keyspaces.get(name)!;
    hash.update(JSON.stringify(keyspace.metadata, (_k, v: unknown) => (v instanceof Map ? [...v] : v)));
    for (const tableName of [...keyspace.tables.keys()].sort()) {
      const table = keyspace.tables.get(tableName)!;
      hash.update(JSON.stringify({
        name: table.name,
        id: table.id,
        columns: [...table.partitionKey, ...table.clustering, ...table.static, ...table.regular].map((c) => [c.name, c.kind, c.columnId, formatCqlType(c.type), 'order' in c ? c.order : '']),
        options: JSON.stringify(table.options, (_k, v: unknown) => (v instanceof Map ? [...v] : v)),
      }));
    }
    for (const typeName of [...keyspace.types.keys()].sort()) {
      const type = keyspace.types.get(typeName)!;
      hash.update(JSON.stringify([type.name, type.fields.map((f) => [f.name, formatCqlType(f.type)])]));
    }
  }
  const bytes = hash.digest();
  bytes[6] = (bytes[6]! & 0x0f) | 0x30; // version 3: name-based, MD5
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // IETF variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
