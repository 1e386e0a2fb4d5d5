/** Live cells of one column of one stored row, for the read-before-write operations. */

import type { Cell } from '../../../storage/model/cell.js';
import type { StorageEngine } from '../../../storage/storage-engine.js';
import type { ColumnMetadata } from '../../schema/column-metadata.js';
import type { TableMetadata } from '../../schema/table-metadata.js';
import { readCurrentRow } from './current-row.js';

export class RowReader {
  constructor(private readonly engine: StorageEngine) {}

  async cells(table: TableMetadata, key: Uint8Array, clustering: Uint8Array | null, column: ColumnMetadata): Promise<Cell[]> {
    const row = await readCurrentRow(this.engine, table.id, key, clustering);
    return row === null ? [] : row.cells.filter((cell) => cell.column === column.columnId && cell.value !== null && (cell.path === null || cell.path.length > 0));
  }
}
