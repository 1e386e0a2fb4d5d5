/**
 * Rebuilds the Schema from the system_schema rows the engine holds (after its commit-log
 * replay, so every acknowledged DDL is there): keyspaces, then user types in dependency order,
 * then tables with their columns.
 */

import { CorruptionError } from '../../lib/errors.js';
import type { StorageEngine } from '../../storage/storage-engine.js';
import { decodePartitionRows } from '../rows/decoded-rows.js';
import type { TableLayout } from '../rows/table-layout.js';
import type { ClusteringColumnMetadata, ColumnKind, ColumnMetadata } from '../schema/column-metadata.js';
import type { KeyspaceMetadata, ReplicationMetadata } from '../schema/keyspace-metadata.js';
import type { TableMetadata } from '../schema/table-metadata.js';
import type { TableOptions } from '../schema/table-options.js';
import { udtType, type CqlType, type UdtCqlType } from '../types/cql-type.js';
import { parseTypeText } from './parse-type-text.js';
import { Schema, type KeyspaceSchema } from './schema.js';
import { schemaTables } from './schema-rows.js';
import { schemaVersion } from './schema-version.js';
import { SYSTEM_KEYSPACES, SYSTEM_TABLES } from './system-keyspaces.js';
import { compactionClassName } from '../../storage/compaction/create-compaction-strategy.js';

type Values = ReadonlyMap<string, unknown>;

export interface LoadedSchema {
  readonly schema: Schema;
  /** Each user table's UUID (system_schema.tables.id) by `keyspace.table`. */
  readonly uuids: Map<string, string>;
  /** The highest column id each table ever gave a column since dropped, by `keyspace.table`. */
  readonly droppedColumnIds: Map<string, number>;
}

export async function loadSchema(engine: StorageEngine): Promise<LoadedSchema> {
  const [keyspaceRows, tableRows, columnRows, typeRows, droppedRows] = await Promise.all([
    readAll(engine, schemaTables.keyspaces),
    readAll(engine, schemaTables.tables),
    readAll(engine, schemaTables.columns),
    readAll(engine, schemaTables.types),
    readAll(engine, schemaTables.droppedColumns),
  ]);
  const uuids = new Map<string, string>();
  const droppedColumnIds = new Map<string, number>();
  for (const row of droppedRows) {
    const id = `${text(row, 'keyspace_name')}.${text(row, 'table_name')}`;
    droppedColumnIds.set(id, Math.max(droppedColumnIds.get(id) ?? -1, Number(row.get('column_id') ?? -1)));
  }
  const keyspaces = new Map<string, KeyspaceSchema>(systemKeyspaces());
  const userKeyspaces = new Map<string, { metadata: KeyspaceMetadata; tables: Map<string, TableMetadata>; types: Map<string, UdtCqlType> }>();
  for (const row of keyspaceRows) {
    const metadata = keyspaceFrom(row);
    userKeyspaces.set(metadata.name, { metadata, tables: new Map(), types: new Map() });
  }
  const resolve = (keyspace: string, name: string): CqlType | null => userKeyspaces.get(keyspace)?.types.get(name) ?? null;

  // Types may use each other: add those whose field types resolve, until none is left.
  let pending = typeRows;
  while (pending.length > 0) {
    const next: Values[] = [];
    for (const row of pending) {
      const keyspace = userKeyspaces.get(text(row, 'keyspace_name'));
      if (keyspace === undefined) continue;
      try {
        const type = typeFrom(row, resolve);
        keyspace.types.set(type.name, type);
      } catch {
        next.push(row);
      }
    }
    if (next.length === pending.length) throw corrupt(`user types that cannot be resolved: ${next.map((r) => text(r, 'type_name')).join(', ')}`);
    pending = next;
  }

  const columnsByTable = new Map<string, Values[]>();
  for (const row of columnRows) {
    const id = `${text(row, 'keyspace_name')}.${text(row, 'table_name')}`;
    const list = columnsByTable.get(id) ?? [];
    list.push(row);
    columnsByTable.set(id, list);
  }
  for (const row of tableRows) {
    const keyspace = userKeyspaces.get(text(row, 'keyspace_name'));
    if (keyspace === undefined) continue;
    const table = tableFrom(row, columnsByTable.get(`${keyspace.metadata.name}.${text(row, 'table_name')}`) ?? [], resolve);
    keyspace.tables.set(table.name, table);
    uuids.set(`${table.keyspace}.${table.name}`, String(row.get('id')));
  }
  for (const [name, keyspace] of userKeyspaces) keyspaces.set(name, keyspace);
  return { schema: new Schema(keyspaces, schemaVersion(keyspaces)), uuids, droppedColumnIds };
}

export function systemKeyspaces(): Map<string, KeyspaceSchema> {
  return new Map(SYSTEM_KEYSPACES.map((metadata) => [
    metadata.name,
    { metadata, tables: new Map(SYSTEM_TABLES.filter((t) => t.keyspace === metadata.name).map((t) => [t.name, t])), types: new Map() },
  ]));
}

async function readAll(engine: StorageEngine, layout: TableLayout): Promise<Values[]> {
  const rows: Values[] = [];
  for await (const partition of engine.scan(layout.table.id)) {
    for (const row of decodePartitionRows(layout, partition)) rows.push(row.values);
  }
  return rows;
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

function text(row: Values, column: string): string {
  const value = row.get(column);
  if (typeof value !== 'string') throw corrupt(`system_schema row without ${column}`);
  return value;
}

function corrupt(detail: string): CorruptionError {
  return new CorruptionError('system_schema', 0, detail);
}
