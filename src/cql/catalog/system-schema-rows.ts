/**
 * The system keyspaces described in system_schema, as Cassandra's
 * SchemaKeyspace.saveSystemKeyspacesSchema writes them at every start: drivers and cqlsh read
 * system_schema to learn every keyspace, so `system` and `system_schema` (LocalStrategy) are
 * listed there with their tables and columns, as on Cassandra 4.1.
 *
 * The rows are rewritten at each open (the earlier ones deleted just before), so they always
 * describe the tables this version has. They are this node's own: the catalog loads the
 * system keyspaces from code (schema-loader.ts skips these rows), never sends them to peers
 * (`schemaMutations`) and refuses them from peers. Cassandra's replicated system keyspaces
 * (system_auth, system_distributed, system_traces) are not listed: Sibyl has no tables for them.
 */

import { createHash } from 'node:crypto';
import type { Clock } from '../../lib/clock.js';
import type { WriteMutation } from '../../storage/storage-engine.js';
import type { WriteAttributes } from '../rows/write-attributes.js';
import { dropKeyspaceMutations, keyspaceMutation, tableMutations } from './schema-rows.js';
import { SYSTEM_KEYSPACES, SYSTEM_TABLES } from './system-keyspaces.js';

/** Every system keyspace's schema rows, the older ones deleted first. */
export function systemSchemaMutations(clock: Clock): WriteMutation[] {
  const timestamp = clock.nowMicros();
  const written: WriteAttributes = { timestamp, ttl: 0, nowSeconds: clock.nowSeconds() };
  // Just older than the new rows: the tombstone covers what an earlier version wrote, not these.
  const deleted: WriteAttributes = { ...written, timestamp: timestamp - 1n };
  const mutations: WriteMutation[] = [];
  for (const keyspace of SYSTEM_KEYSPACES) {
    mutations.push(...dropKeyspaceMutations(keyspace.name, deleted), keyspaceMutation(keyspace, written));
    for (const table of SYSTEM_TABLES.filter((t) => t.keyspace === keyspace.name)) {
      mutations.push(...tableMutations(table, systemTableUuid(keyspace.name, table.name), written));
    }
  }
  return mutations;
}

/**
 * Cassandra's TableId.forSystemTable: the MD5 name-based UUID of the keyspace and table names'
 * bytes, so a system table has the same id on every node and in every release.
 */
export function systemTableUuid(keyspace: string, table: string): string {
  const bytes = createHash('md5').update(Buffer.from(keyspace + table, 'utf8')).digest();
  bytes[6] = (bytes[6]! & 0x0f) | 0x30; // version 3: name-based, MD5
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // IETF variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
