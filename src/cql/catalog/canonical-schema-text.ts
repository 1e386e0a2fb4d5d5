/**
 * A canonical text of each piece of the schema: the same metadata gives the same text on every
 * node, whichever way it was built (a DDL statement's result or rows read from system_schema),
 * so it can be digested into the schema version and compared to tell what a schema change
 * changed. Maps are written with their entries sorted, and table options Sibyl may hold as
 * absent (caching, compression, speculative_retry) are written as their defaults.
 */

import type { KeyspaceMetadata } from '../schema/keyspace-metadata.js';
import type { TableMetadata } from '../schema/table-metadata.js';
import { tableCaching, tableCompression, tableSpeculativeRetry } from '../schema/table-options.js';
import { formatCqlType, type UdtCqlType } from '../types/cql-type.js';

export function canonicalKeyspaceText(keyspace: KeyspaceMetadata): string {
  const { replication } = keyspace;
  const strategy =
    replication.class === 'SimpleStrategy'
      ? [replication.class, replication.replicationFactor]
      : replication.class === 'NetworkTopologyStrategy'
        ? [replication.class, sortedEntries(replication.datacenters)]
        : [replication.class];
  return JSON.stringify(['keyspace', keyspace.name, keyspace.durableWrites, strategy]);
}

export function canonicalTableText(table: TableMetadata): string {
  const { options } = table;
  const columns = [...table.partitionKey, ...table.clustering, ...table.static, ...table.regular].map((c) => [
    c.name,
    c.kind,
    c.position,
    c.columnId,
    formatCqlType(c.type),
    'order' in c ? c.order : '',
  ]);
  return JSON.stringify([
    'table',
    table.keyspace,
    table.name,
    table.id,
    columns,
    [
      options.defaultTimeToLive,
      options.gcGraceSeconds,
      options.bloomFilterFpChance,
      options.comment,
      options.compaction.class,
      sortedEntries(options.compaction.options),
      sortedEntries(tableCaching(options)),
      sortedEntries(tableCompression(options)),
      tableSpeculativeRetry(options),
    ],
  ]);
}

export function canonicalTypeText(type: UdtCqlType): string {
  return JSON.stringify(['type', type.keyspace, type.name, type.fields.map((f) => [f.name, formatCqlType(f.type)])]);
}

function sortedEntries<V>(map: ReadonlyMap<string, V>): Array<[string, V]> {
  return [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
