/**
 * The records of the Data component. Each record is a checksummed frame (checksummed-frame.ts)
 * whose body starts with a kind byte; a data block holds whole records, never part of one.
 *
 *   kind 1  Partition   PartitionUpdate (src/storage/model/partition-codec.ts, rows included)
 *   kind 2  WideHeader  u32 chunkCount | PartitionUpdate with rowCount 0 (deletion, range
 *                       tombstones and static row only)
 *   kind 3  RowChunk    u32 rowCount | Row*  (partition-codec Row layout, clustering order)
 *
 * A partition whose record would exceed limits.sstableRowIndexBytes is written wide: a header
 * then chunks of about limits.sstableBlockBytes of rows, each chunk listed in the partition's
 * row index (index-entry.ts) with its first and last clustering, so a slice read fetches only
 * the chunks it needs. Small partitions are one Partition record.
 */

import { assert } from '../../lib/assert.js';
import type { ByteReader } from '../../lib/bytes/byte-reader.js';
import type { ByteWriter } from '../../lib/bytes/byte-writer.js';
import type { PartitionUpdate } from '../model/partition-update.js';
import { readPartition, readRow, writePartition, writeRow } from '../model/partition-codec.js';
import type { Row } from '../model/row.js';

export const DataRecordKind = {
  partition: 1,
  wideHeader: 2,
  rowChunk: 3,
} as const;
export type DataRecordKind = (typeof DataRecordKind)[keyof typeof DataRecordKind];

export function writePartitionRecord(writer: ByteWriter, partition: PartitionUpdate): void {
  writer.u8(DataRecordKind.partition);
  writePartition(writer, partition);
}

export function writeWideHeaderRecord(writer: ByteWriter, partition: PartitionUpdate, chunkCount: number): void {
  assert(chunkCount > 0, 'a wide partition has at least one chunk');
  writer.u8(DataRecordKind.wideHeader);
  writer.u32(chunkCount);
  writePartition(writer, { ...partition, rows: [] });
}

export function writeRowChunkRecord(writer: ByteWriter, rows: readonly Row[], from: number, to: number): void {
  assert(from < to && to <= rows.length, `bad chunk [${from}, ${to}) of ${rows.length}`);
  writer.u8(DataRecordKind.rowChunk);
  writer.u32(to - from);
  for (let i = from; i < to; i++) writeRow(writer, rows[i]!);
}

export function readRecordKind(reader: ByteReader): DataRecordKind {
  const kind = reader.u8();
  if (kind !== DataRecordKind.partition && kind !== DataRecordKind.wideHeader && kind !== DataRecordKind.rowChunk) {
    throw new RangeError(`unknown data record kind ${kind}`);
  }
  return kind;
}

/** After the kind byte of a WideHeader: its chunk count and the partition without rows. */
export function readWideHeader(reader: ByteReader, copy: boolean): { chunkCount: number; header: PartitionUpdate } {
  const chunkCount = reader.u32();
  const header = readPartition(reader, copy);
  if (header.rows.length !== 0) throw new RangeError('wide partition header carries rows');
  return { chunkCount, header };
}

/** After the kind byte of a RowChunk: appends its rows to `into`. */
export function readRowChunk(reader: ByteReader, copy: boolean, into: Row[]): number {
  const count = reader.u32();
  for (let i = 0; i < count; i++) into.push(readRow(reader, copy));
  return count;
}
