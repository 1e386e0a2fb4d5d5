/**
 * Rebuilds the Schema from system_schema rows: those the engine holds (at open, after its
 * commit-log replay, so every acknowledged DDL is there), or those it will hold once received
 * schema mutations are applied. Keyspaces, then user types in dependency order, then tables
 * with their columns.
 */

import { CorruptionError } from '../../lib/errors.js';
import type { NodeStorage } from '../../storage/node-storage.js';
import type { ClusteringColumnMetadata, ColumnKind, ColumnMetadata } from '../schema/column-metadata.js';
import type { KeyspaceMetadata, ReplicationMetadata } from '../schema/keyspace-metadata.js';
import type { TableMetadata } from '../schema/table-metadata.js';
import type { TableOptions } from '../schema/table-options.js';
import { udtType, type CqlType, type UdtCqlType } from '../types/cql-type.js';
import { parseTypeText } from './parse-type-text.js';
import { Schema, type KeyspaceSchema } from './schema.js';
import { readAllSchemaPartitions, schemaRowsOf, type SchemaRow, type SchemaRows } from './schema-partitions.js';
import { schemaVersion } from './schema-version.js';
import { SYSTEM_KEYSPACE_NAMES, SYSTEM_KEYSPACES, SYSTEM_TABLES } from './system-keyspaces.js';
import { compactionClassName } from '../../storage/compaction/create-compaction-strategy.js';
import { DEFAULT_CACHING } from '../schema/caching-options.js';
import { DEFAULT_COMPRESSION } from '../schema/compression-options.js';
import { DEFAULT_SPECULATIVE_RETRY } from '../schema/speculative-retry.js';

type Values = SchemaRow;

export interface LoadedKeyspaces {
  /** The user keyspaces the rows describe. */
  readonly keyspaces: Map<string, KeyspaceSchema>;
  /** Each user table's UUID (system_schema.tables.id) by `keyspace.table`. */
  readonly uuids: Map<string, string>;
  /** The highest column id each table ever gave a column since dropped, by `keyspace.table`. */
  readonly droppedColumnIds: Map<string, number>;
}

export interface LoadedSchema extends Omit<LoadedKeyspaces, 'keyspaces'> {
  readonly schema: Schema;
}

/** The whole schema from the engine's system_schema tables, system keyspaces included. */
export async function loadSchema(engine: NodeStorage, nowSeconds: number): Promise<LoadedSchema> {
  const loaded = keyspacesFromRows(schemaRowsOf(await readAllSchemaPartitions(engine), nowSeconds));
  const keyspaces = new Map([...systemKeyspaces(), ...loaded.keyspaces]);
  return { schema: new Schema(keyspaces, schemaVersion(keyspaces)), uuids: loaded.uuids, droppedColumnIds: loaded.droppedColumnIds };
}

/**
 * The user keyspaces the rows describe. A table or type whose keyspace has no row is left out
 * (its rows may arrive from a peer before the keyspace's); a type or column type that does not
 * resolve is a CorruptionError.
 */
export function keyspacesFromRows(rows: SchemaRows): LoadedKeyspaces {
  const uuids = new Map<string, string>();
  const droppedColumnIds = new Map<string, number>();
  for (const row of rows.droppedColumns) {
    const id = `${text(row, 'keyspace_name')}.${text(row, 'table_name')}`;
    droppedColumnIds.set(id, Math.max(droppedColumnIds.get(id) ?? -1, Number(row.get('column_id') ?? -1)));
  }
  const userKeyspaces = new Map<string, { metadata: KeyspaceMetadata; tables: Map<string, TableMetadata>; types: Map<string, UdtCqlType> }>();
  for (const row of rows.keyspaces) {
    // The system keyspaces' rows describe what the code defines (system-schema-rows.ts).
    if (SYSTEM_KEYSPACE_NAMES.has(text(row, 'keyspace_name'))) continue;
    const metadata = keyspaceFrom(row);
    userKeyspaces.set(metadata.name, { metadata, tables: new Map(), types: new Map() });
  }
  const resolve = (keyspace: string, name: string): CqlType | null => userKeyspaces.get(keyspace)?.types.get(name) ?? null;

  // Types may use each other: add those whose field types resolve, until none is left.
  let pending = rows.types.filter((row) => userKeyspaces.has(text(row, 'keyspace_name')));
  while (pending.length > 0) {
    const next: Values[] = [];
    for (const row of pending) {
      try {
        const type = typeFrom(row, resolve);
        userKeyspaces.get(type.keyspace)!.types.set(type.name, type);
      } catch {
        next.push(row);
      }
    }
    if (next.length === pending.length) throw corrupt(`user types that cannot be resolved: ${next.map((r) => text(r, 'type_name')).join(', ')}`);
    pending = next;
  }

  const columnsByTable = new Map<string, Values[]>();
  for (const row of rows.columns) {
    const id = `${text(row, 'keyspace_name')}.${text(row, 'table_name')}`;
    const list = columnsByTable.get(id) ?? [];
    list.push(row);
    columnsByTable.set(id, list);
  }
  for (const row of rows.tables) {
    const keyspace = userKeyspaces.get(text(row, 'keyspace_name'));
    if (keyspace === undefined) continue;
    const table = tableFrom(row, columnsByTable.get(`${keyspace.metadata.name}.${text(row, 'table_name')}`) ?? [], resolve);
    keyspace.tables.set(table.name, table);
    uuids.set(`${table.keyspace}.${table.name}`, String(row.get('id')));
  }
  return { keyspaces: new Map(userKeyspaces), uuids, droppedColumnIds };
}

