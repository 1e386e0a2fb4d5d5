/**
 * The payload of a partition entry (entry-record.ts): the partition-level part of a partition
 * update, in partition-codec.ts order and bytes, so an incoming update's bytes between its key
 * and its row count are a valid payload as they stand.
 *
 *   u8 flags (1 deletion, 2 range tombstones, 4 static row) | [Deletion] |
 *   [u16 n RangeTombstone*n] | [static Row]
 */

import type { ByteReader } from '../../lib/bytes/byte-reader.js';
import type { ByteWriter } from '../../lib/bytes/byte-writer.js';
import type { DeletionTime } from '../model/deletion-time.js';
import {
  readDeletion,
  readRangeTombstone,
  readRow,
  writeDeletion,
  writeRangeTombstone,
  writeRow,
} from '../model/partition-codec.js';
import type { RangeTombstone } from '../model/range-tombstone.js';
import type { Row } from '../model/row.js';

const HAS_DELETION = 1;
const HAS_RANGE_TOMBSTONES = 2;
const HAS_STATIC_ROW = 4;

export interface PartitionLevelData {
  readonly deletion: DeletionTime | null;
  readonly rangeTombstones: readonly RangeTombstone[];
  readonly staticRow: Row | null;
}

export function writePartitionPayload(writer: ByteWriter, data: PartitionLevelData): void {
  const flags =
    (data.deletion !== null ? HAS_DELETION : 0) |
    (data.rangeTombstones.length > 0 ? HAS_RANGE_TOMBSTONES : 0) |
    (data.staticRow !== null ? HAS_STATIC_ROW : 0);
  writer.u8(flags);
  if (data.deletion !== null) writeDeletion(writer, data.deletion);
  if (data.rangeTombstones.length > 0) {
    writer.u16(data.rangeTombstones.length);
    for (const tombstone of data.rangeTombstones) writeRangeTombstone(writer, tombstone);
  }
  if (data.staticRow !== null) writeRow(writer, data.staticRow);
}

export function readPartitionPayload(reader: ByteReader, copy: boolean): PartitionLevelData {
  const flags = reader.u8();
  const deletion = flags & HAS_DELETION ? readDeletion(reader) : null;
  const rangeTombstones: RangeTombstone[] = [];
  if (flags & HAS_RANGE_TOMBSTONES) {
    const count = reader.u16();
    for (let i = 0; i < count; i++) rangeTombstones.push(readRangeTombstone(reader, copy));
  }
  const staticRow = flags & HAS_STATIC_ROW ? readRow(reader, copy) : null;
  return { deletion, rangeTombstones, staticRow };
}
