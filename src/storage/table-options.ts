/**
 * Per-table storage options, named as in Cassandra's CREATE TABLE ... WITH (the CQL layer
 * will fill them from the schema; the storage engine takes them as plain data).
 */

export interface CompactionOptions {
  readonly class: string;
  readonly [option: string]: string;
}

export interface TableOptions {
  readonly tableId: number;
  readonly name: string;
  readonly gcGraceSeconds: number;
  readonly bloomFilterFpChance: number;
  readonly compaction: CompactionOptions;
  /** Flush a memtable at least this often, 0 = only on size or commit-log pressure. */
  readonly memtableFlushPeriodMs: number;
}

export function defaultTableOptions(tableId: number, name: string): TableOptions {
  return {
    tableId,
    name,
    gcGraceSeconds: 864_000,
    bloomFilterFpChance: 0.01,
    compaction: { class: 'SizeTieredCompactionStrategy' },
    memtableFlushPeriodMs: 0,
  };
}
