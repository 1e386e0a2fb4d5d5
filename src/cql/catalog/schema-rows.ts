/**
 * The catalog as rows of system_schema tables, both ways: metadata to the mutations a DDL
 * statement writes, and the rows read at open back to metadata. Every row of one keyspace's
 * schema has that keyspace's name as partition key, in every system_schema table, so a DDL
 * statement's mutations share one token, one storage thread and one commit-log entry: the
 * change is atomic under a crash (Cassandra applies schema changes as one mutation per keyspace).
 */

import type { WriteMutation } from '../../storage/storage-engine.js';
import type { ClusteringBound } from '../../storage/model/range-tombstone.js';
import { clusteringPrefixBound } from '../keys/clustering-codec.js';
import type { KeyspaceMetadata, ReplicationMetadata } from '../schema/keyspace-metadata.js';
import type { TableMetadata } from '../schema/table-metadata.js';
import { tableCaching, tableCompression, tableSpeculativeRetry } from '../schema/table-options.js';
import { formatCqlType, type UdtCqlType } from '../types/cql-type.js';
import { driverTypes } from '../types/driver-values.js';
import { insertRow } from '../rows/insert-row.js';
import { PartitionWrite } from '../rows/partition-write.js';
import { partitionKeyBytes } from '../rows/row-keys.js';
import { tableLayout, type TableLayout } from '../rows/table-layout.js';
import type { WriteAttributes } from '../rows/write-attributes.js';
import { SYSTEM_SCHEMA, systemTableNamed } from './system-keyspaces.js';

const LOCATOR = 'org.apache.cassandra.locator.';
const COMPACTION_PACKAGE = 'org.apache.cassandra.db.compaction.';

export const schemaTables = {
  keyspaces: tableLayout(systemTableNamed(SYSTEM_SCHEMA, 'keyspaces')),
  tables: tableLayout(systemTableNamed(SYSTEM_SCHEMA, 'tables')),
  columns: tableLayout(systemTableNamed(SYSTEM_SCHEMA, 'columns')),
  droppedColumns: tableLayout(systemTableNamed(SYSTEM_SCHEMA, 'dropped_columns')),
  types: tableLayout(systemTableNamed(SYSTEM_SCHEMA, 'types')),
  indexes: tableLayout(systemTableNamed(SYSTEM_SCHEMA, 'indexes')),
  views: tableLayout(systemTableNamed(SYSTEM_SCHEMA, 'views')),
  triggers: tableLayout(systemTableNamed(SYSTEM_SCHEMA, 'triggers')),
} as const;

export function replicationMap(replication: ReplicationMetadata): Record<string, string> {
  switch (replication.class) {
    case 'SimpleStrategy':
      return { class: `${LOCATOR}SimpleStrategy`, replication_factor: String(replication.replicationFactor) };
    case 'NetworkTopologyStrategy':
      return { class: `${LOCATOR}NetworkTopologyStrategy`, ...Object.fromEntries([...replication.datacenters].map(([dc, n]) => [dc, String(n)])) };
    case 'LocalStrategy':
      return { class: `${LOCATOR}LocalStrategy` };
  }
}

export function keyspaceMutation(keyspace: KeyspaceMetadata, attributes: WriteAttributes): WriteMutation {
  return insertRow(schemaTables.keyspaces, new Map<string, unknown>([
    ['keyspace_name', keyspace.name],
    ['durable_writes', keyspace.durableWrites],
    ['replication', replicationMap(keyspace.replication)],
  ]), attributes);
}

