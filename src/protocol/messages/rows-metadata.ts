/**
 * Result metadata (spec 4.2.5.2), shared by RESULT Rows and the result part of Prepared:
 *
 *   <flags: [int]><columns_count: [int]>[<paging_state: [bytes]>]
 *   [<global_table_spec: [string] ks, [string] table>]? <col_spec_1>...<col_spec_n>
 *   col_spec = ([string] ks [string] table, unless global) [string] name [option] type
 *
 * flags: 0x0001 Global_tables_spec (written whenever every column has the same keyspace and
 * table, as Cassandra does; the Node driver takes a prepared statement's routing keyspace only
 * from there), 0x0002 Has_more_pages (paging state follows), 0x0004 No_metadata (count only,
 * for requests that asked skip_metadata). Bind metadata (Prepared) writes its column specs
 * with the same rules (writeColumnSpecs).
 */

import { assert } from '../../lib/assert.js';
import type { CqlType } from '../../cql/types/cql-type.js';
import { ProtocolError } from '../protocol-error.js';
import { readTypeOption, writeTypeOption } from '../types/type-option.js';
import type { BodyReader } from '../wire/body-reader.js';
import { BodyWriter } from '../wire/body-writer.js';

export const RowsFlag = {
  globalTablesSpec: 0x0001,
  hasMorePages: 0x0002,
  noMetadata: 0x0004,
  /** v5 */
  metadataChanged: 0x0008,
} as const;

/** A result column or a bind marker: where it comes from, its name and type. */
export interface ColumnSpec {
  readonly keyspace: string;
  readonly table: string;
  readonly name: string;
  readonly type: CqlType;
}

export interface RowsMetadata {
  readonly columnCount: number;
  /** null: No_metadata (only the count is sent). */
  readonly columns: readonly ColumnSpec[] | null;
  /** Set when more pages follow (Has_more_pages). */
  readonly pagingState: Uint8Array | null;
}

/** Metadata of a result with no columns: what Prepared carries for anything but a SELECT. */
export const NO_RESULT_METADATA: RowsMetadata = Object.freeze({ columnCount: 0, columns: null, pagingState: null });

export function rowsMetadataOf(columns: readonly ColumnSpec[], pagingState: Uint8Array | null = null): RowsMetadata {
  return { columnCount: columns.length, columns, pagingState };
}

/** The same metadata without column specs, for a request that set skip_metadata. */
export function withoutColumnSpecs(metadata: RowsMetadata): RowsMetadata {
  return { ...metadata, columns: null };
}

export function hasGlobalTableSpec(columns: readonly ColumnSpec[]): boolean {
  const first = columns[0];
  return first !== undefined && columns.every((c) => c.keyspace === first.keyspace && c.table === first.table);
}

export function encodeRowsMetadata(writer: BodyWriter, metadata: RowsMetadata, version: number): void {
  const { columns, pagingState } = metadata;
  if (columns !== null && columns.length !== metadata.columnCount) assert(false, `${metadata.columnCount} columns counted, ${columns.length} described`);
  const specs = columns === null ? null : encodedColumnSpecs(columns, version);
  let flags = 0;
  if (specs?.global === true) flags |= RowsFlag.globalTablesSpec;
  if (pagingState !== null) flags |= RowsFlag.hasMorePages;
  if (columns === null) flags |= RowsFlag.noMetadata;
  writer.int(flags);
  writer.int(metadata.columnCount);
  if (pagingState !== null) writer.bytes(pagingState);
  if (specs !== null) writer.raw(specs.bytes);
}

interface EncodedColumnSpecs {
  readonly version: number;
  readonly global: boolean;
  readonly bytes: Uint8Array;
}

const encodedSpecs = new WeakMap<readonly ColumnSpec[], EncodedColumnSpecs>();

/**
 * A column spec array's bytes, encoded once per array and protocol version: a prepared
 * SELECT's responses share one array (result-of-execution.ts), so each response copies its
 * metadata instead of writing every keyspace, table, name and type again.
 */
function encodedColumnSpecs(columns: readonly ColumnSpec[], version: number): EncodedColumnSpecs {
  const cached = encodedSpecs.get(columns);
  if (cached !== undefined && cached.version === version) return cached;
  const global = hasGlobalTableSpec(columns);
  const writer = new BodyWriter(64 + columns.length * 32);
  writeColumnSpecs(writer, columns, global, version);
  const encoded = { version, global, bytes: writer.written().slice() };
  encodedSpecs.set(columns, encoded);
  return encoded;
}

/** The global table spec (when `global`) then each column's spec. */
export function writeColumnSpecs(writer: BodyWriter, columns: readonly ColumnSpec[], global: boolean, version: number): void {
  if (global) {
    writer.string(columns[0]!.keyspace);
    writer.string(columns[0]!.table);
  }
  for (const column of columns) {
    if (!global) {
      writer.string(column.keyspace);
      writer.string(column.table);
    }
    writer.string(column.name);
    writeTypeOption(writer, column.type, version);
  }
}

export function decodeRowsMetadata(reader: BodyReader): RowsMetadata {
  const flags = reader.int('metadata flags');
  const columnCount = reader.int('column count');
  if (columnCount < 0) throw new ProtocolError(`Negative column count ${columnCount}`);
  const pagingState = (flags & RowsFlag.hasMorePages) !== 0 ? reader.bytes('paging state') : null;
  if ((flags & RowsFlag.noMetadata) !== 0) return { columnCount, columns: null, pagingState };
  const columns = readColumnSpecs(reader, columnCount, (flags & RowsFlag.globalTablesSpec) !== 0);
  return { columnCount, columns, pagingState };
}

export function readColumnSpecs(reader: BodyReader, count: number, global: boolean): ColumnSpec[] {
  const table = global ? { keyspace: reader.string('keyspace'), table: reader.string('table') } : null;
  const columns: ColumnSpec[] = [];
  for (let i = 0; i < count; i++) {
    const keyspace = table?.keyspace ?? reader.string(`keyspace of column ${i}`);
    const tableName = table?.table ?? reader.string(`table of column ${i}`);
    const name = reader.string(`name of column ${i}`);
    columns.push({ keyspace, table: tableName, name, type: readTypeOption(reader, `type of column ${name}`) });
  }
  return columns;
}
