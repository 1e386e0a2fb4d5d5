/**
 * The CQL rows of a live partition, each as its column values by name: partition key and
 * clustering values decoded from the key bytes, static columns from the static row, the rest
 * from the row's cells. A partition with a live static row and no live row reads as one row
 * with null clustering and regular columns, as in Cassandra.
 */

import type { LivePartition } from '../../storage/model/read-filter.js';
import type { Row } from '../../storage/model/row.js';
import { cellsByColumn, columnValue } from './column-cells.js';
import { clusteringValues, partitionKeyValues } from './row-keys.js';
import type { TableLayout } from './table-layout.js';

export interface DecodedRow {
  readonly values: Map<string, unknown>;
  /** The stored row (null for a static-only row), for writetime() and ttl(). */
  readonly row: Row | null;
  readonly staticRow: Row | null;
}

export function decodePartitionRows(layout: TableLayout, partition: LivePartition): DecodedRow[] {
  const { table } = layout;
  const keyValues = partitionKeyValues(layout, partition.key);
  const base = new Map<string, unknown>();
  table.partitionKey.forEach((column, i) => base.set(column.name, keyValues[i]));
  if (partition.staticRow !== null) {
    const staticCells = cellsByColumn(partition.staticRow);
    for (const column of table.static) base.set(column.name, columnValue(column, staticCells.get(column.columnId)));
  } else {
    for (const column of table.static) base.set(column.name, null);
  }
  const rows: DecodedRow[] = [];
  for (const row of partition.rows) {
    const values = new Map(base);
    const clustering = clusteringValues(layout, row.clustering);
    table.clustering.forEach((column, i) => values.set(column.name, clustering[i]));
    const cells = cellsByColumn(row);
    for (const column of table.regular) values.set(column.name, columnValue(column, cells.get(column.columnId)));
    rows.push({ values, row, staticRow: partition.staticRow });
  }
  if (rows.length === 0 && partition.staticRow !== null && table.static.length > 0) {
    const values = new Map(base);
    for (const column of [...table.clustering, ...table.regular]) values.set(column.name, null);
    rows.push({ values, row: null, staticRow: partition.staticRow });
  }
  return rows;
}
