/**
 * The bulk path (Database.insertRows): rows of column values written as INSERTs would write
 * them, through the engine's RowBatchWriter (encoded straight into the vnode batches, no
 * mutation objects). A row the writer cannot carry (a TTL, a null, a multi-cell collection or
 * UDT) goes as an ordinary mutation instead: same result, slower path.
 */

import type { RowBatchWriter } from '../../storage/row-batch-writer.js';
import type { WriteMutation } from '../../storage/storage-engine.js';
import { InvalidRequestError } from '../../lib/errors.js';
import { valueBytes } from '../types/value-codec.js';
import { insertRow } from './insert-row.js';
import { clusteringBytes, partitionKeyBytes } from './row-keys.js';
import type { TableLayout } from './table-layout.js';
import type { WriteAttributes } from './write-attributes.js';

/** A row ready for RowBatchWriter: key and clustering bytes, cells ascending by column id. */
export interface EncodedRow {
  readonly tableId: number;
  readonly key: Uint8Array;
  readonly clustering: Uint8Array;
  readonly timestamp: bigint;
  readonly columns: readonly number[];
  readonly values: readonly Uint8Array[];
}

/** The row encoded for the bulk writer, or a mutation when it needs what the writer lacks. */
export function encodeBulkRow(layout: TableLayout, row: Readonly<Record<string, unknown>>, attributes: WriteAttributes): EncodedRow | WriteMutation {
  // One pass over the row's own keys: unknown names refused, and whether the fast path fits.
  let needsMutation = attributes.ttl > 0;
  for (const name in row) {
    const column = layout.byName.get(name);
    if (column === undefined) throw new InvalidRequestError(`Undefined column name ${name}`);
    if (row[name] === null || column.kind === 'static' || layout.multiCell.has(column)) needsMutation = true;
  }
  if (needsMutation) return insertRow(layout, new Map(Object.entries(row)), attributes);
  const { table } = layout;
  const keyValue = (name: string, what: string): unknown => {
    const value = row[name];
    if (value === undefined) throw new InvalidRequestError(`${what}: ${name}`);
    return value;
  };
  const key = partitionKeyBytes(layout, table.partitionKey.map((c) => keyValue(c.name, 'Some partition key parts are missing')));
  const clustering = clusteringBytes(layout, table.clustering.map((c) => keyValue(c.name, 'Some clustering keys are missing')));
  const columns: number[] = [];
  const cells: Uint8Array[] = [];
  for (const column of layout.valueColumnsById) {
    const value = row[column.name];
    if (value === undefined) continue;
    columns.push(column.columnId);
    // The writer copies the cells into the batch.
    cells.push(valueBytes(column.type, value));
  }
  return { tableId: table.id, key, clustering, timestamp: attributes.timestamp, columns, values: cells };
}

export function writeEncodedRows(writer: RowBatchWriter, rows: readonly EncodedRow[]): void {
  for (const row of rows) {
    writer.beginRow(row.key, row.clustering, row.timestamp, true);
    for (let i = 0; i < row.columns.length; i++) writer.cell(row.columns[i]!, row.values[i]!);
    writer.endRow();
  }
}

/** What the executor hands the engine: a mutation, or a plain row for the row batch writer. */
export type TableWrite = WriteMutation | EncodedRow;

export function isEncodedRow(row: TableWrite): row is EncodedRow {
  return 'columns' in row;
}
