/**
 * Brings the engine's table registry in line with the schema (the catalog in system_schema is
 * the truth; the registry follows): tables the schema does not name are dropped (an orphan of a
 * crash between a DDL statement's steps, or a table a received schema change dropped), missing
 * ones created, and those whose storage options differ altered.
 */

import type { NodeStorage } from '../../storage/node-storage.js';
import type { TableOptions as StorageTableOptions } from '../../storage/table-options.js';
import type { Schema } from './schema.js';
import { storageTableOf } from './storage-table.js';

export async function reconcileStorage(engine: NodeStorage, schema: Schema): Promise<void> {
  const wanted = new Map(schema.tables().map((t) => [t.id, storageTableOf(t)]));
  for (const registered of engine.tables()) {
    if (!wanted.has(registered.tableId)) await engine.dropTable(registered.tableId);
  }
  await registerMissingTables(engine, schema);
  const registered = new Map(engine.tables().map((t) => [t.tableId, t]));
  for (const options of wanted.values()) {
    const current = registered.get(options.tableId);
    if (current !== undefined && !sameStorageOptions(current, options)) await engine.alterTable(options);
  }
}

/** Registers the schema's tables the engine does not have yet, before their rows are written. */
export async function registerMissingTables(engine: NodeStorage, schema: Schema): Promise<number[]> {
  const registered = new Set(engine.tables().map((t) => t.tableId));
  const created: number[] = [];
  for (const table of schema.tables()) {
    if (registered.has(table.id)) continue;
    await engine.createTable(storageTableOf(table));
    created.push(table.id);
  }
  return created;
}

function sameStorageOptions(a: StorageTableOptions, b: StorageTableOptions): boolean {
  const sorted = (options: StorageTableOptions): string =>
    JSON.stringify(Object.entries(options.compaction).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
  return (
    a.name === b.name &&
    a.gcGraceSeconds === b.gcGraceSeconds &&
    a.bloomFilterFpChance === b.bloomFilterFpChance &&
    a.memtableFlushPeriodMs === b.memtableFlushPeriodMs &&
    sorted(a) === sorted(b)
  );
}