export function systemKeyspaces(): Map<string, KeyspaceSchema> {
  return new Map(SYSTEM_KEYSPACES.map((metadata) => [
    metadata.name,
    { metadata, tables: new Map(SYSTEM_TABLES.filter((t) => t.keyspace === metadata.name).map((t) => [t.name, t])), types: new Map() },
  ]));
}

function keyspaceFrom(row: Values): KeyspaceMetadata {
  const name = text(row, 'keyspace_name');
  const map = (row.get('replication') ?? {}) as Record<string, string>;
  const strategy = (map.class ?? '').replace('org.apache.cassandra.locator.', '');
  let replication: ReplicationMetadata;
  if (strategy === 'SimpleStrategy') replication = { class: strategy, replicationFactor: Number(map.replication_factor) };
  else if (strategy === 'NetworkTopologyStrategy') {
    replication = { class: strategy, datacenters: new Map(Object.entries(map).filter(([k]) => k !== 'class').map(([k, v]) => [k, Number(v)])) };
  } else throw corrupt(`keyspace ${name} has an unknown replication class '${map.class}'`);
  return Object.freeze({ name, replication: Object.freeze(replication), durableWrites: row.get('durable_writes') !== false });
}

function typeFrom(row: Values, resolve: (keyspace: string, name: string) => CqlType | null): UdtCqlType {
  const keyspace = text(row, 'keyspace_name');
  const names = row.get('field_names') as string[];
  const types = row.get('field_types') as string[];
  const fields = names.map((name, i) => ({ name, type: parseTypeText(types[i]!, keyspace, resolve) }));
  return udtType(keyspace, text(row, 'type_name'), fields, false);
}

function tableFrom(row: Values, columnRows: readonly Values[], resolve: (keyspace: string, name: string) => CqlType | null): TableMetadata {
  const keyspace = text(row, 'keyspace_name');
  const name = text(row, 'table_name');
  const columns: ColumnMetadata[] = columnRows.map((c) => {
    const kind = text(c, 'kind') as ColumnKind;
    const base = {
      name: text(c, 'column_name'),
      type: parseTypeText(text(c, 'type'), keyspace, resolve),
      kind,
      position: Number(c.get('position')),
      columnId: Number(c.get('column_id')),
    };
    return kind === 'clustering' ? ({ ...base, order: text(c, 'clustering_order') as 'asc' | 'desc' } satisfies ClusteringColumnMetadata) : base;
  });
  const byPosition = (a: ColumnMetadata, b: ColumnMetadata): number => a.position - b.position;
  const byName = (a: ColumnMetadata, b: ColumnMetadata): number => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name));
  const regular = columns.filter((c) => c.kind === 'regular').sort(byName);
  const compaction = (row.get('compaction') ?? {}) as Record<string, string>;
  const options: TableOptions = Object.freeze({
    defaultTimeToLive: Number(row.get('default_time_to_live') ?? 0),
    gcGraceSeconds: Number(row.get('gc_grace_seconds') ?? 864_000),
    bloomFilterFpChance: Number(row.get('bloom_filter_fp_chance') ?? 0.01),
    comment: String(row.get('comment') ?? ''),
    compaction: Object.freeze({
      class: compactionClassName(compaction.class ?? 'SizeTieredCompactionStrategy'),
      options: new Map(Object.entries(compaction).filter(([k]) => k !== 'class')),
    }),
    // Stored normalized, as a DDL statement leaves them (their maps with sorted keys).
    caching: sortedMap(row.get('caching')) ?? DEFAULT_CACHING,
    compression: sortedMap(row.get('compression')) ?? DEFAULT_COMPRESSION,
    speculativeRetry: typeof row.get('speculative_retry') === 'string' ? (row.get('speculative_retry') as string) : DEFAULT_SPECULATIVE_RETRY,
  });
  return Object.freeze({
    keyspace,
    name,
    id: Number(row.get('storage_id')),
    partitionKey: Object.freeze(columns.filter((c) => c.kind === 'partition_key').sort(byPosition)),
    clustering: Object.freeze(columns.filter((c) => c.kind === 'clustering').sort(byPosition) as ClusteringColumnMetadata[]),
    regular: Object.freeze(regular),
    static: Object.freeze(columns.filter((c) => c.kind === 'static').sort(byName)),
    isCounter: regular.some((c) => c.type.kind === 'counter'),
    options,
  });
}

function sortedMap(value: unknown): ReadonlyMap<string, string> | null {
  if (value === null || value === undefined) return null;
  const entries = Object.entries(value as Record<string, string>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.freeze(new Map(entries));
}

function text(row: Values, column: string): string {
  const value = row.get(column);
  if (typeof value !== 'string') throw corrupt(`system_schema row without ${column}`);
  return value;
}

function corrupt(detail: string): CorruptionError {
  return new CorruptionError('system_schema', 0, detail);
}
