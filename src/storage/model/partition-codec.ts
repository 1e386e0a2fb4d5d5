/**
 * The binary layout of a partition update: the one record format of the data plane, shared by
 * the SharedArrayBuffer rings, the commit log, the memtable arena and the SSTable data file
 * (docs/formats/partition-update.md draws it). Big-endian, written by hand: msgpackr costs
 * 10x more per row when values are binary (PERF-NOTES.md).
 *
 *   PartitionUpdate  u32 tableId | i64 token | u16 keyLength key | u8 flags
 *                    [Deletion]            flags & 1
 *                    [u16 n RangeTombstone*n]  flags & 2
 *                    [Row static]          flags & 4
 *                    u32 rowCount Row*
 *   Deletion         i64 markedForDeleteAt | i32 localDeletionTime
 *   RangeTombstone   Bound start | Bound end | Deletion;  Bound = u8 inclusive | u16 length bytes
 *   Row              u8 flags (1 liveness, 2 deletion) | u16 clusteringLength clustering
 *                    [i64 timestamp i32 ttl i32 localExpirationTime] [Deletion] | u16 cellCount Cell*
 *   Cell             u16 column | u8 flags (1 tombstone, 2 expiring, 4 path, 8 counter)
 *                    | i64 timestamp
 *                    [i32 ttl] (expiring) [i32 localDeletionTime] (tombstone or expiring)
 *                    [u16 pathLength path] [u32 valueLength value] (not a tombstone)
 *
 * The counter bit changes no field: a counter cell is laid out as a live cell (its value a
 * counter context), a counter tombstone as a tombstone, so walkers that skip cells by their
 * flags (encoded-partition-scanner.ts, encoded-partition-summary.ts) need not know it.
 */

import { ByteReader } from '../../lib/bytes/byte-reader.js';
import { ByteWriter } from '../../lib/bytes/byte-writer.js';
import type { Cell } from './cell.js';
import type { DeletionTime } from './deletion-time.js';
import type { LivenessInfo } from './liveness-info.js';
import type { PartitionUpdate } from './partition-update.js';
import type { ClusteringBound, RangeTombstone } from './range-tombstone.js';
import type { Row } from './row.js';
import { NO_DELETION_TIME } from './timestamp.js';

/** The flag bits of the layout, shared with the walkers that read it without decoding. */
export const PARTITION_HAS_DELETION = 1;
export const PARTITION_HAS_RANGE_TOMBSTONES = 2;
export const PARTITION_HAS_STATIC_ROW = 4;
export const ROW_HAS_LIVENESS = 1;
export const ROW_HAS_DELETION = 2;
export const CELL_TOMBSTONE = 1;
export const CELL_EXPIRING = 2;
export const CELL_HAS_PATH = 4;
/** Counter cell or counter tombstone (Cell.counter); added after format 1 first shipped. */
export const CELL_COUNTER = 8;

/** Byte offsets of the fixed header, for readers that peek without decoding. */
export const PartitionHeaderLayout = {
  tableId: 0,
  token: 4,
  keyLength: 12,
  key: 14,
} as const;

export function writePartition(writer: ByteWriter, partition: PartitionUpdate): void {
  writer.u32(partition.tableId);
  writer.i64(partition.token);
  writePartitionAfterToken(writer, partition);
}

/**
 * The same record, with the token given as its two 32-bit halves (murmur3TokenParts): the
 * ingest path never builds a bigint token per row.
 */
export function writePartitionWithTokenParts(
  writer: ByteWriter,
  partition: Omit<PartitionUpdate, 'token'>,
  tokenHigh: number,
  tokenLow: number,
): void {
  writer.u32(partition.tableId);
  writer.i32(tokenHigh);
  writer.u32(tokenLow >>> 0);
  writePartitionAfterToken(writer, partition);
}

function writePartitionAfterToken(writer: ByteWriter, partition: Omit<PartitionUpdate, 'token'>): void {
  writer.shortBytes(partition.key);
  const flags =
    (partition.deletion !== null ? PARTITION_HAS_DELETION : 0) |
    (partition.rangeTombstones.length > 0 ? PARTITION_HAS_RANGE_TOMBSTONES : 0) |
    (partition.staticRow !== null ? PARTITION_HAS_STATIC_ROW : 0);
  writer.u8(flags);
  if (partition.deletion !== null) writeDeletion(writer, partition.deletion);
  if (partition.rangeTombstones.length > 0) {
    writer.u16(partition.rangeTombstones.length);
    for (const tombstone of partition.rangeTombstones) writeRangeTombstone(writer, tombstone);
  }
  if (partition.staticRow !== null) writeRow(writer, partition.staticRow);
  writer.u32(partition.rows.length);
  for (const row of partition.rows) writeRow(writer, row);
}

/**
 * Reads one partition update. With `copy` false the byte fields are views into `bytes`: cheap,
 * but only valid while the buffer is not reused.
 */
