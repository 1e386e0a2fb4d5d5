/**
 * The schema version: a UUID derived from a digest of the schema (Cassandra's
 * SchemaKeyspace.calculateSchemaDigest, then UUID.nameUUIDFromBytes: an MD5 name-based UUID),
 * so two nodes with the same schema agree on it and gossip can tell when they do not. Sibyl
 * digests the canonical text of the metadata (canonical-schema-text.ts) rather than the rows'
 * bytes: the version changes exactly when the schema does, storage ids included.
 */

import { createHash } from 'node:crypto';
import { canonicalKeyspaceText, canonicalTableText, canonicalTypeText } from './canonical-schema-text.js';
import type { KeyspaceSchema } from './schema.js';

export function schemaVersion(keyspaces: ReadonlyMap<string, KeyspaceSchema>): string {
  const hash = createHash('md5');
  for (const name of [...keyspaces.keys()].sort()) {
    const keyspace = keyspaces.get(name)!;
    hash.update(canonicalKeyspaceText(keyspace.metadata));
    for (const tableName of [...keyspace.tables.keys()].sort()) hash.update(canonicalTableText(keyspace.tables.get(tableName)!));
    for (const typeName of [...keyspace.types.keys()].sort()) hash.update(canonicalTypeText(keyspace.types.get(typeName)!));
  }
  const bytes = hash.digest();
  bytes[6] = (bytes[6]! & 0x0f) | 0x30; // version 3: name-based, MD5
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // IETF variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
