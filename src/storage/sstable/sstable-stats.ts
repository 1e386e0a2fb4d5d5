/**
 * The Statistics component: what a reader needs to skip an SSTable without touching its data
 * (token range, timestamps, clustering range) and what compaction needs to plan (sizes, level,
 * tombstones). Encoded as a checksummed metadata component (sstable-format.ts):
 *
 *   u16 formatVersion | u64 partitionCount | u64 rowCount | u64 tombstoneCount
 *   i64 minTimestamp | i64 maxTimestamp | i32 minLocalDeletionTime | i32 maxLocalDeletionTime
 *   i64 minToken | i64 maxToken | u8 hasClustering [u16 len min | u16 len max]
 *   u64 dataBytes | u32 level | u64 createdAtMs
 *
 * Counting rules (stats-collector.ts): rowCount counts regular rows (not the static row);
 * tombstoneCount counts partition, range and row deletions and cell tombstones; timestamps
 * cover cells, row liveness and deletions; a live cell counts NO_DELETION_TIME as its local
 * deletion time, so maxLocalDeletionTime < gcBefore means everything in the file is dead.
 * min/maxClustering cover regular rows only, not range tombstone bounds: a reader that skips
 * an SSTable by clustering range must not skip one with tombstoneCount > 0.
 */

import type { ByteReader } from '../../lib/bytes/byte-reader.js';
import type { ByteWriter } from '../../lib/bytes/byte-writer.js';
import { readU64, writeU64 } from './sstable-format.js';

export interface SSTableStats {
  readonly formatVersion: number;
  readonly partitionCount: number;
  readonly rowCount: number;
  readonly tombstoneCount: number;
  readonly minTimestamp: bigint;
  readonly maxTimestamp: bigint;
  readonly minLocalDeletionTime: number;
  readonly maxLocalDeletionTime: number;
  readonly minToken: bigint;
  readonly maxToken: bigint;
  readonly minClustering: Uint8Array | null;
  readonly maxClustering: Uint8Array | null;
  readonly dataBytes: number;
  readonly level: number;
  readonly createdAtMs: number;
}

export function writeStats(writer: ByteWriter, stats: SSTableStats): void {
  writer.u16(stats.formatVersion);
  writeU64(writer, stats.partitionCount);
  writeU64(writer, stats.rowCount);
  writeU64(writer, stats.tombstoneCount);
  writer.i64(stats.minTimestamp);
  writer.i64(stats.maxTimestamp);
  writer.i32(stats.minLocalDeletionTime);
  writer.i32(stats.maxLocalDeletionTime);
  writer.i64(stats.minToken);
  writer.i64(stats.maxToken);
  const hasClustering = stats.minClustering !== null && stats.maxClustering !== null;
  writer.u8(hasClustering ? 1 : 0);
  if (stats.minClustering !== null && stats.maxClustering !== null) {
    writer.shortBytes(stats.minClustering);
    writer.shortBytes(stats.maxClustering);
  }
  writeU64(writer, stats.dataBytes);
  writer.u32(stats.level);
  writeU64(writer, stats.createdAtMs);
}

export function readStats(reader: ByteReader): SSTableStats {
  const formatVersion = reader.u16();
  const partitionCount = readU64(reader);
  const rowCount = readU64(reader);
  const tombstoneCount = readU64(reader);
  const minTimestamp = reader.i64();
  const maxTimestamp = reader.i64();
  const minLocalDeletionTime = reader.i32();
  const maxLocalDeletionTime = reader.i32();
  const minToken = reader.i64();
  const maxToken = reader.i64();
  const hasClustering = reader.u8();
  if (hasClustering > 1) throw new RangeError(`bad clustering flag ${hasClustering}`);
  const minClustering = hasClustering === 1 ? reader.shortBytes(true) : null;
  const maxClustering = hasClustering === 1 ? reader.shortBytes(true) : null;
  const dataBytes = readU64(reader);
  const level = reader.u32();
  const createdAtMs = readU64(reader);
  return {
    formatVersion,
    partitionCount,
    rowCount,
    tombstoneCount,
    minTimestamp,
    maxTimestamp,
    minLocalDeletionTime,
    maxLocalDeletionTime,
    minToken,
    maxToken,
    minClustering,
    maxClustering,
    dataBytes,
    level,
    createdAtMs,
  };
}
