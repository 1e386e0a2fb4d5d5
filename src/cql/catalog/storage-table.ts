/** The storage engine's options for a CQL table (the engine knows tables by number only). */

import type { TableOptions as StorageTableOptions } from '../../storage/table-options.js';
import type { TableMetadata } from '../schema/table-metadata.js';

export function storageTableOf(table: TableMetadata): StorageTableOptions {
  return {
    tableId: table.id,
    name: `${table.keyspace}.${table.name}`,
    gcGraceSeconds: table.options.gcGraceSeconds,
    bloomFilterFpChance: table.options.bloomFilterFpChance,
    compaction: { class: table.options.compaction.class, ...Object.fromEntries(table.options.compaction.options) },
    memtableFlushPeriodMs: 0,
  };
}
