/**
 * A table's columns arranged for the row codecs: what the metadata says, indexed the ways the
 * executor asks (by name, by storage column id) and with the key codecs' column lists built
 * once per schema version rather than once per statement.
 */

import type { ClusteringColumn } from '../keys/clustering-codec.js';
import type { ColumnMetadata } from '../schema/column-metadata.js';
import type { TableMetadata } from '../schema/table-metadata.js';
import type { CqlType } from '../types/cql-type.js';
import { isMultiCell } from '../schema/resolve-type.js';

export interface TableLayout {
  readonly table: TableMetadata;
  readonly partitionTypes: readonly CqlType[];
  readonly partitionNames: readonly string[];
  readonly clusteringColumns: readonly ClusteringColumn[];
  /** Every column in `SELECT *` order: partition key, clustering, static, regular. */
  readonly allColumns: readonly ColumnMetadata[];
  readonly byName: ReadonlyMap<string, ColumnMetadata>;
  /** Each column's index in allColumns. */
  readonly indexByName: ReadonlyMap<string, number>;
  readonly byId: ReadonlyMap<number, ColumnMetadata>;
  /** Regular and static columns whose value is one cell per element or field. */
  readonly multiCell: ReadonlySet<ColumnMetadata>;
  /** Regular and static columns by ascending column id: the order of a row's cells in storage. */
  readonly valueColumnsById: readonly ColumnMetadata[];
}

const layouts = new WeakMap<TableMetadata, TableLayout>();

export function tableLayout(table: TableMetadata): TableLayout {
  let layout = layouts.get(table);
  if (layout === undefined) {
    layout = buildLayout(table);
    layouts.set(table, layout);
  }
  return layout;
}

function buildLayout(table: TableMetadata): TableLayout {
  // TableMetadata keeps each list sorted by name; SELECT * lists statics, then regulars.
  const nonKey = [...table.static, ...table.regular];
  const allColumns = [...table.partitionKey, ...table.clustering, ...nonKey];
  return Object.freeze({
    table,
    partitionTypes: table.partitionKey.map((c) => c.type),
    partitionNames: table.partitionKey.map((c) => c.name),
    clusteringColumns: table.clustering.map((c) => ({ type: c.type, order: c.order, name: c.name })),
    allColumns,
    byName: new Map(allColumns.map((c) => [c.name, c])),
    indexByName: new Map(allColumns.map((c, i) => [c.name, i])),
    byId: new Map(allColumns.map((c) => [c.columnId, c])),
    multiCell: new Set(nonKey.filter((c) => isMultiCell(c.type))),
    valueColumnsById: [...nonKey].sort((a, b) => a.columnId - b.columnId),
  });
}