/** The table's row and one row per column; `id` is the table's UUID (kept across ALTERs). */
export function tableMutations(table: TableMetadata, id: string, attributes: WriteAttributes): WriteMutation[] {
  const { options } = table;
  const tableRow = insertRow(schemaTables.tables, new Map<string, unknown>([
    ['keyspace_name', table.keyspace],
    ['table_name', table.name],
    ['id', driverTypes.Uuid.fromString(id)],
    ['storage_id', table.id],
    ['bloom_filter_fp_chance', options.bloomFilterFpChance],
    ['caching', Object.fromEntries(tableCaching(options))],
    ['cdc', false],
    ['comment', options.comment],
    ['compaction', { class: `${COMPACTION_PACKAGE}${options.compaction.class}`, ...Object.fromEntries(options.compaction.options) }],
    ['compression', Object.fromEntries(tableCompression(options))],
    ['crc_check_chance', 1.0],
    ['dclocal_read_repair_chance', 0.0],
    ['default_time_to_live', options.defaultTimeToLive],
    ['extensions', {}],
    ['flags', table.isCounter ? ['compound', 'counter'] : ['compound']],
    ['gc_grace_seconds', options.gcGraceSeconds],
    ['max_index_interval', 2048],
    ['memtable_flush_period_in_ms', 0],
    ['min_index_interval', 128],
    ['read_repair_chance', 0.0],
    ['speculative_retry', tableSpeculativeRetry(options)],
    ['additional_write_policy', '99p'],
    ['read_repair', 'BLOCKING'],
  ]), attributes);
  const columns = [...table.partitionKey, ...table.clustering, ...table.static, ...table.regular].map((column) =>
    insertRow(schemaTables.columns, new Map<string, unknown>([
      ['keyspace_name', table.keyspace],
      ['table_name', table.name],
      ['column_name', column.name],
      ['clustering_order', 'order' in column ? (column.order as string) : 'none'],
      ['column_name_bytes', Buffer.from(column.name, 'utf8')],
      ['kind', column.kind],
      ['position', column.position],
      ['type', formatCqlType(column.type)],
      ['column_id', column.columnId],
    ]), attributes),
  );
  return [tableRow, ...columns];
}

/** A table's rows gone: its row in tables and every row under its name in columns. */
export function dropTableMutations(keyspace: string, table: string, attributes: WriteAttributes): WriteMutation[] {
  return [
    deleteByPrefix(schemaTables.tables, keyspace, [table], attributes),
    deleteByPrefix(schemaTables.columns, keyspace, [table], attributes),
  ];
}

/** Rows of dropped columns (system_schema.columns loses them; dropped_columns records them). */
export function dropColumnMutations(table: TableMetadata, names: readonly string[], attributes: WriteAttributes): WriteMutation[] {
  return names.flatMap((name) => {
    const column = [...table.regular, ...table.static].find((c) => c.name === name)!;
    return [
      deleteByPrefix(schemaTables.columns, table.keyspace, [table.name, name], attributes),
      insertRow(schemaTables.droppedColumns, new Map<string, unknown>([
        ['keyspace_name', table.keyspace],
        ['table_name', table.name],
        ['column_name', name],
        ['dropped_time', new Date(Number(attributes.timestamp / 1000n))],
        ['kind', column.kind],
        ['type', formatCqlType(column.type)],
        ['column_id', column.columnId],
      ]), attributes),
    ];
  });
}

export function typeMutation(type: UdtCqlType, attributes: WriteAttributes): WriteMutation {
  return insertRow(schemaTables.types, new Map<string, unknown>([
    ['keyspace_name', type.keyspace],
    ['type_name', type.name],
    ['field_names', type.fields.map((f) => f.name)],
    ['field_types', type.fields.map((f) => formatCqlType(f.type))],
  ]), attributes);
}

export function dropTypeMutation(keyspace: string, name: string, attributes: WriteAttributes): WriteMutation {
  return deleteByPrefix(schemaTables.types, keyspace, [name], attributes);
}

/** Every schema row of the keyspace: a partition deletion in each system_schema table. */
export function dropKeyspaceMutations(keyspace: string, attributes: WriteAttributes): WriteMutation[] {
  return Object.values(schemaTables).map((layout) => {
    const write = new PartitionWrite(layout, partitionKeyBytes(layout, [keyspace]), attributes);
    write.deletePartition();
    return write.build();
  });
}

function deleteByPrefix(layout: TableLayout, keyspace: string, prefix: readonly unknown[], attributes: WriteAttributes): WriteMutation {
  const write = new PartitionWrite(layout, partitionKeyBytes(layout, [keyspace]), attributes);
  const columns = layout.clusteringColumns;
  const start: ClusteringBound = { prefix: clusteringPrefixBound(columns, prefix, 'start', true), inclusive: true };
  const end: ClusteringBound = { prefix: clusteringPrefixBound(columns, prefix, 'end', true), inclusive: true };
  write.deleteRange(start, end);
  return write.build();
}
