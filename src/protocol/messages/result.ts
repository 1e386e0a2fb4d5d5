/**
 * RESULT (spec 4.2.5): an [int] kind, then the kind's body.
 *
 *   0x0001 Void          nothing
 *   0x0002 Rows          <metadata><rows_count: [int]> rows_count x columns_count [bytes] cells
 *   0x0003 Set_keyspace  [string] keyspace (the reply to USE)
 *   0x0004 Prepared      <id: [short bytes]>[v5: <result_metadata_id: [short bytes]>]
 *                        <bind metadata><result metadata>
 *                        bind metadata = <flags: [int]><count: [int]><pk_count: [int]>
 *                        pk_count x [short] pk index, then column specs as in Rows
 *   0x0005 Schema_change see schema-change.ts
 *
 * Rows carry cells as bytes: JS values become cells in types/cell-values.ts, so this layer
 * deals in bytes only and reads back exactly what it wrote.
 */

import { assert, assertNever } from '../../lib/assert.js';
import { PROTOCOL_V5 } from '../frame/protocol-version.js';
import { ProtocolError } from '../protocol-error.js';
import type { Cell } from '../types/cell-values.js';
import type { BodyReader } from '../wire/body-reader.js';
import type { BodyWriter } from '../wire/body-writer.js';
import {
  decodeRowsMetadata,
  encodeRowsMetadata,
  hasGlobalTableSpec,
  readColumnSpecs,
  RowsFlag,
  writeColumnSpecs,
  type ColumnSpec,
  type RowsMetadata,
} from './rows-metadata.js';
import { decodeSchemaChange, encodeSchemaChange, type SchemaChange } from './schema-change.js';

export const ResultKind = { void: 0x0001, rows: 0x0002, setKeyspace: 0x0003, prepared: 0x0004, schemaChange: 0x0005 } as const;

export interface VoidResult {
  readonly kind: 'void';
}

export interface RowsResult {
  readonly kind: 'rows';
  readonly metadata: RowsMetadata;
  readonly rows: readonly (readonly Cell[])[];
}

export interface SetKeyspaceResult {
  readonly kind: 'set-keyspace';
  readonly keyspace: string;
}

export interface PreparedResult {
  readonly kind: 'prepared';
  readonly id: Uint8Array;
  /** v5 only: MD5 of the result columns (Cassandra's result_metadata_id). */
  readonly resultMetadataId: Uint8Array | null;
  /** One per bind marker, in marker order. */
  readonly variables: readonly ColumnSpec[];
  /** For each partition-key column in key order, the marker binding it; empty unless all are bound. */
  readonly partitionKeyIndexes: readonly number[];
  readonly resultMetadata: RowsMetadata;
}

export interface SchemaChangeResult {
  readonly kind: 'schema-change';
  readonly change: SchemaChange;
}

export type Result = VoidResult | RowsResult | SetKeyspaceResult | PreparedResult | SchemaChangeResult;

export const VOID_RESULT: VoidResult = Object.freeze({ kind: 'void' });

export function encodeResult(writer: BodyWriter, result: Result, version: number): void {
  switch (result.kind) {
    case 'void':
      writer.int(ResultKind.void);
      return;
    case 'rows':
      writer.int(ResultKind.rows);
      encodeRows(writer, result, version);
      return;
    case 'set-keyspace':
      writer.int(ResultKind.setKeyspace);
      writer.string(result.keyspace);
      return;
    case 'prepared':
      writer.int(ResultKind.prepared);
      encodePrepared(writer, result, version);
      return;
    case 'schema-change':
      writer.int(ResultKind.schemaChange);
      encodeSchemaChange(writer, result.change);
      return;
    default:
      assertNever(result, 'result');
  }
}

function encodeRows(writer: BodyWriter, result: RowsResult, version: number): void {
  encodeRowsMetadata(writer, result.metadata, version);
  writer.int(result.rows.length);
  for (const row of result.rows) {
    if (row.length !== result.metadata.columnCount) assert(false, `a row of ${row.length} cells for ${result.metadata.columnCount} columns`);
    for (const cell of row) writer.bytes(cell);
  }
}

function encodePrepared(writer: BodyWriter, result: PreparedResult, version: number): void {
  writer.shortBytes(result.id);
  if (version >= PROTOCOL_V5) {
    assert(result.resultMetadataId !== null, 'a v5 Prepared result carries a result metadata id');
    writer.shortBytes(result.resultMetadataId);
  }
  const global = hasGlobalTableSpec(result.variables);
  writer.int(global ? RowsFlag.globalTablesSpec : 0);
  writer.int(result.variables.length);
  writer.int(result.partitionKeyIndexes.length);
  for (const index of result.partitionKeyIndexes) {
    assert(index >= 0 && index < result.variables.length, `partition key index ${index} of ${result.variables.length} markers`);
    writer.short(index);
  }
  writeColumnSpecs(writer, result.variables, global, version);
  encodeRowsMetadata(writer, result.resultMetadata, version);
}

export function decodeResult(reader: BodyReader, version: number): Result {
  const kind = reader.int('result kind');
  switch (kind) {
    case ResultKind.void:
      return VOID_RESULT;
    case ResultKind.rows:
      return decodeRows(reader);
    case ResultKind.setKeyspace:
      return { kind: 'set-keyspace', keyspace: reader.string('keyspace') };
    case ResultKind.prepared:
      return decodePrepared(reader, version);
    case ResultKind.schemaChange:
      return { kind: 'schema-change', change: decodeSchemaChange(reader) };
    default:
      throw new ProtocolError(`Unknown result kind ${kind}`);
  }
}

function decodeRows(reader: BodyReader): RowsResult {
  const metadata = decodeRowsMetadata(reader);
  const rowCount = reader.int('row count');
  const width = metadata.columnCount;
  // Each cell takes at least 4 bytes, so a count the body cannot hold is refused before looping.
  if (rowCount < 0 || (width > 0 && rowCount > reader.remaining() / (4 * width)) || (width === 0 && rowCount > 0xffff)) {
    throw new ProtocolError(`Row count ${rowCount} of ${width} columns does not fit the ${reader.remaining()} bytes left`);
  }
  const rows: Cell[][] = [];
  for (let r = 0; r < rowCount; r++) {
    const row: Cell[] = [];
    for (let c = 0; c < width; c++) row.push(reader.bytes(`cell ${c} of row ${r}`));
    rows.push(row);
  }
  return { kind: 'rows', metadata, rows };
}

function decodePrepared(reader: BodyReader, version: number): PreparedResult {
  const id = reader.shortBytes('prepared id');
  const resultMetadataId = version >= PROTOCOL_V5 ? reader.shortBytes('result metadata id') : null;
  const flags = reader.int('bind metadata flags');
  const count = reader.int('bind marker count');
  const pkCount = reader.int('partition key count');
  if (count < 0 || pkCount < 0 || pkCount > count) throw new ProtocolError(`Bind metadata counts ${count} markers and ${pkCount} partition key indexes`);
  const partitionKeyIndexes: number[] = [];
  for (let i = 0; i < pkCount; i++) partitionKeyIndexes.push(reader.short(`partition key index ${i}`));
  const variables = readColumnSpecs(reader, count, (flags & RowsFlag.globalTablesSpec) !== 0);
  return { kind: 'prepared', id, resultMetadataId, variables, partitionKeyIndexes, resultMetadata: decodeRowsMetadata(reader) };
}
