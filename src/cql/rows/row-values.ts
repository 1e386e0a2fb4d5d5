/**
 * One CQL row's values by column name, each decoded the first time it is asked for: a SELECT
 * reads only the columns it selects and filters on, and a Map built per row (a copy of the
 * partition's key and static values, then every clustering and regular value set into it) was
 * most of a point read's allocation. Iterating gives every column in `SELECT *` order.
 */

import type { Cell } from '../../storage/model/cell.js';
import type { Row } from '../../storage/model/row.js';
import type { ColumnMetadata } from '../schema/column-metadata.js';
import { columnValue } from './column-cells.js';
import { clusteringValues } from './row-keys.js';
import type { TableLayout } from './table-layout.js';

/** Marks a value not decoded yet (null and undefined are values). */
const UNREAD: unique symbol = Symbol('unread');
const NO_CELLS: readonly Cell[] = Object.freeze([]);

export class RowValues implements ReadonlyMap<string, unknown> {
  private readonly decoded: unknown[];
  private clustering: unknown[] | null = null;

  constructor(
    private readonly layout: TableLayout,
    /** The partition key's values, decoded once per partition. */
    private readonly keyValues: readonly unknown[],
    /** The stored row, or null for a partition's static-only row (clustering and regular values null). */
    private readonly row: Row | null,
    private readonly staticRow: Row | null,
  ) {
    this.decoded = new Array<unknown>(layout.allColumns.length).fill(UNREAD);
  }

  get size(): number {
    return this.decoded.length;
  }

  has(name: string): boolean {
    return this.layout.indexByName.has(name);
  }

  get(name: string): unknown {
    const index = this.layout.indexByName.get(name);
    return index === undefined ? undefined : this.valueAt(index);
  }

  forEach(callback: (value: unknown, key: string, map: ReadonlyMap<string, unknown>) => void, thisArg?: unknown): void {
    for (const [name, value] of this.entries()) callback.call(thisArg, value, name, this);
  }

  *entries(): MapIterator<[string, unknown]> {
    const columns = this.layout.allColumns;
    for (let i = 0; i < columns.length; i++) yield [columns[i]!.name, this.valueAt(i)];
  }

  *keys(): MapIterator<string> {
    for (const column of this.layout.allColumns) yield column.name;
  }

  *values(): MapIterator<unknown> {
    for (let i = 0; i < this.decoded.length; i++) yield this.valueAt(i);
  }

  [Symbol.iterator](): MapIterator<[string, unknown]> {
    return this.entries();
  }

  private valueAt(index: number): unknown {
    const known = this.decoded[index];
    if (known !== UNREAD) return known;
    const value = this.decode(this.layout.allColumns[index]!, index);
    this.decoded[index] = value;
    return value;
  }

  private decode(column: ColumnMetadata, index: number): unknown {
    const { layout, row } = this;
    switch (column.kind) {
      case 'partition_key':
        return this.keyValues[index];
      case 'clustering':
        if (row === null) return null;
        this.clustering ??= clusteringValues(layout, row.clustering);
        return this.clustering[index - layout.partitionNames.length];
      case 'static':
        return this.staticRow === null ? null : columnValue(column, cellsOf(this.staticRow, column.columnId));
      case 'regular':
        return row === null ? null : columnValue(column, cellsOf(row, column.columnId));
    }
  }
}

/** A column's cells in a row (sorted by column, then path), tombstones left out. */
function cellsOf(row: Row, columnId: number): readonly Cell[] {
  let cells: Cell[] | null = null;
  for (const cell of row.cells) {
    if (cell.column !== columnId || cell.value === null) continue;
    (cells ??= []).push(cell);
  }
  return cells ?? NO_CELLS;
}