export function readPartition(reader: ByteReader, copy: boolean): PartitionUpdate {
  const tableId = reader.u32();
  const token = reader.i64();
  const key = reader.shortBytes(copy);
  const flags = reader.u8();
  const deletion = flags & PARTITION_HAS_DELETION ? readDeletion(reader) : null;
  const rangeTombstones: RangeTombstone[] = [];
  if (flags & PARTITION_HAS_RANGE_TOMBSTONES) {
    const count = reader.u16();
    for (let i = 0; i < count; i++) rangeTombstones.push(readRangeTombstone(reader, copy));
  }
  const staticRow = flags & PARTITION_HAS_STATIC_ROW ? readRow(reader, copy) : null;
  const rowCount = reader.u32();
  const rows: Row[] = new Array<Row>(rowCount);
  for (let i = 0; i < rowCount; i++) rows[i] = readRow(reader, copy);
  return { tableId, token, key, deletion, rangeTombstones, staticRow, rows };
}

/** One partition update as bytes of its own (decodePartition reads them back). */
export function encodePartition(partition: PartitionUpdate): Uint8Array {
  const writer = new ByteWriter(256 + partition.rows.length * 64);
  writePartition(writer, partition);
  return writer.toBytes();
}

export function decodePartition(bytes: Uint8Array, copy = true): PartitionUpdate {
  return readPartition(new ByteReader(bytes), copy);
}

export function writeDeletion(writer: ByteWriter, deletion: DeletionTime): void {
  writer.i64(deletion.markedForDeleteAt);
  writer.i32(deletion.localDeletionTime);
}

export function readDeletion(reader: ByteReader): DeletionTime {
  const markedForDeleteAt = reader.i64();
  return { markedForDeleteAt, localDeletionTime: reader.i32() };
}

function writeBound(writer: ByteWriter, bound: ClusteringBound): void {
  writer.u8(bound.inclusive ? 1 : 0);
  writer.shortBytes(bound.prefix);
}

function readBound(reader: ByteReader, copy: boolean): ClusteringBound {
  const inclusive = reader.u8() === 1;
  return { inclusive, prefix: reader.shortBytes(copy) };
}

export function writeRangeTombstone(writer: ByteWriter, tombstone: RangeTombstone): void {
  writeBound(writer, tombstone.start);
  writeBound(writer, tombstone.end);
  writeDeletion(writer, tombstone.deletion);
}

export function readRangeTombstone(reader: ByteReader, copy: boolean): RangeTombstone {
  const start = readBound(reader, copy);
  const end = readBound(reader, copy);
  return { start, end, deletion: readDeletion(reader) };
}

export function writeRow(writer: ByteWriter, row: Row): void {
  writer.u8((row.liveness !== null ? ROW_HAS_LIVENESS : 0) | (row.deletion !== null ? ROW_HAS_DELETION : 0));
  writer.shortBytes(row.clustering);
  if (row.liveness !== null) {
    writer.i64(row.liveness.timestamp);
    writer.i32(row.liveness.ttl);
    writer.i32(row.liveness.localExpirationTime);
  }
  if (row.deletion !== null) writeDeletion(writer, row.deletion);
  writer.u16(row.cells.length);
  for (const cell of row.cells) writeCell(writer, cell);
}

export function readRow(reader: ByteReader, copy: boolean): Row {
  const flags = reader.u8();
  const clustering = reader.shortBytes(copy);
  let liveness: LivenessInfo | null = null;
  if (flags & ROW_HAS_LIVENESS) {
    const timestamp = reader.i64();
    const ttl = reader.i32();
    liveness = { timestamp, ttl, localExpirationTime: reader.i32() };
  }
  const deletion = flags & ROW_HAS_DELETION ? readDeletion(reader) : null;
  const cellCount = reader.u16();
  const cells: Cell[] = new Array<Cell>(cellCount);
  for (let i = 0; i < cellCount; i++) cells[i] = readCell(reader, copy);
  return { clustering, liveness, deletion, cells };
}

function writeCell(writer: ByteWriter, cell: Cell): void {
  const tombstone = cell.value === null;
  const expiring = !tombstone && cell.ttl > 0;
  writer.u16(cell.column);
  writer.u8(
    (tombstone ? CELL_TOMBSTONE : 0) |
      (expiring ? CELL_EXPIRING : 0) |
      (cell.path !== null ? CELL_HAS_PATH : 0) |
      (cell.counter === true ? CELL_COUNTER : 0),
  );
  writer.i64(cell.timestamp);
  if (expiring) writer.i32(cell.ttl);
  if (tombstone || expiring) writer.i32(cell.localDeletionTime);
  if (cell.path !== null) writer.shortBytes(cell.path);
  if (cell.value !== null) writer.longBytes(cell.value);
}

function readCell(reader: ByteReader, copy: boolean): Cell {
  const column = reader.u16();
  const flags = reader.u8();
  const timestamp = reader.i64();
  const ttl = flags & CELL_EXPIRING ? reader.i32() : 0;
  const localDeletionTime = flags & (CELL_TOMBSTONE | CELL_EXPIRING) ? reader.i32() : NO_DELETION_TIME;
  const path = flags & CELL_HAS_PATH ? reader.shortBytes(copy) : null;
  const value = flags & CELL_TOMBSTONE ? null : reader.longBytes(copy);
  // Two literals, so an ordinary cell never has the counter field (one shape, see cell.ts).
  if (flags & CELL_COUNTER) return { column, path, value, timestamp, ttl, localDeletionTime, counter: true };
  return { column, path, value, timestamp, ttl, localDeletionTime };
}
