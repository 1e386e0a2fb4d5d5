/**
 * Live cells of one column of one stored row, for the read-before-write operations, and the
 * counter shards already written by the statement or batch this reader serves: two increments
 * of one counter in a batch must add up (Cassandra merges them into one delta before its local
 * read), so the second builds on the first's shard, not on the stored one.
 */

import type { Cell } from '../../../storage/model/cell.js';
import type { CounterClockAndValue } from '../../../storage/model/counter-context.js';
import type { StorageProxy } from '../../../cluster/coordinator/storage-proxy.js';
import type { ColumnMetadata } from '../../schema/column-metadata.js';
import type { TableMetadata } from '../../schema/table-metadata.js';
import { readCurrentRow } from './current-row.js';

export class RowReader {
  private readonly writtenShards = new Map<string, CounterClockAndValue>();

  constructor(private readonly engine: StorageProxy) {}

  async cells(table: TableMetadata, key: Uint8Array, clustering: Uint8Array | null, column: ColumnMetadata): Promise<Cell[]> {
    const row = await readCurrentRow(this.engine, table.id, key, clustering);
    return row === null ? [] : row.cells.filter((cell) => cell.column === column.columnId && cell.value !== null && (cell.path === null || cell.path.length > 0));
  }

  /** The local shard this reader's statements last wrote to the counter cell, if any. */
  writtenShard(cell: string): CounterClockAndValue | undefined {
    return this.writtenShards.get(cell);
  }

  rememberShard(cell: string, shard: CounterClockAndValue): void {
    this.writtenShards.set(cell, shard);
  }
}

/** A counter cell's identity within one reader: table, partition, clustering (null: static), column. */
export function counterCellName(table: TableMetadata, key: Uint8Array, clustering: Uint8Array | null, column: ColumnMetadata): string {
  const hex = (bytes: Uint8Array | null): string => (bytes === null ? 'static' : Buffer.from(bytes).toString('hex'));
  return `${table.id}/${hex(key)}/${hex(clustering)}/${column.columnId}`;
}
