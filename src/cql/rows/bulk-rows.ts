/**
 * The bulk path (Database.insertRows): rows of column values written as INSERTs would write
 * them, through the engine's RowBatchWriter (encoded straight into the vnode batches, no
 * mutation objects). A row the writer cannot carry (a TTL, a null, a multi-cell collection or
 * UDT) goes as an ordinary mutation instead: same result, slower path.
 */

import type { RowBatchWriter } from '../../storage/row-batch-writer.js';
import type { WriteMutation } from '../../storage/storage-engine.js';
import { InvalidRequestError } from '../../lib/errors.js';
import { serializeValue } from '../types/value-codec.js';
import { insertRow } from './insert-row.js';
import { clusteringBytes, partitionKeyBytes } from './row-keys.js';
import type { TableLayout } from './table-layout.js';
import type { WriteAttributes } from './write-attributes.js';

/** A row ready for RowBatchWriter: key and clustering bytes, cells ascending by column id. */
export interface EncodedRow {
  readonly key: Uint8Array;
  readonly clustering: Uint8Array;
  readonly timestamp: bigint;
  readonly columns: readonly number[];
  readonly values: readonly Uint8Array[];
}

/** The row encoded for the bulk writer, or a mutation when it needs what the writer lacks. */
export function encodeBulkRow(layout: TableLayout, row: Readonly<Record<string, unknown>>, attributes: WriteAttributes): EncodedRow | WriteMutation {
  const values = new Map(Object.entries(row));
  for (const name of values.keys()) {
    if (!layout.byName.has(name)) throw new InvalidRequestError(`Undefined column name ${name}`);
  }
  const needsMutation = attributes.ttl > 0 || [...values].some(([name, value]) => value === null || layout.multiCell.has(layout.byName.get(name)!));
  if (needsMutation) return insertRow(layout, values, attributes);
  const { table } = layout;
  const keyValue = (name: string, what: string): unknown => {
    const value = values.get(name);
    if (value === undefined) throw new InvalidRequestError(`${what}: ${name}`);
    return value;
  };
  const key = partitionKeyBytes(layout, table.partitionKey.map((c) => keyValue(c.name, 'Some partition key parts are missing')));
  const clustering = clusteringBytes(layout, table.clustering.map((c) => keyValue(c.name, 'Some clustering keys are missing')));
  const columns: number[] = [];
  const cells: Uint8Array[] = [];
  for (const column of layout.valueColumnsById) {
    const value = values.get(column.name);
    if (value === undefined) continue;
    if (column.kind === 'static') return insertRow(layout, values, attributes);
    columns.push(column.columnId);
    cells.push(serializeValue(column.type, value));
  }
  return { key, clustering, timestamp: attributes.timestamp, columns, values: cells };
}

export function writeEncodedRows(writer: RowBatchWriter, rows: readonly EncodedRow[]): void {
  for (const row of rows) {
    writer.beginRow(row.key, row.clustering, row.timestamp, true);
    for (let i = 0; i < row.columns.length; i++) writer.cell(row.columns[i]!, row.values[i]!);
    writer.endRow();
  }
}

export function isEncodedRow(row: EncodedRow | WriteMutation): row is EncodedRow {
  return 'columns' in row;
}
