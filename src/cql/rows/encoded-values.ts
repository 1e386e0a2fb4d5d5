/**
 * A row's selected values as the bytes they are stored in, for a caller that writes them out
 * as they are (the native protocol's RESULT Rows): Cassandra hands a stored cell's bytes to
 * the client without decoding them, and so does a point read here when every selected column
 * allows it. Decoding each value to JS and encoding it back cost a 1-node SELECT by key of the
 * stress table ~1.8 of its ~7.3 us on the main thread (docs/benchmarks.md, 2026-12-08).
 *
 * Only columns whose stored bytes are exactly their value's CQL serialization qualify: a
 * single-column partition key (its key bytes are the value's), and static or regular columns
 * of a native type in one cell. Counters (a stored counter context, not a bigint),
 * collections, tuples and user types (decoded and encoded again, which fills in fields and
 * orders elements) keep the decoded path.
 */

import type { Row } from '../../storage/model/row.js';
import type { LivePartition } from '../../storage/model/read-filter.js';
import type { ColumnMetadata } from '../schema/column-metadata.js';
import { isNativeCqlType } from '../types/cql-type.js';
import { emptyBytesAreNull } from '../types/value-codec.js';
import type { TableLayout } from './table-layout.js';

/** Where one selected value's bytes come from. */
export type EncodedColumn =
  | { readonly from: 'partitionKey' }
  | {
      readonly from: 'row' | 'staticRow';
      readonly columnId: number;
      /** A value of no bytes reads as null, as decoding it does (value-codec.ts). */
      readonly emptyIsNull: boolean;
    };

/** The sources of `columns`' values, or null when one of them must be decoded. */
export function encodedColumnsOf(layout: TableLayout, columns: readonly ColumnMetadata[]): EncodedColumn[] | null {
  const sources: EncodedColumn[] = [];
  for (const column of columns) {
    if (column.kind === 'partition_key') {
      if (layout.partitionTypes.length !== 1) return null;
      sources.push({ from: 'partitionKey' });
      continue;
    }
    if (column.kind === 'clustering' || column.type.kind === 'counter' || !isNativeCqlType(column.type) || layout.multiCell.has(column)) return null;
    sources.push({ from: column.kind === 'static' ? 'staticRow' : 'row', columnId: column.columnId, emptyIsNull: emptyBytesAreNull(column.type) });
  }
  return sources;
}

/** One row's values as stored bytes (null where the column has no live value). */
export function encodedValues(sources: readonly EncodedColumn[], partition: LivePartition, row: Row | null): Array<Uint8Array | null> {
  const values = new Array<Uint8Array | null>(sources.length);
  for (let i = 0; i < sources.length; i++) {
    const source = sources[i]!;
    if (source.from === 'partitionKey') {
      values[i] = partition.key;
      continue;
    }
    const bytes = cellBytes(source.from === 'row' ? row : partition.staticRow, source.columnId);
    values[i] = bytes === null || (bytes.length === 0 && source.emptyIsNull) ? null : bytes;
  }
  return values;
}

/** The value of a one-cell column in a row (tombstones left out). */
function cellBytes(row: Row | null, columnId: number): Uint8Array | null {
  if (row === null) return null;
  for (const cell of row.cells) if (cell.column === columnId && cell.value !== null) return cell.value;
  return null;
}
