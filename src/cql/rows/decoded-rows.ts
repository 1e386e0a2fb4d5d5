/**
 * The CQL rows of a live partition, each as its column values by name: partition key and
 * clustering values decoded from the key bytes, static columns from the static row, the rest
 * from the row's cells. A partition with a live static row and no live row reads as one row
 * with null clustering and regular columns, as in Cassandra.
 */

import type { LivePartition } from '../../storage/model/read-filter.js';
import type { Row } from '../../storage/model/row.js';
import { partitionKeyValues } from './row-keys.js';
import { RowValues } from './row-values.js';
import type { TableLayout } from './table-layout.js';

export interface DecodedRow {
  /** Its values by column name, decoded when asked for (row-values.ts). */
  readonly values: ReadonlyMap<string, unknown>;
  /** The stored row (null for a static-only row), for writetime() and ttl(). */
  readonly row: Row | null;
  readonly staticRow: Row | null;
}

export function decodePartitionRows(layout: TableLayout, partition: LivePartition): DecodedRow[] {
  const keyValues = partitionKeyValues(layout, partition.key);
  const { staticRow } = partition;
  const rows: DecodedRow[] = new Array<DecodedRow>(partition.rows.length);
  for (let i = 0; i < partition.rows.length; i++) {
    const row = partition.rows[i]!;
    rows[i] = { values: new RowValues(layout, keyValues, row, staticRow), row, staticRow };
  }
  if (readsAsStaticRow(layout, partition)) rows.push({ values: new RowValues(layout, keyValues, null, staticRow), row: null, staticRow });
  return rows;
}

/** A partition with a live static row and no live row reads as one row (null clustering and regular values). */
export function readsAsStaticRow(layout: TableLayout, partition: LivePartition): boolean {
  return partition.rows.length === 0 && partition.staticRow !== null && layout.table.static.length > 0;
}
