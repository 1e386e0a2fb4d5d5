/**
 * The catalog's rows as the engine holds them: system_schema partitions, unfiltered (with their
 * tombstones), one per keyspace in each system_schema table. This is what schema changes travel
 * as between nodes (Cassandra's schema mutations): a pull answers every partition, so a drop the
 * puller missed arrives as its tombstone; and merging received partitions into the local ones,
 * by the same reconciliation the engine applies, tells what the schema will be before anything
 * is written.
 */

import { murmur3Token } from '../../cluster/ring/murmur3.js';
import { mergePartitions } from '../../storage/model/merge.js';
import type { PartitionUpdate } from '../../storage/model/partition-update.js';
import { filterLive } from '../../storage/model/read-filter.js';
import type { NodeStorage } from '../../storage/node-storage.js';
import type { WriteMutation } from '../../storage/storage-engine.js';
import { decodePartitionRows } from '../rows/decoded-rows.js';
import { partitionKeyBytes, partitionKeyValues } from '../rows/row-keys.js';
import type { TableLayout } from '../rows/table-layout.js';
import { schemaTables } from './schema-rows.js';

export type SchemaRow = ReadonlyMap<string, unknown>;

/** The live rows of the system_schema tables the catalog reads. */
export interface SchemaRows {
  readonly keyspaces: readonly SchemaRow[];
  readonly tables: readonly SchemaRow[];
  readonly columns: readonly SchemaRow[];
  readonly droppedColumns: readonly SchemaRow[];
  readonly types: readonly SchemaRow[];
}

const layouts: readonly TableLayout[] = Object.values(schemaTables);
const layoutsById: ReadonlyMap<number, TableLayout> = new Map(layouts.map((layout) => [layout.table.id, layout]));

export function isSchemaTableId(tableId: number): boolean {
  return layoutsById.has(tableId);
}

/** The keyspace a system_schema partition belongs to: its partition key. */
export function keyspaceOfSchemaPartition(partition: Pick<WriteMutation, 'tableId' | 'key'>): string {
  const layout = layoutsById.get(partition.tableId);
  if (layout === undefined) throw new Error(`table id ${partition.tableId} is not a system_schema table`);
  return String(partitionKeyValues(layout, partition.key)[0]);
}

/** Every system_schema partition of the keyspace (none when it has never had a schema row). */
export async function readKeyspacePartitions(engine: NodeStorage, keyspace: string): Promise<PartitionUpdate[]> {
  const partitions = await Promise.all(layouts.map((layout) => engine.readUnfiltered(layout.table.id, partitionKeyBytes(layout, [keyspace]))));
  return partitions.filter((p): p is PartitionUpdate => p !== null);
}

/** Every system_schema partition of the node, those holding only tombstones included. */
export async function readAllSchemaPartitions(engine: NodeStorage): Promise<PartitionUpdate[]> {
  const partitions: PartitionUpdate[] = [];
  for (const layout of layouts) {
    for await (const partition of engine.scanUnfiltered(layout.table.id)) partitions.push(partition);
  }
  return partitions;
}

/** The partitions as they will be once the mutations are applied (merging is order-free). */
export function mergeSchemaPartitions(base: readonly PartitionUpdate[], mutations: readonly WriteMutation[]): PartitionUpdate[] {
  const merged = new Map<string, PartitionUpdate>();
  for (const partition of base) merged.set(partitionId(partition), partition);
  for (const mutation of mutations) {
    const id = partitionId(mutation);
    const update: PartitionUpdate = { ...mutation, token: murmur3Token(mutation.key) };
    const existing = merged.get(id);
    merged.set(id, existing === undefined ? update : mergePartitions(existing, update));
  }
  return [...merged.values()];
}

export function schemaRowsOf(partitions: readonly PartitionUpdate[], nowSeconds: number): SchemaRows {
  const rowsOf = (layout: TableLayout): SchemaRow[] =>
    partitions
      .filter((p) => p.tableId === layout.table.id)
      .flatMap((p) => decodePartitionRows(layout, filterLive(p, nowSeconds)).map((row) => row.values));
  return {
    keyspaces: rowsOf(schemaTables.keyspaces),
    tables: rowsOf(schemaTables.tables),
    columns: rowsOf(schemaTables.columns),
    droppedColumns: rowsOf(schemaTables.droppedColumns),
    types: rowsOf(schemaTables.types),
  };
}

/** A partition as a mutation that writes it (the engine computes the token again). */
export function asWriteMutation(partition: PartitionUpdate): WriteMutation {
  return {
    tableId: partition.tableId,
    key: partition.key,
    deletion: partition.deletion,
    rangeTombstones: partition.rangeTombstones,
    staticRow: partition.staticRow,
    rows: partition.rows,
  };
}

function partitionId(partition: Pick<WriteMutation, 'tableId' | 'key'>): string {
  return `${partition.tableId}:${Buffer.from(partition.key).toString('hex')}`;
}
